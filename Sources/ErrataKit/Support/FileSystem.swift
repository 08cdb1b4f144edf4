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

    /// The names in a directory (without `.` and `..`), unsorted; nil when
    /// it cannot be read (errno says why).
    public static func entries(of path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
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

    /// Writes `bytes` to a file beside `path` and renames it over `path`:
    /// the file is the old text or the new, never half of one. The mode
    /// of the old file is kept.
    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".errata-\(getpid())"
        var st = stat()
        let mode = stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o644
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        if fd < 0 { throw lastError(temporary) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let failure = lastError(path)
                close(fd)
                unlink(temporary)
                throw failure
            }
            offset += n
        }
        if fsync(fd) != 0 || close(fd) != 0 || rename(temporary, path) != 0 {
            let failure = lastError(path)
            unlink(temporary)
            throw failure
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
    /// UTF-16 text (known by its byte order mark), decoded to UTF-8 as it is read.
    private var utf16: (bigEndian: Bool, pending: [UInt8])?
    /// The first bytes are still to be looked at for a UTF-16 byte order mark.
    private var sniffing: Bool

    /// `text`: a log rather than a record file. A UTF-16 one (what Windows
    /// PowerShell's `>` writes), known by its byte order mark, is read as
    /// text, as ripgrep reads it; a record file must be UTF-8.
    public init(path: String, text: Bool = false) throws {
        fd = path == "-" ? 0 : open(path, O_RDONLY)
        self.path = path
        sniffing = text
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

    /// A line as `nextBounded` gives it: whole, or by its two ends.
    public enum BoundedLine {
        case whole([UInt8])
        /// The first and last bytes of a longer line (`length` in all).
        case shortened(head: [UInt8], tail: [UInt8], length: Int)
    }

    /// The next line, read in bounded memory: a line longer than
    /// `maxBytes` comes back as its first and last `maxBytes / 2` bytes,
    /// the middle read and dropped (a 50 MB single-line log costs no more
    /// than a short one). The cuts fall between UTF-8 characters.
    public func nextBounded(maxBytes: Int) throws -> BoundedLine? {
        let half = max(maxBytes / 2, 4)
        var scanned = 0          // bytes after `start` known to hold no newline
        var head: [UInt8]?
        var dropped = 0          // bytes of this line already let go (head included)
        while true {
            if let nl = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                let rest = Array(buffer[start..<nl])
                start = nl + 1
                return Self.bounded(head: head, rest: rest, dropped: dropped, half: half)
            }
            if eof {
                if start < buffer.count || head != nil {
                    lineNumber += 1
                    let rest = Array(buffer[start...])
                    start = buffer.count
                    return Self.bounded(head: head, rest: rest, dropped: dropped, half: half)
                }
                return nil
            }
            scanned = buffer.count - start
            if scanned > maxBytes {
                // Keep the head once, then only the last `half` bytes seen.
                if head == nil { head = Self.utf8Prefix(buffer[start..<(start + half)]) }
                let keepFrom = buffer.count - half
                dropped += keepFrom - start
                start = keepFrom
                scanned = half
            }
            try fill()
        }
    }

    private static func bounded(head: [UInt8]?, rest: [UInt8], dropped: Int, half: Int) -> BoundedLine {
        guard let head else {
            if rest.count <= 2 * half { return .whole(rest) }
            return .shortened(head: utf8Prefix(rest[..<half]), tail: utf8Suffix(rest[(rest.count - half)...]), length: rest.count)
        }
        return .shortened(head: head, tail: utf8Suffix(rest.suffix(half)), length: dropped + rest.count)
    }

    /// The bytes up to the last whole UTF-8 character.
    private static func utf8Prefix(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var end = bytes.endIndex
        // Step back over a character whose continuation bytes were cut off.
        var back = end
        while back > bytes.startIndex && back > end - 4 && bytes[back - 1] & 0xC0 == 0x80 { back -= 1 }
        if back > bytes.startIndex, bytes[back - 1] >= 0xC0 {
            let lead = bytes[back - 1]
            let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if end - (back - 1) < needed { end = back - 1 }
        }
        return Array(bytes[bytes.startIndex..<end])
    }

    /// The bytes from the first UTF-8 character that starts in them.
    private static func utf8Suffix(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var start = bytes.startIndex
        while start < bytes.endIndex && start < bytes.startIndex + 3 && bytes[start] & 0xC0 == 0x80 { start += 1 }
        return Array(bytes[start...])
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
            var from = old
            if sniffing && (buffer.count >= 2 || eof) {
                // Nothing was handed out yet: all of the buffer is still to decode.
                sniffing = false
                from = 0
                if let bigEndian = UTF16Text.byteOrder(buffer) { utf16 = (bigEndian, []) }
            }
            decodeUTF16(from: from)
            return
        }
    }

    /// The bytes read from `old` on, UTF-16 until now, as UTF-8 (UTF-8
    /// text is left as it is). A code unit or a surrogate pair cut by the
    /// read waits for the next one.
    private func decodeUTF16(from old: Int) {
        guard let (bigEndian, pending) = utf16 else { return }
        let raw = pending + buffer[old...]
        buffer.removeSubrange(old...)
        var units = UTF16Text.units(raw, bigEndian: bigEndian)
        let i = units.count * 2
        var rest = Array(raw[i...])
        if !eof, let last = units.last, (0xD800...0xDBFF).contains(last) {
            units.removeLast()
            rest = Array(raw[(i - 2)...])
        }
        // At the end an odd byte left over is no character: U+FFFD, as for any broken one.
        if eof && !rest.isEmpty { units.append(0xFFFD); rest = [] }
        buffer.append(contentsOf: String(decoding: units, as: UTF16.self).utf8)
        utf16 = (bigEndian, rest)
    }
}
