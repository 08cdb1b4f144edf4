#!/usr/bin/env bash
# Fault injection: kills errata at random moments and checks, after every
# kill, that the knowledge base is whole.
#   1. the very first command (which builds the default database with the
#      built-in seeds, some 70 ms) is SIGKILLed 1-100 ms in: afterwards there
#      is no database or a complete one, the next command finds the seeds,
#      and no half-built file is left;
#   2. an import of the 2,522 deadends.dev canons into a seeded database is
#      sent SIGKILL, SIGINT or SIGTERM at a random moment: afterwards
#      PRAGMA integrity_check and `errata check` pass, and either nothing or
#      everything was imported (seeds present either way), with no WAL left
#      after a SIGINT/SIGTERM.
# Usage: Scripts/fault-injection.sh [TRIES]   (default 100 of each)
# Needs ../shared/corpus, sqlite3, and a release build (made when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
tries=${1:-100}
bin=.build/release/errata
corpus=../shared/corpus/deadends/canons
[ -d "$corpus" ] || { echo "fault-injection: $corpus is missing (the import part needs the corpus)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "fault-injection: needs the sqlite3 command" >&2; exit 2; }
[ -x "$bin" ] || swift build -c release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds=$(find seeds -name '*.json' | wc -l)
canons=$(find "$corpus" -name '*.json' | wc -l)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
records() { sqlite3 "$1" "SELECT count(*) FROM records"; }

# 1. killed first runs
none=0; whole=0
for i in $(seq "$tries"); do
    home="$work/first-$i"; mkdir -p "$home"
    HOME="$home" XDG_DATA_HOME="" ERRATA_DB="" "$bin" search certificate >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '0.%03d' $((RANDOM % 100 + 1)))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    db="$home/.local/share/errata/errata.db"
    if [ -e "$db" ]; then
        whole=$((whole + 1))
        [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "first run $i: integrity_check"
        [ "$(records "$db")" = "$seeds" ] || fail "first run $i: $(records "$db") records, not $seeds"
    else
        none=$((none + 1))
    fi
    HOME="$home" XDG_DATA_HOME="" ERRATA_DB="" "$bin" search "certificate verify failed" | grep -q nginx/ssl-certificate-verify-failed \
        || fail "first run $i: the next search does not find the seeds"
    left=$(ls "$home/.local/share/errata")
    [ "$left" = errata.db ] || fail "first run $i: left $left"
done
echo "killed first runs: $tries (no database left: $none, a whole one: $whole)"

# 2. killed imports
base="$work/base.db"
ERRATA_DB="$base" "$bin" import seeds >/dev/null
start=$(date +%s%N)
cp "$base" "$work/timing.db"
ERRATA_DB="$work/timing.db" "$bin" import "$corpus" >/dev/null
span=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one import of $canons canons takes $span ms; kills fall in 0-$((span + span / 5)) ms"
nothing=0; everything=0; finished=0
signals=(KILL INT TERM)
for i in $(seq "$tries"); do
    db="$work/import.db"
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    cp "$base" "$db"
    signal=${signals[$((RANDOM % 3))]}
    ERRATA_DB="$db" "$bin" import "$corpus" >/dev/null 2>"$work/stderr" &
    pid=$!
    sleep "$(awk -v ms=$((RANDOM % (span + span / 5 + 1))) 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -"$signal" "$pid" 2>/dev/null || true
    status=0; { wait "$pid"; } 2>/dev/null || status=$?
    [ "$status" = 0 ] && finished=$((finished + 1))
    case "$signal:$status" in
        INT:130|TERM:143)
            grep -qx "errata: interrupted: nothing imported" "$work/stderr" || fail "import $i ($signal): said $(cat "$work/stderr")"
            [ ! -e "$db-wal" ] || fail "import $i ($signal): a WAL was left" ;;
        KILL:137|*:0) ;;
        *) fail "import $i ($signal): exit status $status: $(cat "$work/stderr")" ;;
    esac
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "import $i ($signal): integrity_check"
    ERRATA_DB="$db" "$bin" check >/dev/null || fail "import $i ($signal): errata check: $(ERRATA_DB="$db" "$bin" check | grep FAIL)"
    n=$(records "$db")
    if [ "$n" = "$seeds" ]; then nothing=$((nothing + 1))
    elif [ "$n" = "$((seeds + canons))" ]; then everything=$((everything + 1))
    else fail "import $i ($signal): $n records: neither $seeds nor $((seeds + canons))"; fi
done
echo "killed imports: $tries (nothing imported: $nothing, everything: $everything, finished before the signal: $finished)"
echo "failures: $failures"
[ "$failures" = 0 ]
