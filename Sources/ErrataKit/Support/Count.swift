/// Numbers for people: 1,428.
public enum Count {
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    /// "1 record", "2 records": the noun in the number it counts
    /// (`grouped`: "1,428 records").
    public static func of(_ n: Int, _ singular: String, _ plural: String? = nil, grouped: Bool = false) -> String {
        (grouped ? Self.grouped(n) : String(n)) + " " + (n == 1 ? singular : plural ?? singular + "s")
    }
}
