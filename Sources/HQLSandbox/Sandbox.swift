import Foundation
import HubSpotAPI

/// An in-memory HubSpot CRM: answers HubSpot API requests exactly as the HTTP server does (the
/// server calls ``respond(to:)`` too), so in-process and loopback behave the same.
///
/// ```swift
/// let sandbox = Sandbox(portal: PortalGenerator(options: .demo).generate())
/// let transport = SandboxTransport(sandbox: sandbox)
/// ```
public actor Sandbox {
    var portal: Portal
    /// The settings it was created with.
    public nonisolated let settings: SandboxSettings
    var limiter: RateLimiter
    private var faults: SeededRandom
    private var correlations: SeededRandom
    var stats = RequestStats()
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    let decoder = JSONDecoder()

    /// Creates a sandbox serving `portal`.
    public init(portal: Portal, settings: SandboxSettings = SandboxSettings()) {
        self.portal = portal
        self.settings = settings
        self.limiter = RateLimiter(
            searchPerSecond: settings.searchRequestsPerSecond, perTenSeconds: settings.requestsPerTenSeconds,
            perDay: settings.requestsPerDay)
        self.faults = SeededRandom(seed: settings.faultSeed)
        self.correlations = SeededRandom(seed: settings.faultSeed &+ 0x5EED)
    }

    var capabilities: SearchCapabilities { settings.capabilities }
    var now: Int64 { settings.clock.now() }

    /// Answers one request, after the configured latency.
    public nonisolated func respond(to request: HubSpotRequest) async -> SandboxOutcome {
        await respond(to: request, bodyOverLimit: false)
    }

    /// Answers a request whose body was over ``SandboxSettings/maxBodyBytes`` and was not read
    /// (the HTTP server stops reading at the limit): the 413 that ``respond(to:)`` gives such a
    /// body in-process. `request` carries the method, path, query and headers; its body is ignored.
    public nonisolated func respondToOversizedBody(_ request: HubSpotRequest) async -> SandboxOutcome {
        await respond(to: request, bodyOverLimit: true)
    }

    private nonisolated func respond(to request: HubSpotRequest, bodyOverLimit: Bool) async -> SandboxOutcome {
        if settings.latencyMilliseconds > 0 {
            try? await Task.sleep(nanoseconds: UInt64(settings.latencyMilliseconds) * 1_000_000)
        }
        return await handle(request, bodyOverLimit: bodyOverLimit)
    }

    /// The request counts so far.
    public func currentStats() -> RequestStats { stats }

    /// Clears the request counts.
    public func resetStats() { stats = RequestStats() }

    // MARK: - The pipeline: admin, auth, routing, limits, faults, handler

    private func handle(_ incoming: HubSpotRequest, bodyOverLimit: Bool) -> SandboxOutcome {
        var request = incoming
        if let mark = request.path.firstIndex(of: "?") {
            request.query = Self.parseQuery(String(request.path[request.path.index(after: mark)...])) + request.query
            request.path = String(request.path[..<mark])
        }
        if request.path.hasPrefix("/__sandbox/") || request.path == "/__sandbox" {
            return .response(admin(request))
        }
        let correlationId = correlations.uuid()
        let route = SandboxRoute.parse(method: request.method, path: request.path)
        let kind = route?.kind ?? "unknown"
        var headers = ["X-HubSpot-Correlation-Id": correlationId]

        func finish(_ status: Int, _ body: [UInt8]?, rateHeaders: Bool) -> SandboxOutcome {
            if rateHeaders { headers.merge(rateLimitHeaders(), uniquingKeysWith: { $1 }) }
            if body != nil { headers["Content-Type"] = "application/json;charset=utf-8" }
            stats.record(kind: kind, status: status)
            return .response(HubSpotResponse(status: status, headers: headers, body: Data(body ?? [])))
        }
        func fail(_ error: SandboxError, rateHeaders: Bool = false) -> SandboxOutcome {
            finish(error.status, errorBody(error, correlationId: correlationId), rateHeaders: rateHeaders)
        }

        // Refused before auth, routing and limits, as a front proxy refuses it before anything reads it.
        if bodyOverLimit || (request.body?.count ?? 0) > settings.maxBodyBytes {
            return fail(.payloadTooLarge(limit: settings.maxBodyBytes))
        }
        guard isAuthorized(request) else {
            let missing = request.header("Authorization") == nil
            return fail(SandboxError(
                status: 401, category: "INVALID_AUTHENTICATION",
                message: missing
                    ? "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
                    : "Authentication credentials are not valid for this portal."))
        }
        guard let route else { return fail(.unknownPath(request.method, request.path)) }

        let instant = now
        let rateHeaders = !route.isSearch
        switch route.isSearch ? limiter.admitSearch(at: instant) : limiter.admit(at: instant) {
        case .allowed: break
        case .searchLimited:
            return finish(429, json(HubSpotErrorBody(
                message: "You have reached your secondly limit.", correlationId: correlationId, category: "RATE_LIMITS")),
                rateHeaders: false)
        case let verdict:
            let daily = verdict == .dailyLimited
            let policy = daily ? "DAILY" : "TEN_SECONDLY_ROLLING"
            let name = daily ? "daily" : "ten_secondly_rolling"
            return finish(429, json(HubSpotErrorBody(
                message: "You have reached your \(name) limit.", correlationId: correlationId, category: nil,
                errorType: "RATE_LIMIT", policyName: policy)), rateHeaders: true)
        }

        if settings.faultRate > 0, faults.unit() < settings.faultRate {
            let statuses = settings.faultStatuses
            let pick = faults.below(statuses.count + 1)
            guard pick < statuses.count else {
                stats.record(kind: kind, status: nil)
                return .dropConnection
            }
            let status = statuses[pick]
            return fail(SandboxError(
                status: status, category: Self.faultCategory(status), message: "Injected fault: HTTP \(status)."),
                rateHeaders: rateHeaders)
        }

        let denied = route.objectTypes.compactMap { portal.typeIndex(named: $0) }
            .map { portal.types[$0].name }.filter { settings.missingScopes.contains($0) }
        if let name = denied.first {
            return fail(SandboxError(
                status: 403, category: "MISSING_SCOPES",
                message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
                errors: [ErrorDetail(message: "One or more of the following scopes are required.",
                    context: ["requiredGranularScopes": ["crm.objects.\(name).read"]])]), rateHeaders: rateHeaders)
        }

        do {
            let reply = try dispatch(route, request, QueryParameters(request.query))
            return finish(reply.status, reply.body, rateHeaders: rateHeaders)
        } catch let error as SandboxError {
            return fail(error, rateHeaders: rateHeaders)
        } catch {
            return fail(.badJSON(String(describing: error)), rateHeaders: rateHeaders)
        }
    }

    private static func faultCategory(_ status: Int) -> String {
        switch status {
        case 423: "LOCKED"
        case 502: "BAD_GATEWAY"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        default: "INTERNAL_ERROR"
        }
    }

    private func isAuthorized(_ request: HubSpotRequest) -> Bool {
        guard let value = request.header("Authorization") else { return false }
        let parts = value.split(separator: " ", maxSplits: 1)
        return parts.count == 2 && parts[0].lowercased() == "bearer"
            && parts[1].trimmingCharacters(in: .whitespaces) == settings.token
    }

    private func rateLimitHeaders() -> [String: String] {
        let remaining = limiter.remaining(at: now)
        return [
            "X-HubSpot-RateLimit-Max": String(settings.requestsPerTenSeconds),
            "X-HubSpot-RateLimit-Remaining": String(remaining.window),
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Daily": String(settings.requestsPerDay),
            "X-HubSpot-RateLimit-Daily-Remaining": String(remaining.daily),
        ]
    }

    private func dispatch(_ route: SandboxRoute, _ request: HubSpotRequest, _ query: QueryParameters) throws -> Reply {
        switch route {
        case .list(let type): return try list(type: try typeIndex(type), query: query)
        case .read(let type, let id): return try read(type: try typeIndex(type), id: id, query: query)
        case .create(let type): return try create(type: try typeIndex(type), body: request.body)
        case .update(let type, let id): return try update(type: try typeIndex(type), id: id, body: request.body, query: query)
        case .archive(let type, let id): return try archive(type: try typeIndex(type), id: id)
        case .search(let type): return try search(type: try typeIndex(type), body: request.body)
        case .batch(let type, let operation): return try batch(type: try typeIndex(type), operation, body: request.body, query: query)
        case .associationPage(let from, let id, let to):
            return try associationPage(from: try typeIndex(from), id: id, to: try typeIndex(to), query: query)
        case .associationPutDefault(let from, let id, let to, let toId):
            return try associationPutDefault(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId)
        case .associationPut(let from, let id, let to, let toId):
            return try associationPut(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId, body: request.body)
        case .associationDelete(let from, let id, let to, let toId):
            return try associationDelete(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId)
        case .associationBatch(let from, let to, let operation):
            return try associationBatch(from: try typeIndex(from), to: try typeIndex(to), operation, body: request.body)
        case .associationLabels(let from, let to): return try associationLabels(from: try typeIndex(from), to: try typeIndex(to))
        case .properties(let type): return try properties(type: try typeIndex(type))
        case .property(let type, let name): return try property(type: try typeIndex(type), name: name)
        case .pipelines(let type): return try pipelines(type: try typeIndex(type))
        case .pipeline(let type, let id): return try pipeline(type: try typeIndex(type), id: id)
        case .owners: return try owners(query: query)
        case .owner(let id): return try owner(id: id)
        case .schemas: return try schemas()
        case .schema(let type): return try schema(type: try typeIndex(type))
        }
    }

    // MARK: - Helpers shared by the handlers

    func typeIndex(_ name: String) throws -> Int {
        guard let index = portal.typeIndex(named: name) else { throw SandboxError.unknownType(name) }
        return index
    }

    func json<T: Encodable>(_ value: T) -> [UInt8] {
        (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
    }

    func reply<T: Encodable>(_ status: Int, _ value: T) -> Reply { Reply(status: status, body: json(value)) }

    func decode<T: Decodable>(_ type: T.Type, _ body: Data?) throws -> T {
        guard let body, !body.isEmpty else { throw SandboxError.validation("Request body is required.") }
        do {
            return try decoder.decode(type, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw SandboxError.badJSON("missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SandboxError.badJSON("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.dataCorrupted(context) {
            throw SandboxError.badJSON(context.debugDescription)
        } catch {
            throw SandboxError.badJSON(String(describing: error))
        }
    }

    private func errorBody(_ error: SandboxError, correlationId: String) -> [UInt8] {
        json(HubSpotErrorBody(
            message: error.message, correlationId: correlationId, category: error.category,
            subCategory: error.subCategory, errors: error.errors, context: error.context))
    }

    static func parseQuery(_ text: String) -> [HubSpotRequest.QueryItem] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first else { return nil }
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return HubSpotRequest.QueryItem(decode(name), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
