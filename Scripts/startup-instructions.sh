#!/usr/bin/env bash
# Start-up cost of a whole-process search, counted in instructions
# (callgrind: repeatable on a shared, noisy machine, unlike wall time):
# `errata search QUERY --limit 5` on the 2,522 deadends.dev canons against
# the sqlite3 CLI answering the same FTS5 query, and `errata --version`.
# Prints the counts and the ratio (DESIGN: at most 2.5x).
# Usage: Scripts/startup-instructions.sh [QUERY]   (default: certificate verify)
# Needs valgrind, sqlite3, ../shared/corpus; brings both install builds up to date first.
set -euo pipefail
cd "$(dirname "$0")/.."
query=${1:-certificate verify}
corpus=../shared/corpus/deadends/canons
[ -d "$corpus" ] || { echo "startup-instructions: $corpus is missing" >&2; exit 2; }
for tool in valgrind sqlite3; do
    command -v "$tool" >/dev/null || { echo "startup-instructions: needs $tool" >&2; exit 2; }
done
# The install builds, made anew when the sources changed (a stale binary
# would count old code): the Swift runtime linked in, and the fully static
# executable (no dynamic loader at all; README's install line).
swift build -c release --product errata --static-swift-stdlib >/dev/null
swift build -c release --product errata -Xswiftc -static-executable --scratch-path .build/static >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/errata --db "$work/canons.db" import "$corpus" >/dev/null
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
sqlite=$(count sqlite3 "$work/canons.db" "SELECT rowid FROM records_fts WHERE records_fts MATCH '$query' ORDER BY rank LIMIT 5")
echo "sqlite3 CLI, the same FTS5 query: $sqlite instructions"
for build in release static/release; do
    errata=$(count ".build/$build/errata" --db "$work/canons.db" search $query --limit 5)
    version=$(count ".build/$build/errata" --version)
    awk -v b="$build" -v a="$errata" -v s="$sqlite" -v v="$version" -v q="$query" \
        'BEGIN { printf ".build/%s/errata search %s --limit 5: %d instructions, %.2fx (DESIGN: at most 2.5x); --version: %d\n", b, q, a, a / s, v }'
done
