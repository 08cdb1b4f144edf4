#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide text is on a terminal, in columns: a Chinese character takes
/// two, a combining mark none, an ANSI colour code none.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            width += of(scalar)
        }
        return width
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (UAX #11), and emoji.
    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The columns to wrap text at: the terminal's width when output goes to
    /// one, else $COLUMNS, else 100; never under 40 nor over 160.
    static let terminalColumns: Int = {
        var size = winsize()
        if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return clamp(Int(size.ws_col))
        }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 {
            return clamp(columns)
        }
        return 100
    }()

    private static func clamp(_ columns: Int) -> Int { min(max(columns, 40), 160) }

    /// Text wrapped to `width` columns: first line indented by `indent`,
    /// the rest by `hanging`. Lines break at spaces, and between two wide
    /// characters (Chinese and Japanese have no spaces between words).
    static func wrap(_ text: String, width: Int, indent: Int, hanging: Int) -> String {
        var out = ""
        var line = String(repeating: " ", count: indent)
        var used = indent
        var empty = true
        let pad = String(repeating: " ", count: hanging)
        for unit in units(text) {
            let needed = (empty || !unit.spaceBefore ? 0 : 1) + unit.width
            if used + needed > width && !empty {
                out += line + "\n"
                line = pad
                used = hanging
                empty = true
            }
            if !empty && unit.spaceBefore { line += " "; used += 1 }
            line += unit.text
            used += unit.width
            empty = false
        }
        return out + line + "\n"
    }

    /// Breakable pieces: each space-separated word, with every wide
    /// character a piece of its own (no space before it inside a word).
    static func units(_ text: String) -> [(text: String, width: Int, spaceBefore: Bool)] {
        var out: [(String, Int, Bool)] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }) {
            var piece = ""
            var pieceWidth = 0
            var first = true
            func flush() {
                guard !piece.isEmpty else { return }
                out.append((piece, pieceWidth, first))
                first = false
                piece = ""
                pieceWidth = 0
            }
            for character in word {
                let w = of(String(character))
                if w == 2 {
                    flush()
                    piece = String(character)
                    pieceWidth = 2
                    flush()
                } else {
                    piece.append(character)
                    pieceWidth += w
                }
            }
            flush()
        }
        return out
    }
}
