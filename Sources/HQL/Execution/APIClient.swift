import Foundation
import HubSpotAPI

/// One statement's door to HubSpot: every call waits for the session's rate budget, is counted,
/// and is retried as ``RetryPolicy`` allows. A thin async shell around the pure parts.
struct APIClient: Sendable {
    let transport: any HubSpotTransport
    let token: String
    let gate: RateGate
    let retry: RetryPolicy
    let stats: StatisticsRecorder
    let clock: any ExecutionClock
    let capabilities: SearchCapabilities

    /// What a call is, for statistics and for which budget it spends.
    enum Kind: String, Sendable {
        case search, list, batchRead = "batch read", associations, schema, write
        var limitClass: RateGate.LimitClass { self == .search ? .search : .general }
        /// Reads are safe to send again; writes are not (unless HubSpot certainly refused them).
        var isRead: Bool { self != .write }
    }

    /// Sends `request` until it succeeds (2xx, or 207 for batch reads), or throws ``HubSpotError``.
    func send(_ request: HubSpotRequest, kind: Kind) async throws -> HubSpotResponse {
        var request = request
        request.headers["Authorization"] = "Bearer \(token)"
        if request.body != nil { request.headers["Content-Type"] = "application/json" }
        let call = "\(request.method.rawValue) \(request.path)"
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let waited = try await gate.acquire(kind.limitClass)
            if waited > 0 { await stats.waited(waited) }
            await stats.request(kind.rawValue)
            let failure: RetryPolicy.Failure
            var lastResponse: HubSpotResponse?
            var transportError: HubSpotTransportError?
            do {
                let response = try await transport.send(request)
                if let max = response.header("X-HubSpot-RateLimit-Max").flatMap(Int.init),
                   let interval = response.header("X-HubSpot-RateLimit-Interval-Milliseconds").flatMap(Int64.init),
                   interval > 1_000 {
                    await gate.adopt(max: max, intervalMilliseconds: interval)
                }
                if (200..<300).contains(response.status) { return response }
                lastResponse = response
                if response.status == 429 {
                    await stats.rateLimited()
                    await gate.backOff(kind.limitClass)
                }
                failure = .status(response.status, retryAfterSeconds: response.header("Retry-After").flatMap(Int.init),
                                  secondly: Self.isSecondlyLimit(response))
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HubSpotTransportError {
                if case .connectionFailed = error { failure = .unreachable } else { failure = .transport }
                transportError = error
            }
            let decision = retry.decide(failure, attempt: attempt, isRead: kind.isRead, random: .random(in: 0..<1))
            guard case .retry(let delay) = decision, await stats.takeRetry() else {
                if let lastResponse { throw HubSpotError(response: lastResponse, call: call, attempts: attempt) }
                throw HubSpotError(status: 0, category: nil, message: transportError.map(Self.describe) ?? "the connection failed",
                                   correlationId: nil, call: call, attempts: attempt)
            }
            try await clock.sleep(milliseconds: delay)
        }
    }

    /// Sends and decodes a JSON response.
    func send<Response: Decodable>(_ request: HubSpotRequest, kind: Kind, as type: Response.Type) async throws -> Response {
        let response = try await send(request, kind: kind)
        return try decode(Response.self, response, request)
    }

    /// Sends and reads a page of records: the hand-written scanner first, `JSONDecoder` for what
    /// it does not read (and for the error's wording).
    func sendPage(_ request: HubSpotRequest, kind: Kind) async throws -> ObjectPage {
        let response = try await send(request, kind: kind)
        if let page = ObjectPage.scan(response.body) { return page }
        return try decode(ObjectPage.self, response, request)
    }

    private func decode<Response: Decodable>(_ type: Response.Type, _ response: HubSpotResponse, _ request: HubSpotRequest) throws -> Response {
        do {
            return try JSONDecoder().decode(Response.self, from: response.body)
        } catch {
            throw HubSpotError(status: response.status, category: "DECODING", message: "unreadable response: \(error)",
                               correlationId: response.header("X-HubSpot-Correlation-Id"),
                               call: "\(request.method.rawValue) \(request.path)", attempts: 1)
        }
    }

    /// One search page.
    func search(_ object: String, _ body: SearchRequest) async throws -> ObjectPage {
        let data = try JSONEncoder().encode(body)
        let page = try await sendPage(HubSpotRequest(method: .post, path: "/crm/v3/objects/\(object)/search", body: data),
                                      kind: .search)
        await stats.page(records: page.results.count)
        return page
    }

    /// The search 429 carries no headers; its body names the secondly limit.
    private static func isSecondlyLimit(_ response: HubSpotResponse) -> Bool {
        guard response.status == 429 else { return false }
        return String(decoding: response.body.prefix(400), as: UTF8.self).contains("secondly")
    }

    private static func describe(_ error: HubSpotTransportError) -> String {
        switch error {
        case .connectionReset: "the connection was reset"
        case .connectionFailed(let reason): "no connection: \(reason)"
        case .timedOut: "the request timed out"
        }
    }
}
