/// The order in which a record's workarounds are offered: as written,
/// until outcomes were reported here; then by the rate that blends the
/// declared one with them, best first. `show`, `match` and the MCP server
/// all offer them so.
public enum WorkaroundOrder {
    /// Each workaround's index in the record with its declared and observed rate.
    public static func ordered(_ record: RecordData, observed: [String: ObservedRate]) -> [(index: Int, rate: ObservedRate)] {
        let rates: [ObservedRate] = record.workarounds.map { row in
            var rate = observed[OutcomeTarget.text(of: row, kind: .workaround)] ?? ObservedRate()
            if case .number(let n)? = row.values["success_rate"] { rate.declared = n.doubleValue }
            return rate
        }
        var order = Array(record.workarounds.indices)
        if rates.contains(where: { $0.observed > 0 }) {
            order.sort { (rates[$0].blended ?? -1, -$0) > (rates[$1].blended ?? -1, -$1) }
        }
        return order.map { ($0, rates[$0]) }
    }
}
