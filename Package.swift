// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Errata",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "errata", targets: ["errata"]),
        .executable(name: "errata-mcp", targets: ["errata-mcp"]),
        .executable(name: "errata-serve", targets: ["errata-serve"]),
        .library(name: "ErrataKit", targets: ["ErrataKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // errata serve. No traits: neither swift-configuration nor the full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // Turns schema.sql and seeds/ into Swift source at build time, so the
        // binary carries them and works wherever it is copied.
        .executableTarget(name: "errata-embed", path: "Sources/errata-embed"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["errata-embed"]
        ),
        // The FTS5 function the ranking reads its statistics with (C: it runs per matching row).
        // DWARF 4: valgrind 3.19 (callgrind, Scripts/startup-instructions.sh) cannot read clang's DWARF 5.
        .target(name: "CErrataStats", dependencies: ["CSQLite"], cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .target(
            name: "ErrataKit",
            dependencies: ["CSQLite", "CErrataStats", "CPCRE2"],
            exclude: ["README.md"],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "errata",
            dependencies: [
                "ErrataKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The MCP server `errata mcp` hands over to: its own executable, so
        // that the SDK and the full Foundation it needs stay out of the
        // start-up of every other command.
        .executableTarget(
            name: "errata-mcp",
            dependencies: [
                "ErrataKit",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP server `errata serve` hands over to, for the same reason:
        // SwiftNIO and Hummingbird stay out of every other command's start-up.
        .executableTarget(
            name: "errata-serve",
            dependencies: [
                "ErrataKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Benchmarks (not tests): swift build -c release --static-swift-stdlib && .build/release/errata-bench
        .target(name: "BenchSupport", dependencies: ["ErrataKit"]),
        .executableTarget(name: "errata-bench", dependencies: ["ErrataKit", "BenchSupport"]),
        // Finding quality on ../shared/bench/dev-queries.jsonl, by fold: swift build -c release && .build/release/errata-quality
        .executableTarget(name: "errata-quality", dependencies: ["ErrataKit", "BenchSupport"]),
        // What both test targets need of ../shared, and the skip summary.
        .target(name: "SharedDataSupport", path: "Tests/SharedDataSupport"),
        .testTarget(name: "ErrataKitTests", dependencies: ["ErrataKit", "SharedDataSupport", "BenchSupport"]),
        // The real binaries, errata and errata-mcp (the latter through the SDK's own client).
        .testTarget(name: "ErrataCLITests", dependencies: [
            "ErrataKit", "SharedDataSupport",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
    ]
)
