import ErrataKit

/// The query string or an `application/x-www-form-urlencoded` body: `+`
/// is a space, `%XX` a byte, and text that is not UTF-8 is repaired.
struct FormValues {
    private(set) var pairs: [(String, String)] = []

    init(_ encoded: Substring?) {
        guard let encoded, !encoded.isEmpty else { return }
        for part in encoded.split(separator: "&") {
            let (name, value) = part.firstIndex(of: "=").map { (part[..<$0], part[part.index(after: $0)...]) } ?? (part, "")
            pairs.append((Self.decode(name), Self.decode(value)))
        }
    }

    static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                      let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.index(after: utf8.startIndex)]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The parameters as a cache key: in order, each name and value apart.
    var key: String {
        pairs.map { "\u{0}" + $0.0 + "\u{1}" + $0.1 }.joined()
    }

    /// The last text given for `name`; an empty one counts as absent (a
    /// form's empty field), unlike for the typed readers below.
    subscript(_ name: String) -> String? {
        given(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func given(_ name: String) -> String? {
        pairs.last { $0.0 == name }.map(\.1)
    }

    /// Names that are not among `allowed`: a typo'd parameter is an error, not silently ignored.
    func refuseUnknown(_ allowed: [String]) throws {
        for (name, _) in pairs where !allowed.contains(name) {
            throw HTTPFailure(.badRequest, "unknown parameter \"\(name)\"" + NearestNames.suggestion(NearestNames.alike(name, among: allowed, limit: 3))
                + "; known: " + allowed.joined(separator: ", "))
        }
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text = given(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw HTTPFailure(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text.prefix(40))\"")
        }
        return n
    }

    func fraction(_ name: String) throws -> Double? {
        guard let text = given(name) else { return nil }
        guard let x = Double(text), x >= 0, x <= 1 else {
            throw HTTPFailure(.badRequest, "\(name) must be a number from 0 to 1, got \"\(text.prefix(40))\"")
        }
        return x
    }

    func bool(_ name: String) throws -> Bool {
        guard let text = given(name) else { return false }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw HTTPFailure(.badRequest, "\(name) must be true or false, got \"\(text.prefix(40))\"")
        }
    }

    func choice(_ name: String, among options: [String], default value: String) throws -> String {
        guard let text = given(name) else { return value }
        guard options.contains(text) else {
            throw HTTPFailure(.badRequest, "\(name) must be \(options.joined(separator: " or ")), got \"\(text.prefix(40))\"")
        }
        return text
    }
}
