/// How an identifier falls into words: what the index stores for a record
/// and what a query is read into, so that the two agree (below both Store
/// and Rank).
enum IdentifierParts {
    /// `OutOfMemoryError` -> out, of, memory, error; `HTTPServer2Error` ->
    /// http, server2, error: a new part starts at a lower-to-upper change and
    /// before the last capital of a capital run followed by a lower case letter.
    static func split(_ token: [Unicode.Scalar]) -> [String] {
        var parts: [String] = []
        var current: [Unicode.Scalar] = []
        for (i, c) in token.enumerated() {
            if i > 0, c.properties.isUppercase {
                let previous = token[i - 1]
                let nextIsLower = i + 1 < token.count && token[i + 1].properties.isLowercase
                if previous.properties.isLowercase || previous.properties.numericType != nil
                    || (previous.properties.isUppercase && nextIsLower) {
                    parts.append(String(String.UnicodeScalarView(current)).lowercased())
                    current = []
                }
            }
            current.append(c)
        }
        if !current.isEmpty { parts.append(String(String.UnicodeScalarView(current)).lowercased()) }
        return parts
    }
}
