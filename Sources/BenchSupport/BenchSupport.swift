// What the two measuring programs (errata-bench, errata-quality) share:
// reading `--name value` options and `--flag`s, and printing.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct BenchArguments {
    public var options: [String: String] = [:]
    public var flags = Set<String>()

    /// `--name value` is an option, a `--name` not followed by a value a flag.
    public init(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        var argv = arguments[...]
        while let arg = argv.popFirst() {
            if arg.hasPrefix("--"), let value = argv.first, !value.hasPrefix("--") {
                options[String(arg.dropFirst(2))] = value
                argv.removeFirst()
            } else {
                flags.insert(String(arg.dropFirst(2)))
            }
        }
    }
}

/// One line on standard output.
public func say(_ s: String) {
    let line = s + "\n"
    _ = line.withCString { write(1, $0, strlen($0)) }
}

/// One line on standard error, naming the program, and exit 2.
public func fail(_ s: String) -> Never {
    let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
    let line = "\(program): \(s)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
