import ErrataKit

/// The server's arguments. `errata serve` checks them with ArgumentParser
/// first and passes them on in these forms; this reads them again for a
/// server started on its own.
struct ServeOptions {
    var db: String?
    var host = "127.0.0.1"
    var port = 8080
    var readOnly = false
    var writeTokenFile: String?
    /// Threads (and at most as many read connections) for database work.
    var threads = 4
    /// Seconds one request's database work may take.
    var timeLimit = 10
    /// MiB of answers the answer cache keeps (0: off).
    var cacheMegabytes = 64
    var quiet = false
    var help = false

    static let usage = """
        usage: errata serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--read-only] [--write-token-file FILE]
                            [--threads 4] [--time-limit 10] [--cache-mb 64] [--quiet]

        The knowledge base over HTTP: a JSON API under /api/v1 (its OpenAPI document is
        /api/v1/openapi.json) and web pages at /. Writes (POST /api/v1/records, DELETE, outcomes)
        need --write-token-file and the header Authorization: Bearer <the file's token>. Answers of
        the read API are kept (--cache-mb) while the database is unchanged.
        """

    static func parse(_ arguments: [String]) throws -> ServeOptions {
        var options = ServeOptions()
        var rest = arguments[...]
        func value(_ name: String, _ inline: String?) throws -> String {
            if let inline { return inline }
            guard let next = rest.popFirst() else { throw QueryFailure("\(name) needs a value") }
            return next
        }
        func number(_ name: String, _ text: String, in range: ClosedRange<Int>) throws -> Int {
            guard let n = Int(text), range.contains(n) else {
                throw QueryFailure("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return n
        }
        while let argument = rest.popFirst() {
            let (name, inline) = argument.firstIndex(of: "=").map { (String(argument[..<$0]), String(argument[argument.index(after: $0)...])) } ?? (argument, nil)
            switch name {
            case "-h", "--help": options.help = true
            case "--db": options.db = try value(name, inline)
            case "--host": options.host = try value(name, inline)
            case "--port": options.port = try number(name, try value(name, inline), in: 0...65535)
            case "--threads": options.threads = try number(name, try value(name, inline), in: 1...64)
            case "--time-limit": options.timeLimit = try number(name, try value(name, inline), in: 1...3600)
            case "--cache-mb": options.cacheMegabytes = try number(name, try value(name, inline), in: 0...65536)
            case "--write-token-file": options.writeTokenFile = try value(name, inline)
            case "--read-only": options.readOnly = true
            case "--quiet": options.quiet = true
            default: throw QueryFailure("unexpected argument '\(argument)' (errata serve --help)")
            }
        }
        return options
    }
}
