import Foundation
import HubSpotAPI
import Synchronization

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
    /// Behind a lock rather than the actor: a read evaluated off the actor is counted where it
    /// finishes, without queueing for the actor again behind every other request.
    let stats = Mutex(RequestStats())
    /// Shared with the snapshots reads are evaluated on; never reconfigured.
    let coding = WireCoding()
    /// Draws the latency of ``SandboxSettings/realism`` (behind a lock: drawn off the actor).
    let jitter: Mutex<SeededRandom>
    /// The other apps' next search and next other request (epoch ms), under realism.
    private var otherApps: (search: Int64, general: Int64)?
    private var otherAppsRandom: SeededRandom

    /// Creates a sandbox serving `portal`.
    public init(portal: Portal, settings: SandboxSettings = SandboxSettings()) {
        self.portal = portal
        self.settings = settings
        self.limiter = RateLimiter(
            searchPerSecond: settings.searchRequestsPerSecond, perTenSeconds: settings.requestsPerTenSeconds,
            perDay: settings.requestsPerDay)
        self.faults = SeededRandom(seed: settings.faultSeed)
        self.correlations = SeededRandom(seed: settings.faultSeed &+ 0x5EED)
        self.jitter = Mutex(SeededRandom(seed: settings.faultSeed &+ 0x1A7E))
        self.otherAppsRandom = SeededRandom(seed: settings.faultSeed &+ 0x0A95)
    }

    var capabilities: SearchCapabilities { settings.capabilities }
    var now: Int64 { settings.clock.now() }

    /// The portal as it is now, for a read evaluated outside the actor.
    var snapshot: PortalSnapshot {
        PortalSnapshot(portal: portal, now: now, capabilities: capabilities, clock: settings.clock, coding: coding)
    }

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

    /// The fixed latency (`--latency-ms`, the network) passes before the request is admitted and
    /// counted; the drawn one (``SandboxSettings/Realism``, HubSpot's own time answering, which
    /// varies with the query and the load) after: HubSpot's limits count requests as they
    /// arrive, so a slow answer does not move its request into a later second.
    private nonisolated func respond(to request: HubSpotRequest, bodyOverLimit: Bool) async -> SandboxOutcome {
        let network = Double(settings.latencyMilliseconds)
        if network > 0 {
            try? await Task.sleep(nanoseconds: UInt64(network * 1_000_000))
        }
        let outcome: SandboxOutcome
        switch await admit(request, bodyOverLimit: bodyOverLimit) {
        case .answered(let answered):
            outcome = answered
        case .reading(let read, let exchange):
            // Off the actor: other requests are admitted (and other reads evaluated) meanwhile.
            let result: Result<Reply, any Error>
            do {
                result = .success(try await Self.offActor(read))
            } catch {
                result = .failure(error)
            }
            outcome = finish(exchange, result)
        }
        if let realism = settings.realism {
            let serving = jitter.withLock { random in realism.latency(random.unit(), random.unit()) }
            try? await Task.sleep(nanoseconds: UInt64(serving * 1_000_000))
        }
        return outcome
    }

    /// Runs `work` on the cooperative pool, never on the actor's executor.
    @concurrent static func offActor<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try work()
    }

    /// The request counts so far.
    public func currentStats() -> RequestStats { stats.withLock { $0 } }

    /// Clears the request counts.
    public func resetStats() { stats.withLock { $0 = RequestStats() } }

    // MARK: - The pipeline: admin, auth, routing, limits, faults, handler

    /// A request after admission: answered (errors, limits, faults, writes), or a read still to
    /// evaluate on a snapshot before ``finish(_:_:)`` counts it (off the actor).
    private enum Admission {
        case answered(SandboxOutcome)
        case reading(@Sendable () throws -> Reply, Exchange)
    }

    /// What the answer to one request carries whatever it is: its correlation id, its kind (for
    /// the counts) and the headers decided at admission (rate-limit headers included).
    private struct Exchange: Sendable {
        var correlationId: String
        var kind: String
        var headers: [String: String]
    }

    private func admit(_ incoming: HubSpotRequest, bodyOverLimit: Bool) -> Admission {
        var request = incoming
        if let mark = request.path.firstIndex(of: "?") {
            request.query = Self.parseQuery(String(request.path[request.path.index(after: mark)...])) + request.query
            request.path = String(request.path[..<mark])
        }
        if request.path.hasPrefix("/__sandbox/") || request.path == "/__sandbox" {
            return .answered(.response(admin(request)))
        }
        let correlationId = correlations.uuid()
        let route = SandboxRoute.parse(method: request.method, path: request.path)
        var exchange = Exchange(
            correlationId: correlationId, kind: route?.kind ?? "unknown", headers: ["X-HubSpot-Correlation-Id": correlationId])

        func finish(_ status: Int, _ body: [UInt8]?) -> Admission {
            .answered(self.finish(exchange, status, body))
        }
        func fail(_ error: SandboxError) -> Admission {
            .answered(self.finish(exchange, .failure(error)))
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
        if let realism = settings.realism { admitOtherApps(until: instant, share: realism.otherAppsShare) }
        let verdict = route.isSearch ? limiter.admitSearch(at: instant) : limiter.admit(at: instant)
        // Decided here, in the turn that admitted the request, so every answer (also one
        // evaluated later off the actor) reports the window as this request left it.
        if !route.isSearch { exchange.headers.merge(rateLimitHeaders(), uniquingKeysWith: { $1 }) }
        switch verdict {
        case .allowed: break
        case .searchLimited:
            return finish(429, coding.json(HubSpotErrorBody(
                message: "You have reached your secondly limit.", correlationId: correlationId, category: "RATE_LIMITS")))
        case let verdict:
            let daily = verdict == .dailyLimited
            let policy = daily ? "DAILY" : "TEN_SECONDLY_ROLLING"
            let name = daily ? "daily" : "ten_secondly_rolling"
            return finish(429, coding.json(HubSpotErrorBody(
                message: "You have reached your \(name) limit.", correlationId: correlationId, category: nil,
                errorType: "RATE_LIMIT", policyName: policy)))
        }

        if settings.faultRate > 0, faults.unit() < settings.faultRate {
            let statuses = settings.faultStatuses
            let pick = faults.below(statuses.count + 1)
            guard pick < statuses.count else {
                stats.withLock { $0.record(kind: exchange.kind, status: nil) }
                return .answered(.dropConnection)
            }
            let status = statuses[pick]
            return fail(SandboxError(
                status: status, category: Self.faultCategory(status), message: "Injected fault: HTTP \(status)."))
        }

        let denied = route.objectTypes.compactMap { portal.typeIndex(named: $0) }
            .map { portal.types[$0].name }.filter { settings.missingScopes.contains($0) }
        if let name = denied.first {
            return fail(SandboxError(
                status: 403, category: "MISSING_SCOPES",
                message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
                errors: [ErrorDetail(message: "One or more of the following scopes are required.",
                    context: ["requiredGranularScopes": ["crm.objects.\(name).read"]])]))
        }

        do {
            switch try dispatch(route, request, QueryParameters(request.query)) {
            case .done(let reply):
                // The write happened; its answer is lost on the way back.
                if route.isWrite, settings.lostResponseRate > 0, (200..<300).contains(reply.status),
                    faults.unit() < settings.lostResponseRate {
                    stats.withLock { $0.record(kind: exchange.kind, status: nil) }
                    return .answered(.dropConnection)
                }
                return finish(reply.status, reply.body)
            case .read(let read): return .reading(read, exchange)
            }
        } catch {
            return .answered(self.finish(exchange, .failure(error)))
        }
    }

    /// The account's other apps, as arrivals of their own (a Poisson process at `share` of each
    /// limit, independent of this client's pace), admitted up to `instant` before the request
    /// that arrives then: they count against the same limits, and a 429 they draw is theirs.
    private func admitOtherApps(until instant: Int64, share: Double) {
        guard share > 0 else { return }
        let searchGap = 1_000 / (share * Double(max(1, settings.searchRequestsPerSecond)))
        let generalGap = 10_000 / (share * Double(max(1, settings.requestsPerTenSeconds)))
        func gap(_ mean: Double) -> Int64 { Int64(max(1, (-mean * log(1 - otherAppsRandom.unit())).rounded())) }
        // Only the last ten seconds can matter to a window: an idle spell is not replayed.
        var next = otherApps ?? (instant + gap(searchGap), instant + gap(generalGap))
        next.search = max(next.search, instant - 10_000)
        next.general = max(next.general, instant - 10_000)
        while next.search <= instant {
            _ = limiter.admitSearch(at: next.search)
            next.search += gap(searchGap)
        }
        while next.general <= instant {
            _ = limiter.admit(at: next.general)
            next.general += gap(generalGap)
        }
        otherApps = next
    }

    /// Counts and shapes an answer; handler errors become HubSpot error bodies.
    private nonisolated func finish(_ exchange: Exchange, _ result: Result<Reply, any Error>) -> SandboxOutcome {
        switch result {
        case .success(let reply):
            return finish(exchange, reply.status, reply.body)
        case .failure(let error as SandboxError):
            return finish(exchange, error.status, errorBody(error, correlationId: exchange.correlationId))
        case .failure(let error):
            let error = SandboxError.badJSON(String(describing: error))
            return finish(exchange, error.status, errorBody(error, correlationId: exchange.correlationId))
        }
    }

    private nonisolated func finish(_ exchange: Exchange, _ status: Int, _ body: [UInt8]?) -> SandboxOutcome {
        var headers = exchange.headers
        if body != nil { headers["Content-Type"] = "application/json;charset=utf-8" }
        stats.withLock { $0.record(kind: exchange.kind, status: status) }
        return .response(HubSpotResponse(status: status, headers: headers, body: Data(body ?? [])))
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

    private func dispatch(_ route: SandboxRoute, _ request: HubSpotRequest, _ query: QueryParameters) throws -> Work {
        if route.isObjectWrite, let name = route.objectTypes.first, let index = portal.typeIndex(named: name),
            ["goal_targets", "feedback_submissions"].contains(portal.types[index].name)
        {
            throw SandboxError.validation(
                "\(portal.types[index].name) are read-only through the API: they cannot be created, updated or archived.")
        }
        switch route {
        case .list(let type): return list(type: try typeIndex(type), query: query)
        case .read(let type, let id): return read(type: try typeIndex(type), id: id, query: query)
        case .create(let type): return .done(try create(type: try typeIndex(type), body: request.body))
        case .update(let type, let id): return .done(try update(type: try typeIndex(type), id: id, body: request.body, query: query))
        case .archive(let type, let id): return .done(try archive(type: try typeIndex(type), id: id))
        case .search(let type): return search(type: try typeIndex(type), body: request.body)
        case .batch(let type, let operation): return try batch(type: try typeIndex(type), operation, body: request.body, query: query)
        case .associationPage(let from, let id, let to):
            return .done(try associationPage(from: try typeIndex(from), id: id, to: try typeIndex(to), query: query))
        case .associationPutDefault(let from, let id, let to, let toId):
            return .done(try associationPutDefault(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId))
        case .associationPut(let from, let id, let to, let toId):
            return .done(try associationPut(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId, body: request.body))
        case .associationDelete(let from, let id, let to, let toId):
            return .done(try associationDelete(from: try typeIndex(from), id: id, to: try typeIndex(to), toId: toId))
        case .associationBatch(let from, let to, let operation):
            return .done(try associationBatch(from: try typeIndex(from), to: try typeIndex(to), operation, body: request.body))
        case .associationLabels(let from, let to): return .done(try associationLabels(from: try typeIndex(from), to: try typeIndex(to)))
        case .properties(let type): return .done(try properties(type: try typeIndex(type)))
        case .property(let type, let name): return .done(try property(type: try typeIndex(type), name: name))
        case .createProperty(let type): return .done(try createProperty(type: try typeIndex(type), body: request.body))
        case .updateProperty(let type, let name):
            return .done(try updateProperty(type: try typeIndex(type), name: name, body: request.body))
        case .archiveProperty(let type, let name): return .done(try archiveProperty(type: try typeIndex(type), name: name))
        case .gdprDelete(let type): return .done(try gdprDelete(type: try typeIndex(type), body: request.body))
        case .pipelines(let type): return .done(try pipelines(type: try typeIndex(type)))
        case .pipeline(let type, let id): return .done(try pipeline(type: try typeIndex(type), id: id))
        case .owners: return .done(try owners(query: query))
        case .owner(let id): return .done(try owner(id: id))
        case .schemas: return .done(try schemas())
        case .schema(let type): return .done(try schema(type: try typeIndex(type)))
        case .listByID(let id): return .done(try listByID(id, query: query))
        case .listByName(let type, let name): return .done(try listByName(objectTypeId: type, name: name, query: query))
        case .listsByIDs: return .done(try listsByIDs(query: query))
        case .listSearch: return .done(try searchLists(body: request.body))
        case .listMemberships(let id): return .done(try listMemberships(id, query: query))
        case .listMembershipChange(let id, let adding): return .done(try changeMemberships(id, adding: adding, body: request.body))
        case .recordMemberships(let type, let id): return .done(try recordMemberships(objectTypeId: type, recordId: id))
        case .recordMembershipsBatch: return .done(try recordMembershipsBatch(body: request.body))
        case .legacyProperties(let type): return .done(try legacyProperties(named: type))
        case .legacyPipelines(let type): return .done(try legacyPipelines(type: try typeIndex(type)))
        }
    }

    // MARK: - Helpers shared by the handlers

    func typeIndex(_ name: String) throws -> Int {
        guard let index = portal.typeIndex(named: name) else { throw SandboxError.unknownType(name) }
        return index
    }

    func json<T: Encodable>(_ value: T) -> [UInt8] { coding.json(value) }

    func reply<T: Encodable>(_ status: Int, _ value: T) -> Reply { coding.reply(status, value) }

    func decode<T: Decodable>(_ type: T.Type, _ body: Data?) throws -> T { try coding.decode(type, body) }

    private nonisolated func errorBody(_ error: SandboxError, correlationId: String) -> [UInt8] {
        coding.json(HubSpotErrorBody(
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
