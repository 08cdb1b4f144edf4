#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The little file access Errata needs, on the C library directly: it keeps
/// Foundation (and its start-up cost) out of the binary.
public enum FileSystem {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    static func lastError(_ path: String) -> Failure {
        Failure(path: path, reason: String(cString: strerror(errno)))
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// The size of a file in bytes, nil when it cannot be read.
    public static func size(_ path: String) -> Int64? {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : nil
    }

    /// Deletes a file if it is there.
    public static func remove(_ path: String) {
        unlink(path)
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func makeDirectories(_ path: String) throws {
        if path.isEmpty || isDirectory(path) { return }
        try makeDirectories(directory(of: path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw lastError(path)
        }
    }

    /// The whole content of a file, or of standard input for "-".
    public static func readAll(_ path: String) throws -> [UInt8] {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        if fd < 0 { throw lastError(path) }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        var capacity = 1 << 16
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(path: path, reason: "is a directory")
        }
        if fstat(fd, &st) == 0, st.st_size > 0 { capacity = Int(st.st_size) + 1 }
        var out = [UInt8](repeating: 0, count: capacity)
        var used = 0
        while true {
            if used == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + used, $0.count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                throw lastError(path)
            }
            if n == 0 { break }
            used += n
        }
        out.removeSubrange(used...)
        return out
    }
}

/// Reads a file in chunks and hands out its lines, so an NDJSON file of any
/// size streams through bounded memory.
public final class LineReader {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public private(set) var lineNumber = 0

    public init(path: String) throws {
        fd = path == "-" ? 0 : open(path, O_RDONLY)
        self.path = path
        if fd < 0 { throw FileSystem.lastError(path) }
        if FileSystem.isDirectory(path) { throw FileSystem.Failure(path: path, reason: "is a directory") }
    }

    deinit {
        if fd > 0 { close(fd) }
    }

    /// Calls `body` with the next line (without its newline); false at the end.
    public func next<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                let lineStart = start
                start = nl + 1
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<nl])) }
            }
            if eof {
                if start < buffer.count {
                    lineNumber += 1
                    let lineStart = start
                    start = buffer.count
                    return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart...])) }
                }
                return nil
            }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                buffer.removeSubrange(old...)
                throw FileSystem.lastError(path)
            }
            buffer.removeSubrange((old + n)...)
            if n == 0 { eof = true }
            return
        }
    }
}
