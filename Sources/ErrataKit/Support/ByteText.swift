/// Text tests on UTF-8 bytes: String's own `contains(String)` and
/// `split(separator:)` go through a generic search that cost a whole-process
/// search more than SQLite's query (measured with callgrind). Inlinable, so
/// that other modules (the CLI's output) get them specialised for String:
/// through the generic protocol, joining five snippets' lines took half a
/// million instructions.
extension StringProtocol {
    /// Whether `needle`'s bytes occur in these (an empty needle always does).
    @inlinable
    public func containsBytes(of needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        let h = Array(utf8)
        guard h.count >= n.count else { return false }
        var i = 0
        while i <= h.count - n.count {
            if h[i] == first && h[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }

    /// Line breaks replaced by `separator`, in one pass.
    @inlinable
    public func joiningLines(with separator: String) -> String {
        guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return String(self) }
        // Bytes: a line break is ASCII, never part of a longer character.
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 4 * separator.utf8.count)
        var pendingBreak = false
        for byte in utf8 {
            if byte == 0x0A || byte == 0x0D {
                pendingBreak = !out.isEmpty
                continue
            }
            if pendingBreak { out.append(contentsOf: separator.utf8); pendingBreak = false }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Without white space (any Unicode white space) at either end. Most
    /// text has nothing to trim: that is answered from the bytes.
    @inlinable
    public var trimmingWhitespace: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        return self[...].trimmingWhitespace
    }
}

extension StringProtocol {
    @inlinable
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}

/// Text written as UTF-16 with a byte order mark: what Windows PowerShell's
/// `>` and Notepad's "Unicode" write. Such a paste read as UTF-8 is NULs
/// between the letters, and no record explains it.
public enum UTF16Text {
    /// true for big-endian, false for little-endian, nil when the bytes
    /// do not start with a UTF-16 byte order mark.
    public static func byteOrder(_ bytes: some Collection<UInt8>) -> Bool? {
        var it = bytes.makeIterator()
        switch (it.next(), it.next()) {
        case (0xFF, 0xFE): return false
        case (0xFE, 0xFF): return true
        default: return nil
        }
    }

    /// The code units of these bytes, two a unit; an odd last byte is left out.
    public static func units(_ bytes: some Collection<UInt8>, bigEndian: Bool) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var it = bytes.makeIterator()
        while let a = it.next(), let b = it.next() {
            units.append(bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a))
        }
        return units
    }
}

extension String {
    /// A paste as it was written: UTF-16 when it starts with a byte order
    /// mark (the mark left out), else UTF-8. Broken characters become U+FFFD.
    public init(pastedBytes bytes: [UInt8]) {
        guard let bigEndian = UTF16Text.byteOrder(bytes) else {
            self = String(decoding: bytes, as: UTF8.self)
            return
        }
        var units = UTF16Text.units(bytes.dropFirst(2), bigEndian: bigEndian)
        if bytes.count % 2 == 1 { units.append(0xFFFD) }
        self = String(decoding: units, as: UTF16.self)
    }
}
