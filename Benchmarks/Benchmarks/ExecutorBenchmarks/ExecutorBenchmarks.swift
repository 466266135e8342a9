import Benchmark
import Foundation
import HQL

/// The executor against `hubspot-sandbox` on loopback, in its own process (so the memory measured
/// is the client's alone), with HubSpot's limits scaled ×`scale` on both sides: the sandbox
/// enforces them, the session budgets for them.
///
/// - `Stream N contacts`: every row of a search past the 10,000 ceiling (keyset on
///   hs_object_id), five properties a row. Rows per second over the ceiling
///   (`searchesPerSecond × 200`) is the fraction of the rate limit the executor uses (aim ≥ 0.9);
///   CPU time per 100,000 rows (aim ≤ 1 s); peak resident memory (aim ≤ 100 MB, independent of
///   the row count: compare 100,000 and 200,000).
///
/// Needs the release `hubspot-sandbox`: `swift build -c release --product hubspot-sandbox` in the
/// main package (`make benchmarks` does it), or `HQL_SANDBOX_BINARY=/path`.
let scale = Int(ProcessInfo.processInfo.environment["HQL_BENCH_SCALE"] ?? "") ?? 10

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0, maxDuration: .seconds(120),
        maxIterations: 1)

    // The same 100,000 rows with three computed columns: the CPU difference is what computing
    // them costs (aim: under 1 s per 100,000 rows).
    let plain = "hs_object_id, email, firstname, lastname, createdate"
    let computed = "hs_object_id, LOWER(email), LENGTH(firstname) * 2, DATE_TRUNC('month', createdate)"
    for (rows, columns, label) in [(100_000, plain, ""), (200_000, plain, ""), (100_000, computed, " with three computed columns")] {
        Benchmark("Stream \(rows / 1000)k contacts\(label) over HTTP, limits ×\(scale)", configuration: configuration) { benchmark in
            let url = await SandboxProcess.shared.url()
            let session = Session(connection: try .url(url, token: "sandbox-token"),
                                  rateLimits: RateLimits.hubSpot.scaled(by: scale))
            try await session.refreshSchema()
            benchmark.startMeasurement()
            let started = ContinuousClock.now
            let result = try await session.query(
                "SELECT \(columns) FROM contacts WHERE hs_object_id > 0 LIMIT \(rows)")
            var count = 0
            for try await row in result {
                blackHole(row)
                count += 1
            }
            benchmark.stopMeasurement()
            let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - started).components.seconds)
            let ceiling = Double(5 * scale * 200)
            let statistics = await result.statistics
            print("\(count) rows in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) rows/s, "
                + "\(String(format: "%.2f", Double(count) / seconds / ceiling)) of the ceiling (\(Int(ceiling)) rows/s); \(statistics)")
        }
    }
}

nonisolated(unsafe) var sandboxPID: Int32 = 0

/// `hubspot-sandbox` with 200,000 contacts, started once per benchmark process.
actor SandboxProcess {
    static let shared = SandboxProcess()
    private var address: String?

    func url() -> String {
        if let address { return address }
        let binary = ProcessInfo.processInfo.environment["HQL_SANDBOX_BINARY"] ?? "../.build/release/hubspot-sandbox"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0", "--contacts", "200000", "--companies", "20", "--deals", "20", "--tickets", "20",
                             "--search-rate", String(5 * scale), "--rate-limit", String(100 * scale)]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { fatalError("cannot start \(binary): \(error) — build it with `swift build -c release --product hubspot-sandbox`") }
        var line = ""
        let handle = pipe.fileHandleForReading
        while !line.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { break }
            line += String(decoding: data, as: UTF8.self)
        }
        guard let range = line.range(of: "http://") else { fatalError("hubspot-sandbox did not start: \(line)") }
        let found = String(line[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        address = found
        sandboxPID = process.processIdentifier
        // Only the sandbox: the benchmark runner shares this process group.
        atexit { if sandboxPID > 0 { kill(sandboxPID, SIGTERM) } }
        return found
    }
}
