/// Chinese, Japanese and Korean text has no spaces between words, and
/// FTS5's unicode61 tokenizer turns a whole run of such characters into one
/// token, so `证书` would never match inside `证书验证失败`. Rather than a
/// custom C tokenizer registered per connection (which every other reader of
/// the file - sqlite3, Datasette - would lack), each CJK run is indexed as its
/// overlapping character bigrams in a column of their own, and a CJK query
/// word becomes the phrase of its bigrams. Any word of two or more
/// characters then matches wherever it occurs, with no dictionary.
public enum CJKBigrams {
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF,   // Hiragana, Katakana
             0x3400...0x4DBF,   // CJK Extension A
             0x4E00...0x9FFF,   // CJK Unified Ideographs
             0xAC00...0xD7AF,   // Hangul syllables
             0xF900...0xFAFF,   // CJK Compatibility Ideographs
             0x20000...0x2FA1F: // Extensions B..F and supplements
            return true
        default:
            return false
        }
    }

    /// The runs of CJK characters in `text`.
    public static func runs(_ text: String) -> [[Unicode.Scalar]] {
        // Every CJK character is encoded with a lead byte of 0xE3 or more;
        // most text has none, and a byte scan is cheap.
        if !mayContainCJK(text) { return [] }
        var out: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func mayContainCJK(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            for b in bytes where b >= 0xE3 { return true }
            return false
        }
    }

    /// Bigrams of one run ("证书验证" -> 证书 书验 验证); a lone character stands for itself.
    public static func bigrams(_ run: [Unicode.Scalar]) -> [String] {
        if run.count == 1 { return [String(run[0])] }
        var out: [String] = []
        out.reserveCapacity(run.count - 1)
        for i in 0..<(run.count - 1) {
            var s = ""
            s.unicodeScalars.append(run[i])
            s.unicodeScalars.append(run[i + 1])
            out.append(s)
        }
        return out
    }

    /// Text for the `cjk` index column: every bigram of every run.
    public static func indexText(_ texts: [String]) -> String {
        var out: [String] = []
        for text in texts {
            for run in runs(text) { out += bigrams(run) }
        }
        return out.joined(separator: " ")
    }
}
