#!/usr/bin/env python3
"""errata's JSON Schemas checked by a validator that is not ours (Python's
`jsonschema`): every record in the --valid paths must pass, every record in
the --invalid files must fail.

    python validate-schemas.py SCHEMA_DIR --valid PATH... [--invalid FILE...]

A path is a .json file (one record or an array), an .ndjson file (one
record a line) or a directory of them (recursive). The format of each
record is told as errata tells it: an object "error" and no "signature"
is a canon, anything else a seed. Exit 0 when all is as expected.
"""
import json
import os
import sys

import jsonschema


def records(path):
    paths = []
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            paths += [os.path.join(root, f) for f in sorted(files) if f.endswith((".json", ".ndjson"))]
    else:
        paths = [path]
    for p in sorted(paths):
        with open(p, encoding="utf-8") as f:
            if p.endswith(".ndjson"):
                for n, line in enumerate(f, 1):
                    if line.strip():
                        yield f"{p}:{n}", json.loads(line)
            else:
                doc = json.load(f)
                for i, record in enumerate(doc if isinstance(doc, list) else [doc]):
                    yield f"{p}[{i}]" if isinstance(doc, list) else p, record


def main():
    schema_dir = sys.argv[1]
    validators = {}
    for name in ("seed", "canon"):
        with open(os.path.join(schema_dir, f"{name}.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[name] = jsonschema.Draft202012Validator(schema)
    mode, counts, problems = None, {"valid": 0, "invalid": 0}, []
    for argument in sys.argv[2:]:
        if argument in ("--valid", "--invalid"):
            mode = argument[2:]
            continue
        for where, record in records(argument):
            is_canon = isinstance(record, dict) and "signature" not in record and isinstance(record.get("error"), dict)
            errors = list(validators["canon" if is_canon else "seed"].iter_errors(record))
            if mode == "valid" and errors:
                problems.append(f"{where}: should be valid: {errors[0].message} at {list(errors[0].absolute_path)}")
            elif mode == "invalid" and not errors:
                problems.append(f"{where}: should be invalid but validates")
            counts[mode] += 1
    for problem in problems[:20]:
        print(problem)
    print(f"schemas: {counts['valid']} records validate, {counts['invalid']} bad ones refused, {len(problems)} problems")
    sys.exit(1 if problems else 0)


main()
