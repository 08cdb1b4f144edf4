#!/usr/bin/env python3
"""Writes the wrk Lua scripts of Scripts/serve-bench.sh into WORK:
match.lua (POST the error line), errata-queries.lua and
datasette-queries.lua (the 240 typed queries of ../shared/bench/dev-queries.jsonl,
one request each in turn).

  serve-bench-requests.py WORK SQL ERROR_LINE
"""
import json
import re
import sys
import urllib.parse

work, sql, line = sys.argv[1:4]
rows = [json.loads(text) for text in open("../shared/bench/dev-queries.jsonl", encoding="utf-8")]
queries = [row["query"] for row in rows if row["kind"] == "keywords"]


def rotating(name, paths):
    with open(f"{work}/{name}.lua", "w", encoding="utf-8") as out:
        out.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\ni = 0\n")
        out.write("request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")


rotating("errata-queries", ["/api/v1/search?q=" + urllib.parse.quote_plus(q) for q in queries])
fts = [" ".join('"%s"' % word for word in re.findall(r"\w+", q)) for q in queries]
rotating("datasette-queries", ["/bench.json?sql=" + urllib.parse.quote(sql) + "&q=" + urllib.parse.quote(f) + "&_shape=array"
                               for f in fts if f])
with open(f"{work}/match.lua", "w", encoding="utf-8") as out:
    out.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "text/plain"\nwrk.body = ' + json.dumps(line) + "\n")
print(f"{len(queries)} typed queries")
