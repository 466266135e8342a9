import Foundation
import HQLSandbox
import HQLSandboxServer
import HubSpotAPI
@testable import HQL

/// `hubspot-sandbox`'s server on an ephemeral loopback port and a session over HTTP to it, with
/// its own undo journal in a temporary folder. Counts come from the sandbox's own counter.
struct WriteRig {
    let sandbox: Sandbox
    let session: Session
    let url: String
    let journal: URL

    static let fast = SandboxSettings(searchRequestsPerSecond: 5_000, requestsPerTenSeconds: 100_000, requestsPerDay: 10_000_000)

    /// Runs `body` against a server for `portal`; `transport` may wrap the HTTP transport.
    static func with(_ portal: Portal, settings: SandboxSettings = fast,
                     transport wrap: (@Sendable (any HubSpotTransport) -> any HubSpotTransport)? = nil,
                     _ body: @Sendable (WriteRig) async throws -> Void) async throws {
        let sandbox = Sandbox(portal: portal, settings: settings)
        let server = SandboxServer(sandbox: sandbox, host: "127.0.0.1", port: 0, ownThread: true)
        try await server.whileRunning { port in
            let url = "http://127.0.0.1:\(port)"
            // A generous connect limit: the whole suite runs on two cores, where a write test
            // takes 80–100 s and a loopback connection once waited past 3 s three times (the
            // pool's timeout) — load, not what these tests check.
            var connection = try Connection.url(url, token: settings.token, timeouts: Connection.Timeouts(connectMilliseconds: 30_000))
            if let wrap { connection = .transport(wrap(connection.transport), token: settings.token, endpoint: url) }
            let session = Session(connection: connection, timeZone: TimeZone(identifier: "UTC") ?? .current, capabilities: .hubSpot,
                                  rateLimits: RateLimits.hubSpot.scaled(by: 1_000), clock: SystemClock(),
                                  retry: RetryPolicy(maxAttempts: 8, retryBudget: 400, baseDelay: 5, maxDelay: 40))
            let journal = FileManager.default.temporaryDirectory.appendingPathComponent("hql-journal-\(UUID().uuidString)")
            var options = session.writeOptions
            options.journal = UndoJournal(directory: journal)
            session.writeOptions = options
            defer { try? FileManager.default.removeItem(at: journal) }
            try await body(WriteRig(sandbox: sandbox, session: session, url: url, journal: journal))
        }
    }

    /// Loads the schema, then zeroes the counter: counts are the statements' alone.
    func warm() async throws {
        try await session.refreshSchema()
        await sandbox.resetStats()
    }

    func requests() async -> Int { await sandbox.currentStats().total }

    func requests(_ kind: String) async -> Int { await sandbox.currentStats().byKind[kind]?.values.reduce(0, +) ?? 0 }

    func setYes(_ yes: Bool = true) {
        var options = session.writeOptions
        options.assumeYes = yes
        session.writeOptions = options
    }

    /// `GET /__sandbox/dump` over HTTP: live records of `object` by id (archived ones left out).
    func dump(_ object: String) async throws -> [String: [String: String]] {
        let data = try await dumpData()
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let records = (document["records"] as? [String: Any])?[object] as? [[String: Any]] else {
            throw ExecutionError(message: "no records in the dump")
        }
        var live: [String: [String: String]] = [:]
        for record in records where (record["archived"] as? Bool) != true {
            guard let id = record["id"] as? Int64 ?? (record["id"] as? Int).map(Int64.init) else { continue }
            live[String(id)] = record["properties"] as? [String: String] ?? [:]
        }
        return live
    }

    /// `GET /__sandbox/dump`'s body, through HQL's own transport: URLSession's work runs on
    /// Dispatch's shared threads, which a whole test run starves past any sensible limit.
    func dumpData() async throws -> Data {
        guard let base = URL(string: url) else { throw ExecutionError(message: "bad url") }
        // Generous limits: a dump of 25,000 records is built in one go by a debug build on a
        // loaded machine (20 s without a byte once ran out in a run with a CPU hog beside it).
        let limits = Connection.Timeouts(connectMilliseconds: 30_000, idleMilliseconds: 300_000, requestMilliseconds: 600_000)
        let transport = HTTPTransport(baseURL: base, maxResponseBytes: 1 << 30, timeouts: limits)
        let response = try await transport.send(HubSpotRequest(method: .get, path: "/__sandbox/dump"))
        guard response.status == 200 else { throw ExecutionError(message: "dump answered \(response.status)") }
        return response.body
    }

    /// The associations in the dump, as "fromId>toId:typeId".
    func dumpedAssociations() async throws -> Set<String> {
        let data = try await dumpData()
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let edges = document["associations"] as? [[String: Any]] else { return [] }
        return Set(edges.map { edge in
            "\(edge["fromId"] ?? "")>\(edge["toId"] ?? ""):\(edge["typeId"] ?? "")"
        })
    }
}

extension WriteRig {
    /// A property's definition in `/__sandbox/dump`: label, group and options (value: label).
    func dumpedProperty(_ object: String, _ name: String) async throws -> (label: String, group: String, options: [String: String])? {
        let data = try await dumpData()
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let types = document["types"] as? [[String: Any]],
              let type = types.first(where: { $0["name"] as? String == object }),
              let properties = type["properties"] as? [[String: Any]],
              let property = properties.first(where: { $0["name"] as? String == name }) else { return nil }
        var options: [String: String] = [:]
        for option in property["options"] as? [[String: Any]] ?? [] {
            if let value = option["value"] as? String { options[value] = option["label"] as? String ?? "" }
        }
        return (property["label"] as? String ?? "", property["groupName"] as? String ?? "", options)
    }
}
