import Foundation
import HQLSandbox
import HubSpotAPI
@testable import HQL

/// The schema of a small generated portal, read through the in-process sandbox's transport as
/// a session would read it, and helpers to bind and plan statements against it.
enum PlanningSupport {
    /// 2026-11-29T12:00:00Z: relative dates resolve against this in tests.
    static let now: Int64 = 1_795_953_600_000

    /// Loaded once; tests await it (blocking a cooperative thread on it would deadlock).
    static func schema() async -> Schema? { await cache.schema() }

    private static let cache = SchemaCache()

    private actor SchemaCache {
        private var loaded: Schema??
        func schema() async -> Schema? {
            if let loaded { return loaded }
            let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate())
            let loader = SchemaLoader(transport: SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken)
            let schema = try? await loader.load()
            loaded = .some(schema)
            return schema
        }
    }

    struct Outcome {
        var query: BoundQuery?
        var plan: PhysicalPlan?
        var diagnostics: [Diagnostic]
    }

    static func plan(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                     parameters: [Parameter: Literal] = [:]) async -> Outcome {
        let source = SourceFile(text)
        let parsed = Parser.parse(source)
        guard let schema = await schema(), parsed.diagnostics.isEmpty, let statement = parsed.statements.first,
              case .select(let select) = statement.kind else {
            return Outcome(diagnostics: parsed.diagnostics)
        }
        var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: timeZone, now: now),
                            parameters: parameters)
        do {
            let query = try binder.bind(select)
            let plan = Planner(capabilities: .hubSpot).plan(query)
            return Outcome(query: query, plan: plan, diagnostics: [])
        } catch let failure as Binder.Failure {
            return Outcome(diagnostics: failure.diagnostics)
        } catch {
            return Outcome(diagnostics: [])
        }
    }

    /// The planned requests as sorted-key JSON text, one call per entry.
    static func requestsJSON(_ text: String) async -> String? {
        guard let plan = await plan(text).plan,
              let object = try? JSONSerialization.jsonObject(with: plan.explainJSON()) as? [String: Any],
              let requests = object["requests"],
              let data = try? JSONSerialization.data(withJSONObject: requests, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
