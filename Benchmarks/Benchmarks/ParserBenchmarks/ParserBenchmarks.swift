import Benchmark
import Foundation
import HQL

/// Lex + parse throughput of the front end.
///
/// - `Parse corpus`: every statement of `Tests/HQLTests/Cases/*.hql`, one script per file; the
///   throughput metric counts statements (scaled iterations × corpus size).
/// - `Parse 30-predicate statement`: the aim is under 50 µs per statement in a release build.
let benchmarks: @Sendable () -> Void = {
    let casesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/HQLTests/Cases")
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? [])
        .filter { $0.hasSuffix(".hql") }
        .compactMap { try? String(contentsOf: casesDirectory.appendingPathComponent($0), encoding: .utf8) }
    let statementCount = files.reduce(0) { $0 + Script(SourceFile($1)).statementCount }

    Benchmark(
        "Parse corpus (\(statementCount) statements per iteration)",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for text in files { blackHole(Script(SourceFile(text))) }
        }
    }

    let thirtyPredicates = Benchmark.thirtyPredicateStatement
    Benchmark(
        "Parse 30-predicate statement",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Script(SourceFile(thirtyPredicates)))
        }
    }

    Benchmark(
        "Format 30-predicate statement (parse + print)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Script(SourceFile(thirtyPredicates)).formatted())
        }
    }
}

extension Benchmark {
    /// Thirty predicates of every kind, nested in groups, as a demanding user would write.
    static let thirtyPredicateStatement: String = {
        var predicates: [String] = []
        for index in 0..<6 {
            predicates.append("(lifecyclestage IN ('lead', 'opportunity', 'customer') OR hs_lead_status = 'NEW_\(index)')")
            predicates.append("createdate >= LAST \(30 + index) DAYS")
            predicates.append("email LIKE '%@domain\(index).com'")
            predicates.append("annualrevenue BETWEEN \(index * 1000) AND \(index * 1000 + 999)")
        }
        // 6 rounds × (IN + = + LAST + LIKE + BETWEEN) = 30 atomic predicates.
        return "SELECT email, firstname, lastname, companies.name FROM contacts WHERE "
            + predicates.joined(separator: " AND ")
            + " ORDER BY createdate DESC LIMIT 500"
    }()
}
