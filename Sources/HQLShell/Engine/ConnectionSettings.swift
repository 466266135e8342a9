import Foundation
import HQL

/// Which portal `hql` talks to and how: the connection policy, shared by the command line,
/// `.connect` and the configuration file (what the command line names wins; the file fills the
/// rest; scripts never fall back to the demo CRM silently).
public struct ConnectionSettings: Sendable, Hashable {
    public var demo = false
    public var token: String?
    public var baseURL: String?
    public var timezone: String?
    public var searchRate: Int?
    public var rateLimit: Int?
    public var timeout: Double?
    public var refreshSchema = false
    /// The portal's daily allowance when HubSpot's headers do not say it.
    public var dailyLimit: Int?

    public init(demo: Bool = false, token: String? = nil, baseURL: String? = nil, timezone: String? = nil, searchRate: Int? = nil,
                rateLimit: Int? = nil, timeout: Double? = nil, refreshSchema: Bool = false, dailyLimit: Int? = nil) {
        self.dailyLimit = dailyLimit
        self.demo = demo
        self.token = token
        self.baseURL = baseURL
        self.timezone = timezone
        self.searchRate = searchRate
        self.rateLimit = rateLimit
        self.timeout = timeout
        self.refreshSchema = refreshSchema
    }

    /// The portal's limits: HubSpot's (5 searches a second, 100 requests per 10 s) unless named.
    public var limits: RateLimits {
        RateLimits(searchesPerSecond: max(1, searchRate ?? 5), requestsPerWindow: max(1, rateLimit ?? 100))
    }

    /// Fills what the command line left out from the configuration file's settings; a
    /// connection named on the command line is never replaced by the file's.
    public mutating func apply(_ config: [String: String]) {
        let explicit = demo || baseURL != nil || token != nil
        if !explicit {
            baseURL = config["base-url"]
            if let variable = config["token-env"] { token = ProcessInfo.processInfo.environment[variable] }
            demo = config["demo"] == "true"
        }
        timezone = timezone ?? config["timezone"]
        searchRate = searchRate ?? config["search-rate"].flatMap(Int.init)
        rateLimit = rateLimit ?? config["rate-limit"].flatMap(Int.init)
        timeout = timeout ?? config["timeout"].flatMap(Double.init)
        dailyLimit = dailyLimit ?? config["daily-limit"].flatMap(Int.init)
    }

    /// The token: named, else `HUBSPOT_ACCESS_TOKEN`.
    public var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["HUBSPOT_ACCESS_TOKEN"] }
    public var hasCredentials: Bool { demo || baseURL != nil || resolvedToken != nil }

    /// The session these settings name; nil when they name none (and the demo is not allowed).
    public func session(allowDemoFallback: Bool) throws -> Session? {
        let zone = try timeZone()
        let session: Session
        // What a session reads of the schema is kept a day for the next process (the token is
        // never stored: the file is named by a digest of it).
        let cache = SchemaCache.standard(maxAge: refreshSchema ? .zero : .seconds(24 * 3_600))
        if let baseURL {
            session = Session(connection: try .url(baseURL, token: resolvedToken ?? "sandbox-token"), timeZone: zone, rateLimits: limits,
                              schemaCache: cache)
        } else if !demo, let token = resolvedToken, !token.isEmpty {
            session = Session(connection: .hubSpot(token: token), timeZone: zone, rateLimits: limits, schemaCache: cache)
        } else if demo || allowDemoFallback {
            // The demo's limits are HubSpot's ×10 unless the command line names others.
            let demoLimits = searchRate == nil && rateLimit == nil ? DemoCRM.demoLimits
                : RateLimits(searchesPerSecond: max(1, searchRate ?? DemoCRM.demoLimits.searchesPerSecond),
                             requestsPerWindow: max(1, rateLimit ?? DemoCRM.demoLimits.requestsPerWindow))
            session = DemoCRM.session(timeZone: zone, limits: demoLimits)
        } else {
            return nil
        }
        if let timeout {
            guard timeout >= 0, timeout < 1e9 else { throw ExecutionError(message: "--timeout takes seconds, e.g. 30 or 2.5") }
            session.statementTimeout = timeout > 0 ? .milliseconds(Int64(timeout * 1_000)) : nil
        }
        if let dailyLimit { session.dailyLimit = dailyLimit }
        return session
    }

    private func timeZone() throws -> TimeZone {
        guard let timezone else { return TimeZone(identifier: "UTC") ?? .current }
        guard let zone = TimeZone(identifier: timezone) else {
            throw ExecutionError(message: "unknown time zone '\(timezone)' (e.g. Europe/Paris, UTC)")
        }
        return zone
    }
}
