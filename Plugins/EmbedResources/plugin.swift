import Foundation
import PackagePlugin

/// Hands schema.sql and every seed file to `errata-embed`, which writes them
/// into a Swift source file of ErrataKit. Re-run on every build, so a new or
/// edited seed is picked up without any manual step.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let schema = root.appending(path: "schema.sql")
        let seedsDir = root.appending(path: "seeds")
        var seeds: [URL] = []
        if let walker = FileManager.default.enumerator(at: seedsDir, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "json" {
                seeds.append(url)
            }
        }
        seeds.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding schema.sql and \(seeds.count) seeds",
                executable: try context.tool(named: "errata-embed").url,
                arguments: [output.path, root.path, schema.path] + seeds.map(\.path),
                inputFiles: [schema] + seeds,
                outputFiles: [output]
            )
        ]
    }
}
