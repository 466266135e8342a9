// swift-tools-version:6.1
import PackageDescription

// Kept out of the main package so CI's build stays lean: `cd Benchmarks && swift package benchmark`.
let package = Package(
    name: "HQLBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the reference does not depend on the checkout folder's name.
        .package(name: "HQL", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PlannerBenchmarks",
            dependencies: [
                .product(name: "HQL", package: "HQL"),
                .product(name: "HQLSandbox", package: "HQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PlannerBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ParserBenchmarks",
            dependencies: [
                .product(name: "HQL", package: "HQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ParserBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SandboxBenchmarks",
            dependencies: [
                .product(name: "HQLSandbox", package: "HQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SandboxBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ExecutorBenchmarks",
            dependencies: [
                .product(name: "HQL", package: "HQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ExecutorBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "FuzzBenchmarks",
            dependencies: [
                .product(name: "HQLSandbox", package: "HQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FuzzBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StartupBenchmarks",
            dependencies: [.product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/StartupBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
