#!/usr/bin/env bash
# Benchmark (not a test) of errata serve against Datasette on the same
# database file, side by side in one run: wrk, 64 connections, 2 threads,
# DURATION seconds (20) per target, requests/s, median and 99th percentile.
# errata is measured with its answer cache (a repeated question, as a CI
# job that retries asks it) and without it (--cache-mb 0): the repeated
# query, and the 240 typed queries of the dev set in turn.
#
#   swift build -c release --product errata-serve --product errata
#   python3 -m venv .build/datasette-venv && .build/datasette-venv/bin/pip install datasette
#   Scripts/serve-bench.sh [DURATION]
#
# Needs wrk (Debian), ../shared/corpus/deadends/canons (the database is the
# 42 built-in seeds and the 2,522 canons) and ../shared/bench. Datasette runs
# an FTS5 query (MATCH on the same index, bm25 order, 10 rows) through its
# JSON API: no ranking model, no snippets, no grouping of environments. It
# has no counterpart of match, which is measured alone.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
bin=.build/release
datasette=${DATASETTE:-.build/datasette-venv/bin/datasette}
for need in "$bin/errata" "$bin/errata-serve" "$datasette" "$(command -v wrk || echo wrk)" ../shared/corpus/deadends/canons ../shared/bench/dev-queries.jsonl; do
    [ -e "$need" ] || { echo "serve-bench: $need is missing (see the top of this script)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/bench.db
"$bin/errata" --db "$db" import seeds ../shared/corpus/deadends/canons >/dev/null

"$bin/errata-serve" --db "$db" --port 18080 --quiet 2>"$work/serve.log" &
"$bin/errata-serve" --db "$db" --port 18082 --quiet --cache-mb 0 2>"$work/serve-nocache.log" &
"$datasette" serve "$db" --port 18081 --setting sql_time_limit_ms 10000 >"$work/datasette.log" 2>&1 &
for port in 18080 18081 18082; do
    for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

line='2026/11/28 21:14:03 [error] 2231#2231: *10453 SSL: certificate verify failed while SSL handshaking to upstream, client: 203.0.113.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "https://10.0.3.12:8443/v1/orders"'
sql='select r.id, r.domain, r.category, r.signature from records_fts join records r on r.rid = records_fts.rowid where records_fts match :q order by rank limit 10'
# The Lua scripts wrk runs: the match POST, and the 240 typed queries in turn
# (for errata as typed; for Datasette as FTS5 wants them: each word quoted,
# all of them required).
python3 Scripts/serve-bench-requests.py "$work" "$sql" "$line"

search="q=certificate+verify"
targets=(
    "errata-search|http://127.0.0.1:18080/api/v1/search?$search|"
    "errata-search-nocache|http://127.0.0.1:18082/api/v1/search?$search|"
    "datasette-search|http://127.0.0.1:18081/bench.json?sql=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$sql")&$search&_shape=array|"
    "errata-240-queries|http://127.0.0.1:18082/|$work/errata-queries.lua"
    "datasette-240-queries|http://127.0.0.1:18081/|$work/datasette-queries.lua"
    "errata-match|http://127.0.0.1:18080/api/v1/match|$work/match.lua"
    "errata-match-nocache|http://127.0.0.1:18082/api/v1/match|$work/match.lua"
)
# Every server answers before it is measured.
curl -fs "http://127.0.0.1:18080/api/v1/search?$search" | grep -q '"hits"'
curl -fs "http://127.0.0.1:18081/bench.json?sql=select+1" | grep -q '1'
curl -fs -X POST --data-binary "$line" "http://127.0.0.1:18082/api/v1/match" | grep -q '"answered": true'

printf '%-24s %12s %10s %10s\n' target "requests/s" "p50" "p99"
for entry in "${targets[@]}"; do
    IFS='|' read -r name url script <<<"$entry"
    options=()
    [ -n "$script" ] && options=(-s "$script")
    out=$(wrk -t2 -c64 -d"${duration}s" --latency "${options[@]}" "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr -s ' ' || true)
    printf '%-24s %12s %10s %10s %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
done
