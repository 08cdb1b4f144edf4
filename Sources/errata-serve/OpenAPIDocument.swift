/// The API's OpenAPI 3.1 document, written by hand to match `ErrataAPI`
/// and `ErrataResponder` (served at /api/v1/openapi.json; CI checks it with
/// openapi-spec-validator and runs schemathesis against the server).
enum OpenAPIDocument {
    static let text = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "errata",
        "version": "1",
        "summary": "A knowledge base of software errors: root causes, dead ends, workarounds.",
        "description": "The JSON API of `errata serve`. Hits have the shapes of the CLI's --json. Every error is {\"error\": \"one line\"} with the status that fits. Writes need `Authorization: Bearer TOKEN` and a server started with --write-token-file."
      },
      "servers": [{"url": "/"}],
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "health",
            "summary": "The server is up.",
            "responses": {
              "200": {"description": "Up.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}}}}
            }
          }
        },
        "/api/v1/search": {
          "get": {
            "operationId": "search",
            "summary": "Ranked keyword search with filters, as `errata search`; neither words nor filters lists every record in id order.",
            "description": "A product and version in q (\"what breaks in nginx 1.24\") is read as the version filter when records name it, plus the other words that say what to find (not the question: what, breaks, known issues, ...); `reading` says so. A filter value no record has is an empty answer with a note.",
            "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words, \"phrases\", -exclusions, Chinese text."},
              {"name": "domain", "in": "query", "schema": {"type": "string"}},
              {"name": "category", "in": "query", "schema": {"type": "string"}},
              {"name": "tag", "in": "query", "schema": {"type": "string"}},
              {"name": "version", "in": "query", "schema": {"type": "string"}, "description": "Records that affect this version: [PRODUCT ][OP]VERSION, e.g. nginx 1.24, nginx>=1.25."},
              {"name": "affects", "in": "query", "schema": {"type": "string"}, "description": "The same as version (the CLI's name)."},
              {"name": "min_confidence", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 1}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}},
              {"name": "all_variants", "in": "query", "schema": {"type": "boolean", "default": false}, "description": "List each environment of an error apart."}
            ],
            "responses": {
              "200": {"description": "The hits, best first.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchAnswer"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/match": {
          "post": {
            "operationId": "match",
            "summary": "The records that explain pasted output (logs, tracebacks), as `errata match`.",
            "parameters": [
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20, "default": 3}},
              {"name": "min_confidence", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 1}},
              {"name": "all_variants", "in": "query", "schema": {"type": "boolean", "default": false}}
            ],
            "requestBody": {"required": true, "description": "The raw output, up to 10 MiB.",
              "content": {"text/plain": {"schema": {"type": "string", "minLength": 1}}}},
            "responses": {
              "200": {"description": "Hits; `answered` is false when none is confident (they are then the nearest, not a match).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchAnswer"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/records": {
          "post": {
            "operationId": "importRecords",
            "summary": "Import one record, an array or NDJSON (seed or canon), all or nothing, as `errata import`.",
            "security": [{"bearer": []}],
            "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean", "default": false}}],
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]}},
              "application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
              "200": {"description": "Imported.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportSummary"}}}},
              "400": {"description": "Refused: nothing imported. A bad record is named in error, and every one in errors (with the rest of an import summary).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/records/{id}": {
          "parameters": [{"$ref": "#/components/parameters/RecordID"}],
          "get": {
            "operationId": "getRecord",
            "summary": "One record as `errata export` writes it (seed JSON, or canon).",
            "parameters": [{"name": "format", "in": "query", "schema": {"enum": ["seed", "canon"], "default": "seed"}}],
            "responses": {
              "200": {"description": "The record.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "operationId": "deleteRecord",
            "summary": "Remove a record; links to it that now dangle are listed.",
            "security": [{"bearer": []}],
            "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean", "default": false}}],
            "responses": {
              "200": {"description": "Deleted.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["deleted", "dry_run", "dangling_links"], "properties": {
                  "deleted": {"type": "array", "items": {"type": "string"}}, "dry_run": {"type": "boolean"},
                  "dangling_links": {"type": "array", "items": {"type": "string"}}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/records/{id}/chain": {
          "parameters": [{"$ref": "#/components/parameters/RecordID"}],
          "get": {
            "operationId": "getChain",
            "summary": "The error graph around a record, as `errata chain --json`.",
            "parameters": [{"name": "depth", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10, "default": 2}}],
            "responses": {
              "200": {"description": "Nodes and edges.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chain"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/records/{id}/outcomes": {
          "parameters": [{"$ref": "#/components/parameters/RecordID"}],
          "post": {
            "operationId": "reportOutcome",
            "summary": "Record that a workaround worked or failed, or a dead end was confirmed, as `errata report`.",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
              "type": "object", "additionalProperties": false, "required": ["result"], "properties": {
                "workaround": {"type": ["string", "integer"], "description": "Its number (from 1) or the start of its text."},
                "dead_end": {"type": ["string", "integer"]},
                "result": {"enum": ["worked", "failed", "confirmed"]},
                "note": {"type": "string"}}}}}},
            "responses": {
              "200": {"description": "Recorded, with the action's tallies.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OutcomeReceipt"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/domains": {
          "get": {
            "operationId": "domains",
            "summary": "The domains and how many records each has.",
            "responses": {
              "200": {"description": "Largest first.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["domains"], "properties": {"domains": {"type": "array", "items": {
                  "type": "object", "required": ["domain", "records"], "properties": {
                    "domain": {"type": "string"}, "records": {"type": "integer", "minimum": 0}}}}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/stats": {
          "get": {
            "operationId": "stats",
            "summary": "What the database holds, as `errata stats --json`.",
            "responses": {
              "200": {"description": "Counts.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/export.ndjson": {
          "get": {
            "operationId": "exportAll",
            "summary": "Every record, one JSON document a line, streamed (as `errata export --all --ndjson`).",
            "parameters": [{"name": "format", "in": "query", "schema": {"enum": ["seed", "canon"], "default": "seed"}}],
            "responses": {
              "200": {"description": "NDJSON.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
          "RecordID": {"name": "id", "in": "path", "required": true, "description": "A record id, slashes and all (nginx/ssl-certificate-verify-failed).",
            "schema": {"type": "string", "minLength": 1}}
        },
        "responses": {
          "BadRequest": {"description": "The request cannot be answered as asked (the message says why).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "No such record (the message names ids that look alike).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "The body is over the limit.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "A write without the right bearer token.", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Forbidden": {"description": "Writes are off on this server (read-only, or no token file).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "The database is busy, or the request ran over its time limit; try again.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
          "Record": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
          "Hit": {
            "type": "object", "required": ["id", "domain", "category", "signature", "score"],
            "properties": {
              "id": {"type": "string"}, "domain": {"type": "string"}, "category": {"type": ["string", "null"]},
              "signature": {"type": "string"}, "score": {"type": ["number", "null"]},
              "confidence": {"type": "number", "minimum": 0, "maximum": 1}, "confident": {"type": "boolean"},
              "variants": {"type": "array", "items": {"type": "string"}}
            }
          },
          "SearchHit": {"allOf": [{"$ref": "#/components/schemas/Hit"}, {"type": "object", "properties": {
            "every_word": {"type": "boolean", "description": "The record has every word of the query (those come first); absent in a listing by filters."},
            "snippet": {"type": "string"},
            "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
              "description": "[start, end) offsets into the snippet, in Unicode code points."}}}]},
          "SearchAnswer": {
            "type": "object", "required": ["total", "total_exact", "every_word", "offset", "limit", "relaxed", "windowed", "reading", "notes", "hits"],
            "properties": {
              "total": {"type": "integer", "minimum": 0}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
              "total_exact": {"type": "boolean", "description": "False when total counts the records past those ranked in full as one error each: at most that many errors."},
              "every_word": {"type": "integer", "minimum": 0, "description": "How many of total have every word; they come first, the others have some."},
              "relaxed": {"type": "boolean", "description": "No record has all of the words; these have some."},
              "windowed": {"type": "boolean", "description": "So many records matched that the newest 5,000 were ranked."},
              "reading": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["affects", "words"], "properties": {
                "affects": {"type": "string"}, "words": {"type": ["string", "null"]}}}]},
              "notes": {"type": "array", "items": {"type": "string"}},
              "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}}
            }
          },
          "MatchHit": {"allOf": [{"$ref": "#/components/schemas/Hit"}, {"type": "object", "required": ["line", "regex_matched", "confidence", "confident"], "properties": {
            "line": {"type": "string"}, "source": {"type": "string"}, "line_number": {"type": "integer"}, "occurrences": {"type": "integer"},
            "regex_matched": {"type": "boolean"}, "root_cause": {"type": ["string", "null"]},
            "dead_ends": {"type": "array", "items": {"type": "object"}}, "workarounds": {"type": "array", "items": {"type": "object"}}}}]},
          "MatchAnswer": {"type": "object", "required": ["answered", "hits"], "properties": {
            "answered": {"type": "boolean"}, "hits": {"type": "array", "items": {"$ref": "#/components/schemas/MatchHit"}}}},
          "Chain": {"type": "object", "required": ["id", "nodes", "edges"], "properties": {
            "id": {"type": "string"},
            "nodes": {"type": "array", "items": {"type": "object", "required": ["id", "depth", "in_database", "signature"], "properties": {
              "id": {"type": "string"}, "depth": {"type": "integer"}, "in_database": {"type": "boolean"}, "signature": {"type": ["string", "null"]}}}},
            "edges": {"type": "array", "items": {"type": "object", "required": ["from", "kind", "to", "declared"], "properties": {
              "from": {"type": "string"}, "kind": {"enum": ["leads_to", "preceded_by", "frequently_confused_with"]}, "to": {"type": "string"},
              "probability": {"type": ["number", "null"]}, "condition": {"type": ["string", "null"]}, "distinction": {"type": ["string", "null"]},
              "declared": {"type": "boolean"}}}}}},
          "Stats": {"type": "object", "required": ["records", "versions", "dead_ends", "workarounds", "transitions", "by_domain", "by_category", "by_tier", "dangling", "outcomes"],
            "properties": {
              "records": {"type": "integer"}, "versions": {"type": "integer"}, "dead_ends": {"type": "integer"}, "workarounds": {"type": "integer"},
              "transitions": {"type": "integer"},
              "by_domain": {"type": "object", "additionalProperties": {"type": "integer"}},
              "by_category": {"type": "object", "additionalProperties": {"type": "integer"}},
              "by_tier": {"type": "object", "additionalProperties": {"type": "integer"}},
              "dangling": {"type": "array", "items": {"type": "object", "required": ["from", "kind", "to"]}},
              "outcomes": {"type": "integer"}, "orphaned_outcomes": {"type": "integer"}}},
          "ImportSummary": {"type": "object", "required": ["imported", "dry_run", "files", "records", "inserted", "updated", "unchanged", "failed_files", "errors"],
            "properties": {
              "imported": {"type": "boolean"}, "dry_run": {"type": "boolean"}, "files": {"type": "integer"}, "records": {"type": "integer"},
              "inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "failed_files": {"type": "integer"},
              "errors": {"type": "array", "items": {"type": "object", "required": ["file", "line", "column", "path", "message"], "properties": {
                "file": {"type": "string"}, "line": {"type": ["integer", "null"]}, "column": {"type": ["integer", "null"]},
                "path": {"type": ["string", "null"]}, "message": {"type": "string"}}}}}},
          "OutcomeReceipt": {"type": "object", "required": ["id", "kind", "number", "action", "result", "worked", "failed", "confirmed"], "properties": {
            "id": {"type": "string"}, "kind": {"enum": ["workaround", "dead_end"]}, "number": {"type": "integer", "minimum": 1},
            "action": {"type": "string"}, "result": {"enum": ["worked", "failed", "confirmed"]},
            "worked": {"type": "integer"}, "failed": {"type": "integer"}, "confirmed": {"type": "integer"}}}
        }
      }
    }
    """#
}
