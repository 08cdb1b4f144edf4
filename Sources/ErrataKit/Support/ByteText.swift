/// Text tests on UTF-8 bytes: String's own `contains(String)` and
/// `split(separator:)` go through a generic search that cost a whole-process
/// search more than SQLite's query (measured with callgrind).
extension StringProtocol {
    /// Whether `needle`'s bytes occur in these (an empty needle always does).
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
    public func joiningLines(with separator: String) -> String {
        guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return String(self) }
        var out = ""
        var pendingBreak = false
        for scalar in unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                pendingBreak = !out.isEmpty
                continue
            }
            if pendingBreak { out += separator; pendingBreak = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

extension String {
    /// Without white space (any Unicode white space) at either end. Most
    /// text has nothing to trim: that is answered from the bytes.
    public var trimmingWhitespace: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        return self[...].trimmingWhitespace
    }
}

extension StringProtocol {
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
