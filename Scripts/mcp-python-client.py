#!/usr/bin/env python3
"""errata mcp against an MCP client that is not ours: the official Python
`mcp` package. Every tool is listed with valid JSON Schemas, called on the
database given, and its structuredContent validated against its
outputSchema with `jsonschema`; bad arguments must give tool errors.

    python mcp-python-client.py ERRATA_BINARY DATABASE        # the checks
    python mcp-python-client.py --bench N PASTES.jsonl TOOL ARGUMENT -- SERVER [ARGS...]
        # N calls of TOOL with the pastes' "query" texts as ARGUMENT, one
        # after another, each timed from request to answer: median and p99.
        # Any MCP server: errata mcp (match_error text) or deadends-mcp
        # (lookup_error error_message), in the same run.

Needs: pip install mcp jsonschema (`.ci/run` makes .build/mcp-venv).
Exit 0 when every check passes; the first failure is printed, exit 1.
"""
import asyncio
import json
import statistics
import sys
import time

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

REFERENCE_ID = "nginx/ssl-certificate-verify-failed"
REFERENCE_LINE = ("2026/11/28 21:14:03 [error] 2231#2231: *10453 SSL: certificate verify failed while SSL "
                  "handshaking to upstream, client: 203.0.113.7, server: api.example.com")


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}")
        sys.exit(1)


async def call(session, schemas, name, arguments):
    result = await session.call_tool(name, arguments)
    text = "".join(c.text for c in result.content if getattr(c, "type", "") == "text")
    check(not result.isError, f"{name}({arguments}) failed: {text}")
    check(result.structuredContent is not None, f"{name} gave no structuredContent")
    jsonschema.validate(result.structuredContent, schemas[name])
    return result.structuredContent, text


async def checks(session):
    listed = (await session.list_tools()).tools
    names = {t.name for t in listed}
    expected = {"match_error", "search_errors", "get_error", "get_error_chain", "list_domains", "batch_match",
                "report_outcome", "stats"}
    check(names == expected, f"tools: {sorted(names)}")
    schemas = {}
    for tool in listed:
        jsonschema.Draft202012Validator.check_schema(tool.inputSchema)
        check(tool.outputSchema is not None, f"{tool.name} has no outputSchema")
        jsonschema.Draft202012Validator.check_schema(tool.outputSchema)
        check(len(tool.description or "") > 60, f"{tool.name}: description too short")
        schemas[tool.name] = tool.outputSchema

    matched, text = await call(session, schemas, "match_error", {"text": REFERENCE_LINE})
    check(matched["answered"] and matched["hits"][0]["id"] == REFERENCE_ID, f"match_error: {matched['hits'][:1]}")
    check("Do NOT try" in text, "match_error text has no dead ends")
    found, _ = await call(session, schemas, "search_errors", {"query": "certificate verify failed", "limit": 5})
    check(any(h["id"] == REFERENCE_ID for h in found["hits"]), "search_errors misses the reference record")
    record, _ = await call(session, schemas, "get_error", {"id": REFERENCE_ID})
    check(record["id"] == REFERENCE_ID, "get_error")
    chain, _ = await call(session, schemas, "get_error_chain", {"id": REFERENCE_ID, "depth": 2})
    check(chain["edges"], "get_error_chain has no edges")
    domains, _ = await call(session, schemas, "list_domains", {})
    stats, _ = await call(session, schemas, "stats", {})
    check(sum(d["records"] for d in domains["domains"]) == stats["records"], "list_domains and stats disagree")
    batch, _ = await call(session, schemas, "batch_match", {"inputs": [REFERENCE_LINE, "ModuleNotFoundError: No module named 'yaml'"]})
    check(len(batch["results"]) == 2, "batch_match")
    report, _ = await call(session, schemas, "report_outcome", {"id": REFERENCE_ID, "workaround": 1, "result": "failed"})
    check(report["failed"] >= 1, "report_outcome")

    for name, arguments in [("match_error", {"text": 7}), ("search_errors", {"query": "x", "limit": -3}),
                            ("get_error", {"id": "no/such-record"}), ("batch_match", {"inputs": []})]:
        result = await session.call_tool(name, arguments)
        check(result.isError, f"{name}({arguments}) should be a tool error")
    templates = (await session.list_resource_templates()).resourceTemplates
    check([t.uriTemplate for t in templates] == ["errata://record/{id}"], "resource templates")
    contents = (await session.read_resource(f"errata://record/{REFERENCE_ID}")).contents
    check(json.loads(contents[0].text)["id"] == REFERENCE_ID, "resource read")
    print(f"python mcp client: {len(listed)} tools, every call and schema checked")


async def bench(session, count, pastes, tool, argument):
    times = []
    for i in range(count):
        start = time.perf_counter()
        result = await session.call_tool(tool, {argument: pastes[i % len(pastes)]})
        times.append((time.perf_counter() - start) * 1000)
        check(not result.isError, f"{tool} failed during the benchmark")
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{tool} round trip over {count} calls: median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms")


async def main():
    if sys.argv[1] == "--bench":
        count, pastes_path, tool, argument = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        server = sys.argv[sys.argv.index("--") + 1:]
        params = StdioServerParameters(command=server[0], args=server[1:])
        with open(pastes_path) as f:
            pastes = [q["query"] for q in map(json.loads, filter(str.strip, f)) if q.get("kind", "log") == "log"]
    else:
        params = StdioServerParameters(command=sys.argv[1], args=["mcp", "--db", sys.argv[2]])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            if sys.argv[1] == "--bench":
                await bench(session, count, pastes, tool, argument)
            else:
                await checks(session)


asyncio.run(main())
