/// A seed record drafted from pasted output (`errata new`): the most
/// telling error line generalised into signature and regex, a domain
/// guessed the way match reads products, an id from the signature's
/// words, the versions the paste names, and empty dead ends and
/// workarounds to fill in.
public struct RecordDraft: Sendable {
    public var errorLine: String
    public var id: String
    public var domain: String
    public var signature: String
    public var regex: String
    public var versions: [String]

    /// What the database knows that the guesses use.
    public struct Knowledge: Sendable {
        public var domains: Set<String>
        public var products: Set<String>
        public var names: ProductNames
        /// The domain of the record that matched best, confident or not.
        public var nearestDomain: String?

        public init(domains: Set<String>, products: Set<String>, names: ProductNames, nearestDomain: String?) {
            self.domains = domains
            self.products = products
            self.names = names
            self.nearestDomain = nearestDomain
        }

        public static func of(_ db: Database, nearestDomain: String?) throws -> Knowledge {
            let domains = Set(try db.prepare("SELECT DISTINCT domain FROM records").map([]) { $0.text(0) ?? "" })
            return Knowledge(domains: domains, products: try VersionedProducts.all(db), names: ProductNames.load(),
                             nearestDomain: nearestDomain)
        }
    }

    /// nil when the input has no line at all. `taken` says whether an id
    /// is in use (a number is added until it is not).
    public static func draft(_ collector: ErrorLineCollector, knowledge: Knowledge, taken: (String) throws -> Bool) rethrows -> RecordDraft? {
        guard let line = collector.lines.first?.text, !line.isEmpty else { return nil }
        let general = LineGeneraliser.generalise(line)
        let everything = collector.recentLines
        let domain = guessDomain(line: line, context: everything, hints: collector.productHints, knowledge)
        let stop = FTSQuery.stopwords.union([domain, "error", "err", "n", "name", "path", "url", "address", "hex"])
        var slugWords: [String] = []
        for word in general.words where !stop.contains(word) && !slugWords.contains(word) && word.allSatisfy({ $0.isASCII }) {
            slugWords.append(word)
            if slugWords.count == 6 { break }
        }
        let slug = slugWords.isEmpty ? "error" : slugWords.joined(separator: "-")
        var id = domain + "/" + slug
        var n = 2
        while try taken(id) {
            id = domain + "/" + slug + "-\(n)"
            n += 1
        }
        return RecordDraft(errorLine: line, id: id, domain: domain, signature: general.signature, regex: general.regex,
                           versions: versions(in: everything + [line], knowledge))
    }

    /// A known domain the output's format gives away, or that the error
    /// line names (by any of its names), or the paste names most; else the
    /// nearest record's; else "local".
    static func guessDomain(line: String, context: [String], hints: Set<String>, _ knowledge: Knowledge) -> String {
        func domains(in text: String) -> [String] {
            LineNormalizer.words(text).flatMap { word in
                knowledge.names.variants(of: word).filter(knowledge.domains.contains)
            }
        }
        if let hinted = hints.sorted().first(where: knowledge.domains.contains) { return hinted }
        if let named = domains(in: line).first { return named }
        var counts: [String: Int] = [:]
        for text in context { for d in Set(domains(in: text)) { counts[d, default: 0] += 1 } }
        if let most = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key { return most }
        if let nearest = knowledge.nearestDomain, RecordDecoder.isValidID(nearest + "/x") { return nearest }
        return "local"
    }

    /// "nginx/1.24.0", "Python 3.12.1", "node v20.11.1": a product the
    /// records or product names know, then a dotted version.
    static func versions(in lines: [String], _ knowledge: Knowledge) -> [String] {
        var found: [String] = []
        for line in lines {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "(" || $0 == ")" || $0 == "," })
            for (i, token) in tokens.enumerated().dropLast() {
                let product = token.lowercased().trimmingCharacters(in: ":")
                var version = String(tokens[i + 1])
                if version.hasPrefix("v") { version.removeFirst() }
                while let last = version.last, !last.isNumber { version.removeLast() }
                guard version.contains("."), version.first?.isNumber == true,
                      version.allSatisfy({ $0.isNumber || $0 == "." }),
                      knowledge.products.contains(product) || knowledge.domains.contains(product) || knowledge.names.variants(of: product).count > 1
                else { continue }
                let entry = product + " " + version
                if !found.contains(entry) { found.append(entry) }
            }
        }
        return found
    }

    /// The draft as a seed record, members in the seed format's order.
    public func seedJSON(today: String) -> JSONValue {
        func string(_ s: String) -> JSONValue { .string(s) }
        let deadEnd = JSONObject([
            .init("action", string("")), .init("why_fails", string("")), .init("fail_rate", .null),
            .init("condition", string("")), .init("sources", .array([])),
        ])
        let workaround = JSONObject([
            .init("action", string("")), .init("success_rate", .null), .init("how", string("")),
            .init("condition", string("")), .init("sources", .array([])),
        ])
        return .object(JSONObject([
            .init("id", string(id)),
            .init("signature", string(signature)),
            .init("regex", string(regex)),
            .init("domain", string(domain)),
            .init("category", .null),
            .init("root_cause", string("")),
            .init("versions", .array(versions.map { v in
                .object(JSONObject([
                    .init("version", string(v)), .init("introduced", .null), .init("deprecated", .null),
                    .init("removed", .null), .init("behavior_change", .null), .init("status", string("active")),
                ]))
            })),
            .init("dead_ends", .array([.object(deadEnd)])),
            .init("workarounds", .array([.object(workaround)])),
            .init("transition_graph", .object(JSONObject([
                .init("leads_to", .array([])), .init("preceded_by", .array([])), .init("frequently_confused_with", .array([])),
            ]))),
            .init("first_seen", string(today)),
            .init("tags", .array([])),
        ]))
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
