import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error: buffered, colour only on a terminal and never
/// with NO_COLOR. When the reader of standard output goes away (`errata
/// export --all | head`), a write throws `BrokenPipe`, which ends the command
/// wherever it is; `Errata.main` then exits quietly, as other Unix tools do.
enum Terminal {
    nonisolated(unsafe) static var colorEnabled: Bool = {
        if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(1) != 0
    }()

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }
    static var stdinIsTerminal: Bool { isatty(0) != 0 }

    static func write(_ text: String) throws {
        var copy = text
        try copy.withUTF8 { try writeBytes(UnsafeRawBufferPointer($0)) }
    }

    nonisolated(unsafe) private static var buffer: [UInt8] = []

    static func writeBytes(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    static func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if !writeAll(1, buffer) { throw BrokenPipe() }
    }

    /// The reader of standard output has gone.
    struct BrokenPipe: Error {}

    /// Writes all of `bytes` to a file descriptor; false when the reader
    /// of a pipe has gone (any other failure drops the rest, as before).
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Platform.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno != EPIPE
            }
            offset += n
        }
        return true
    }

    /// One line on stderr: "errata: message".
    static func error(_ message: String) {
        StandardError.write("errata: " + message + "\n")
    }

    static func style(_ text: String, _ code: String) -> String {
        colorEnabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    static func bold(_ text: String) -> String { style(text, "1") }
    static func dim(_ text: String) -> String { style(text, "2") }
    static func red(_ text: String) -> String { style(text, "31") }
    static func green(_ text: String) -> String { style(text, "32") }
    static func yellow(_ text: String) -> String { style(text, "33") }
    static func cyan(_ text: String) -> String { style(text, "36") }

    /// A search snippet with its highlight markers rendered (bold on a
    /// terminal, plain text otherwise).
    static func snippet(_ text: String) -> String {
        let open = colorEnabled ? "\u{1B}[1;31m" : ""
        let close = colorEnabled ? "\u{1B}[0m" : ""
        // The fields a snippet spans (an action, then why it fails) are kept apart.
        return Searcher.render(text, open: open, close: close).joiningLines(with: dim(" · "))
    }
}

/// Standard error, unbuffered: messages appear at once, in order with the
/// progress line.
enum StandardError {
    static func write(_ text: String) {
        Terminal.writeAll(2, Array(text.utf8))
    }
}
