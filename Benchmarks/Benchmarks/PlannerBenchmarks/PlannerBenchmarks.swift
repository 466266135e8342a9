import Benchmark
import HQL
import HQLSandbox

/// Bind + plan of a 30-predicate statement against the schema of a small sandbox portal (read
/// once, before measuring); the aim is under 100 µs. The statement is parsed once, as a prepared
/// statement is, and each iteration binds and plans it afresh (`PreparedStatement.plan` skips
/// the plan cache). The others add parsing, and parsing plus EXPLAIN's JSON rendering.
let benchmarks: @Sendable () -> Void = {
    let statement: String = {
        var predicates: [String] = []
        let statuses = ["NEW", "OPEN", "IN_PROGRESS", "CONNECTED", "BAD_TIMING", "UNQUALIFIED"]
        for index in 0..<6 {
            predicates.append("(lifecyclestage IN ('lead', 'opportunity', 'customer') OR hs_lead_status = '\(statuses[index])')")
            predicates.append("createdate >= LAST \(30 + index) DAYS")
            predicates.append("email LIKE '%@domain\(index).com'")
            predicates.append("num_associated_deals BETWEEN \(index) AND \(index + 10)")
        }
        // 6 rounds × (IN + = + LAST + LIKE + BETWEEN) = 30 atomic predicates.
        return "SELECT email, firstname, lastname FROM contacts WHERE " + predicates.joined(separator: " AND ")
            + " ORDER BY createdate DESC LIMIT 500"
    }()

    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 20_000)

    Benchmark(
        "Bind + plan, 30-predicate statement",
        configuration: configuration
    ) { benchmark in
        let session = await SessionCache.shared.session(statement)
        guard let prepared = try? session.prepare(statement) else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await prepared.plan())
        }
    }

    Benchmark(
        "Parse + bind + plan, 30-predicate statement",
        configuration: configuration
    ) { benchmark in
        let session = await SessionCache.shared.session(statement)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await session.plan(statement))
        }
    }

    Benchmark(
        "Parse + bind + plan + EXPLAIN JSON, 30-predicate statement",
        configuration: configuration
    ) { benchmark in
        let session = await SessionCache.shared.session(statement)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await session.explain(statement, format: .json))
        }
    }
}

/// One session for every run: the closures run many times, the portal and schema are made once.
actor SessionCache {
    static let shared = SessionCache()
    private var cached: Session?

    func session(_ statement: String) async -> Session {
        if let cached { return cached }
        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate(),
                              settings: SandboxSettings(searchRequestsPerSecond: 1_000_000, requestsPerTenSeconds: 10_000_000))
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken))
        _ = try? await session.plan(statement)  // reads the schema once
        cached = session
        return session
    }
}
