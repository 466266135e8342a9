// swift-tools-version:6.1
import PackageDescription

// Every target is compiled in the Swift 6 language mode (strict concurrency), tests included.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "HQL",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HQL", targets: ["HQL"]),
        .library(name: "HQLSandbox", targets: ["HQLSandbox"]),
        .library(name: "HQLShell", targets: ["HQLShell"]),
        .executable(name: "hql", targets: ["hql"]),
        .executable(name: "hubspot-sandbox", targets: ["hubspot-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        // HTTPS to HubSpot (and HTTP to a loopback hubspot-sandbox): HQL's own small HTTP/1.1
        // client on NIO's channels and TLS (both already built for hummingbird).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        // SHA-256 names the schema cache file after the token without storing it (already built
        // for NIO's TLS stack).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // A channel with back-pressure for scans that read through two budgets at once (already
        // built for hummingbird).
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.0.0"),
    ],
    targets: [
        // HubSpot wire types, the transport protocol and the shared search capabilities:
        // the one place the planner and the sandbox both read HubSpot's limits from.
        .target(name: "HubSpotAPI", swiftSettings: swiftSettings),
        // The engine: Syntax → Semantics → Planning → Execution.
        .target(
            name: "HQL",
            dependencies: [
                "HubSpotAPI",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HubSpot emulator engine; no HTTP framework here (the demo CRM runs it in-process).
        .target(name: "HQLSandbox", dependencies: ["HubSpotAPI"], swiftSettings: swiftSettings),
        // The sandbox over HTTP on loopback: the only library that brings in hummingbird.
        .target(
            name: "HQLSandboxServer",
            dependencies: ["HQLSandbox", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        // REPL logic with no terminal dependency.
        // The demo CRM (the in-process sandbox) is part of the shell: `hql --demo` and the samples test.
        .target(name: "HQLShell", dependencies: ["HQL", "HQLSandbox", "HubSpotAPI"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // libedit's el_set/history are C-variadic; Swift calls them through these small wrappers.
        .target(name: "CEditShim", dependencies: ["CLibEdit"]),
        .executableTarget(
            name: "hql",
            dependencies: [
                "HQL", "HQLShell", "HQLSandbox", "CEditShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hubspot-sandbox",
            dependencies: [
                "HQLSandbox", "HQLSandboxServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HQLTests",
            // The sandbox supplies the schema the binder and planner are tested against.
            dependencies: ["HQL", "HQLSandbox", "HQLSandboxServer", "HubSpotAPI"],
            // Golden files are read from the source tree (so HQL_UPDATE_GOLDEN can rewrite them).
            exclude: ["Golden"],
            resources: [.copy("Cases")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HQLSandboxTests",
            dependencies: ["HQLSandbox", "HQLSandboxServer", "HubSpotAPI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HQLShellTests", dependencies: ["HQLShell", "HQL", "HQLSandbox", "HQLSandboxServer", "HubSpotAPI"],
            exclude: ["SampleOutputs"], swiftSettings: swiftSettings
        ),
    ]
)
