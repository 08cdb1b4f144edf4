import ArgumentParser
import ErrataKit

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the seed or canon format.",
        discussion: """
            Made from the same tables the importer checks records with (a regex must also compile, and a \
            date exist, which a schema cannot say). For an editor: "$schema" in a file, or VS Code's \
            json.schemas; schemas/seed.schema.json and schemas/canon.schema.json are this output.
            """
    )

    @Argument(help: ArgumentHelp("The format: seed or canon.", valueName: "format"))
    var format = "seed"

    func validate() throws {
        if RecordFormat(rawValue: format) == nil { throw ValidationError("expected seed or canon, got '\(format)'") }
    }

    func run() throws {
        try Terminal.write(JSONWriter.pretty(RecordSchema.document(for: RecordFormat(rawValue: format) ?? .seed)) + "\n")
    }
}
