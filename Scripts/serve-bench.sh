#!/usr/bin/env bash
# Benchmark (not a test) of errata serve against Datasette on the same
# database file, side by side in one run: wrk, 64 connections, 2 threads,
# DURATION seconds (20) per target, requests/s and the 99th percentile.
#
#   swift build -c release --product errata-serve --product errata
#   python3 -m venv .build/datasette-venv && .build/datasette-venv/bin/pip install datasette
#   Scripts/serve-bench.sh [DURATION]
#
# Needs wrk (Debian) and ../shared/corpus/deadends/canons (the database is
# the 42 built-in seeds and the 2,522 canons). Datasette runs its FTS5
# query (the same MATCH, bm25 order, 10 rows) through its JSON API; it has
# no counterpart of match, which is measured alone.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
bin=.build/release
datasette=${DATASETTE:-.build/datasette-venv/bin/datasette}
for need in "$bin/errata" "$bin/errata-serve" "$datasette" "$(command -v wrk || echo wrk)" ../shared/corpus/deadends/canons; do
    [ -e "$need" ] || { echo "serve-bench: $need is missing (see the top of this script)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/bench.db
"$bin/errata" --db "$db" import seeds ../shared/corpus/deadends/canons >/dev/null

"$bin/errata-serve" --db "$db" --port 18080 --quiet 2>"$work/serve.log" &
"$datasette" serve "$db" --port 18081 --setting sql_time_limit_ms 10000 >"$work/datasette.log" 2>&1 &
for port in 18080 18081; do
    for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

line='2026/11/28 21:14:03 [error] 2231#2231: *10453 SSL: certificate verify failed while SSL handshaking to upstream, client: 203.0.113.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "https://10.0.3.12:8443/v1/orders"'
cat > "$work/match.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.body = [[$line]]
EOF
sql='select r.id, r.domain, r.category, r.signature from records_fts join records r on r.rid = records_fts.rowid where records_fts match :q order by rank limit 10'
encoded_sql=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$sql")

declare -A urls=(
    [errata-search]="http://127.0.0.1:18080/api/v1/search?q=certificate+verify"
    [datasette-search]="http://127.0.0.1:18081/bench.json?sql=$encoded_sql&q=certificate+verify&_shape=array"
    [errata-match]="http://127.0.0.1:18080/api/v1/match"
)
# Every target answers before it is measured.
curl -fs "${urls[errata-search]}" | grep -q '"hits"'
curl -fs "${urls[datasette-search]}" | grep -q '"signature"'
curl -fs -X POST --data-binary "$line" "${urls[errata-match]}" | grep -q '"answered": true'

printf '%-18s %12s %10s %10s\n' target "requests/s" "p50" "p99"
for target in errata-search datasette-search errata-match; do
    script=()
    [ "$target" = errata-match ] && script=(-s "$work/match.lua")
    out=$(wrk -t2 -c64 -d"${duration}s" --latency "${script[@]}" "${urls[$target]}")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
    printf '%-18s %12s %10s %10s %s\n' "$target" "$rps" "$p50" "$p99" "$errors"
done
