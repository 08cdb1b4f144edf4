#!/usr/bin/env python3
"""How often an errata binary puts the right record first, through its own
command line: `match --json` for the pasted logs and `search --json` for
the typed queries of ../shared/bench/dev-queries.jsonl. For comparing two
builds in one run (say today's main and this change); the held-out figures
of the model itself come from `errata-quality --cv`.

Usage: Scripts/dev-queries-cli.py BINARY DATABASE [QUERIES]
The database must hold the 2,522 canons (import them with that binary).
A hit counts when its domain/slug is the query's target (any environment).
"""
import json
import subprocess
import sys


def key(record_id):
    return "/".join(record_id.split("/")[:2])


def ranks(binary, db, query):
    if query["kind"] == "log":
        args = [binary, "--db", db, "match", "--json", "--limit", "3"]
        run = subprocess.run(args, input=query["query"].encode(), capture_output=True)
    else:
        args = [binary, "--db", db, "search", "--json", "--limit", "3", query["query"]]
        run = subprocess.run(args, capture_output=True)
    try:
        hits = json.loads(run.stdout or b"[]")
    except json.JSONDecodeError:
        sys.exit(f"{' '.join(args)}: not JSON: {run.stdout[:200]!r} {run.stderr[:200]!r}")
    seen = []
    for hit in hits:
        if key(hit["id"]) not in seen:
            seen.append(key(hit["id"]))
    return seen


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, db = sys.argv[1], sys.argv[2]
    path = sys.argv[3] if len(sys.argv) > 3 else "../shared/bench/dev-queries.jsonl"
    totals = {}
    with open(path) as f:
        for line in f:
            query = json.loads(line)
            found = ranks(binary, db, query)
            first, top3, n = totals.get(query["kind"], (0, 0, 0))
            target = query["target"]
            totals[query["kind"]] = (first + (found[:1] == [target]), top3 + (target in found[:3]), n + 1)
    for kind, (first, top3, n) in sorted(totals.items()):
        print(f"{kind}: rank 1 {first / n:.3f} / top 3 {top3 / n:.3f} (n={n})")


main()
