/// Turns what people type into what ArgumentParser reads, before parsing:
/// - `errata --db PATH search x` (the documented form): ArgumentParser
///   reads a subcommand's options only after its name, so `--db` moves
///   after the command's words;
/// - `errata search connection refused -nginx`: a `-word` that is no option
///   of search is an exclusion, passed after `--` as a query word;
/// - `--limit -1`: a negative number after an option that takes a number is
///   its value (`--limit=-1`, which validation then refuses by name), not an
///   unknown option.
enum ArgumentRewriter {
    /// Options whose value may be a negative number.
    static let numericOptions = ["--limit", "--offset", "--min-confidence", "--depth", "--wait"]

    static func rewrite(_ args: [String]) throws -> [String] {
        var args = hoistDatabaseOption(args)
        // `--version` after a command is the old --affects and takes a spec.
        if let command = args.first, !command.hasPrefix("-"), let i = args.firstIndex(of: "--version"),
           args.firstIndex(of: "--").map({ i < $0 }) ?? true,
           i + 1 == args.count || args[i + 1].hasPrefix("--") {
            throw CommandFailure("\(command) --version takes a version spec (the old spelling of --affects SPEC); the program's version is `errata --version`", code: 2)
        }
        args = joinNegativeNumbers(args)
        if args.first == "search" { args = exclusionsAsWords(args) }
        return args
    }

    static func hoistDatabaseOption(_ args: [String]) -> [String] {
        var leading: [String] = []
        var rest = args[...]
        while let first = rest.first {
            if first == "--db", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, let first = rest.first, !first.hasPrefix("-") else { return args }
        // At the end (before a `--`): after every command name, also of a
        // nested command (`errata --db x outcomes export`).
        var out = Array(rest)
        out.insert(contentsOf: leading, at: out.firstIndex(of: "--") ?? out.endIndex)
        return out
    }

    static func joinNegativeNumbers(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--" { out += args[i...]; break }
            if numericOptions.contains(args[i]), i + 1 < args.count, isNegativeNumber(args[i + 1]) {
                out.append(args[i] + "=" + args[i + 1])
                i += 2
            } else {
                out.append(args[i])
                i += 1
            }
        }
        return out
    }

    /// In `search`, a single-dash word other than `-h` is a query word.
    static func exclusionsAsWords(_ args: [String]) -> [String] {
        var kept: [String] = []
        var words: [String] = []
        for (i, arg) in args.enumerated() {
            if arg == "--" {
                words += args[(i + 1)...]
                break
            }
            if arg.hasPrefix("-") && !arg.hasPrefix("--") && arg != "-h" && arg.count >= 2 && !isNegativeNumber(arg) {
                words.append(arg)
            } else {
                kept.append(arg)
            }
        }
        return words.isEmpty ? args : kept + ["--"] + words
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        s.count >= 2 && s.first == "-" && Double(s.dropFirst()) != nil
    }
}
