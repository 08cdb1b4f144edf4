#!/usr/bin/env python3
"""deadends.dev's own finding on the sets errata-quality reports, so that the
README's comparison comes from a command anyone can run: `lookup_all` for
the pasted logs of ../shared/bench/dev-queries.jsonl, `search` for its typed
queries, `lookup_all` for the public scenarios and for
Tests/Fixtures/match-pastes.txt.

Run it with the Python of a virtual environment that has the package (its
top-level `mcp` module clashes with the official MCP client's, so not
the environment of the MCP tests):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install deadends-dev==0.9.0
    /tmp/peers/bin/python Scripts/deadends-dev-queries.py [--bundled]

By default its lookup reads the same 2,522 canons as errata-quality
(../shared/corpus/deadends/canons); --bundled keeps the ~2,460 canons the
package ships. A hit counts when its domain/slug is the target, as in
errata-quality.
"""
import json
import pathlib
import sys

from generator import lookup as deadends

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def key(record_id):
    return "/".join(record_id.split("/")[:2])


def shares(ranks):
    n = max(1, len(ranks))
    first = sum(1 for r in ranks if r == 1) / n
    top3 = sum(1 for r in ranks if r is not None and r <= 3) / n
    return f"rank 1 {first:.3f} / top 3 {top3:.3f}  (n={len(ranks)})"


def rank_of(targets, ids):
    seen = []
    for record_id in ids:
        if key(record_id) not in seen:
            seen.append(key(record_id))
    for i, k in enumerate(seen):
        if k in targets:
            return i + 1
    return None


def main():
    if "--bundled" not in sys.argv[1:]:
        corpus = SHARED / "corpus" / "deadends" / "canons"
        if not corpus.is_dir():
            sys.exit(f"{corpus} is missing: the corpus lives in ../shared/corpus (or pass --bundled)")
        deadends.DATA_DIR = corpus
    canons = deadends._load_canons()
    print(f"deadends.dev lookup over {len(canons)} canons from {deadends.DATA_DIR}")

    queries_path = SHARED / "bench" / "dev-queries.jsonl"
    if not queries_path.exists():
        sys.exit(f"{queries_path} is missing: the development queries live in ../shared/bench")
    logs, typed = [], []
    for line in queries_path.read_text().splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q["kind"] == "log":
            logs.append(rank_of([q["target"]], [m["id"] for m in deadends.lookup_all(q["query"])]))
        else:
            typed.append(rank_of([q["target"]], [m["id"] for m in deadends.search(q["query"], limit=10)]))
    print("dev logs, deadends.dev lookup_all: " + shares(logs))
    print("dev keywords, deadends.dev search: " + shares(typed))

    pastes, block = [], None
    for line in (ROOT / "Tests" / "Fixtures" / "match-pastes.txt").read_text().split("\n"):
        if line.startswith("### "):
            block = ([t.strip() for t in line[4:].split("|") if t.strip()], [])
            pastes.append(block)
        elif block is not None:
            block[1].append(line)
    paste_ranks = [rank_of(expected, [m["id"] for m in deadends.lookup_all("\n".join(text))]) for expected, text in pastes]
    print("own pastes (Tests/Fixtures/match-pastes.txt), deadends.dev lookup_all: " + shares(paste_ranks))

    scenarios_path = SHARED / "bench" / "deadends-scenarios.json"
    if scenarios_path.exists():
        scenarios = json.loads(scenarios_path.read_text())
        top1 = reciprocal = 0.0
        for s in scenarios:
            domains = [m["domain"] for m in deadends.lookup_all(s["error_message"])][:5]
            if s["expected_domain"] in domains:
                at = domains.index(s["expected_domain"])
                reciprocal += 1 / (at + 1)
                top1 += at == 0
        n = max(1, len(scenarios))
        print(f"public scenarios ({len(scenarios)}), deadends.dev lookup_all: top-1 domain {top1 / n:.3f}, MRR {reciprocal / n:.3f}")


if __name__ == "__main__":
    main()
