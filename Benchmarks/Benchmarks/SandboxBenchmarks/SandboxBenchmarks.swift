import Benchmark
import HQLSandbox
import HubSpotAPI

/// The sandbox engine: search throughput and portal generation.
///
/// - `Search 25,000 contacts, three filters`: enumeration `EQ`, datetime `GTE`, string `IN`; one
///   search per iteration, 100 results rendered. The aim is under 5 ms per search (release).
/// - `64 concurrent searches, 25,000 contacts`: the same search fired 64 times at once (one
///   iteration is the wall time until all 64 answered). Searches are evaluated outside the
///   sandbox actor on a snapshot, so on n cores this is about 64 searches / n, not 64 in a row.
/// - `Generate demo portal`: the default `hubspot-sandbox` portal (12,000 contacts and the rest);
///   the aim is under a second (release).
let benchmarks: @Sendable () -> Void = {
    var options = PortalGenerator.Options.demo
    options.contacts = 25_000
    let sandbox = Sandbox(portal: PortalGenerator(options: options).generate())
    let request = SearchRequest(
        filterGroups: [FilterGroup(filters: [
            Filter(propertyName: "lifecyclestage", operator: .eq, value: "customer"),
            Filter(propertyName: "createdate", operator: .gte, value: "1609459200000"),
            Filter(propertyName: "country", operator: .in, values: ["france", "germany", "united states"]),
        ])],
        limit: 100)

    Benchmark(
        "Search 25,000 contacts, three filters",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sandbox.search(request, objectType: "contacts"))
        }
    }

    Benchmark(
        "64 concurrent searches, 25,000 contacts",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            try await withThrowingTaskGroup(of: ObjectPage.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await sandbox.search(request, objectType: "contacts") }
                }
                for try await page in group { blackHole(page) }
            }
        }
    }

    Benchmark(
        "Generate demo portal",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 10)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PortalGenerator(options: .demo).generate())
        }
    }
}
