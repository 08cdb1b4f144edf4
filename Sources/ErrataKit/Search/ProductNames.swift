#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names one product goes by (postgres / postgresql / pg, k8s /
/// kubernetes): general facts of the field, not tuning for a record. A
/// version filter on one name finds records that use another. Users add
/// their own in `${XDG_CONFIG_HOME:-~/.config}/errata/product-names`, one
/// product a line, its names separated by spaces (`#` starts a comment).
public struct ProductNames: Sendable {
    /// The groups: each a set of lower-case names of one product.
    public private(set) var groups: [[String]]

    public static let builtin: [[String]] = [
        ["postgresql", "postgres", "pg", "psql"],
        ["kubernetes", "k8s", "kubectl"],
        ["node", "nodejs", "node.js"],
        ["python", "python3", "cpython", "py"],
        ["go", "golang"],
        ["dotnet", ".net", "c#", "csharp"],
        ["javascript", "js"],
        ["typescript", "ts"],
        ["docker", "docker-engine", "dockerd"],
        ["mysql", "mariadb"],
        ["nginx", "openresty"],
        ["openssl", "libssl"],
        ["aws", "amazon-web-services"],
        ["gcp", "google-cloud"],
        ["rust", "rustc", "cargo"],
        ["java", "jdk", "openjdk", "jvm"],
        ["ros2", "ros"],
    ]

    public init(groups: [[String]] = ProductNames.builtin) {
        self.groups = groups
    }

    /// The built-in names and the user's file.
    public static func load(environment: [String: String] = DatabaseLocation.processEnvironment()) -> ProductNames {
        var names = ProductNames()
        var base = environment["XDG_CONFIG_HOME"] ?? ""
        if base.isEmpty { base = (environment["HOME"] ?? ".") + "/.config" }
        if let bytes = try? FileSystem.readAll(base + "/errata/product-names") {
            names.add(String(decoding: bytes, as: UTF8.self))
        }
        return names
    }

    /// Adds groups from text: one a line, names separated by spaces.
    public mutating func add(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let names = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map { $0.lowercased() }
            if names.count >= 2 { groups.append(names) }
        }
    }

    /// Every name of the product `name` (itself first), lower-cased.
    public func variants(of name: String) -> [String] {
        let key = name.lowercased()
        var out = [key]
        for group in groups where group.contains(key) {
            for other in group where !out.contains(other) { out.append(other) }
        }
        return out
    }
}
