import ArgumentParser
import ErrataKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Record what happened here: a workaround worked or failed, a dead end was confirmed.",
        discussion: """
            N is the number `errata show ID` prints (from 1) or the start of the action's text. Outcomes are kept \
            apart from the record (export gives the record back unchanged) and tied to its id and the action's \
            text; show then gives each workaround's declared rate with what was observed, ordered by both.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The workaround the outcome is about.", valueName: "n"))
    var workaround: String?

    @Option(name: .customLong("dead-end"), help: ArgumentHelp("The dead end the outcome is about.", valueName: "n"))
    var deadEnd: String?

    @Flag(help: "The workaround worked.")
    var worked = false

    @Flag(help: "The workaround failed.")
    var failed = false

    @Flag(help: "The dead end failed here too, as the record says.")
    var confirmed = false

    @Option(help: ArgumentHelp("A note kept with the outcome.", valueName: "text"))
    var note: String?

    @Argument(help: ArgumentHelp("The record id, e.g. nginx/ssl-certificate-verify-failed.", valueName: "id"), completion: Completions.recordIDs)
    var id: String

    func validate() throws {
        switch (workaround, deadEnd) {
        case (.some, nil):
            if worked == failed || confirmed { throw ValidationError("a workaround outcome is --worked or --failed") }
        case (nil, .some):
            if !confirmed || worked || failed { throw ValidationError("a dead end outcome is --confirmed") }
        default:
            throw ValidationError("name one --workaround N or one --dead-end N")
        }
    }

    func run() throws {
        let db = try global.open(.write)
        defer { ErrataDatabase.finishWriting(db) }
        let report = OutcomeReport(recordID: id, kind: workaround != nil ? .workaround : .deadEnd, selector: workaround ?? deadEnd ?? "",
                                   result: worked ? .worked : failed ? .failed : .confirmed, note: note)
        let receipt = try reportingErrors { try report.record(in: db) }
        try Terminal.write(receipt.summary + "\n")
    }
}
