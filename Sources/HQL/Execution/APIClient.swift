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
    /// The daily allowance the session was told (`SET daily_limit`); HubSpot's headers correct it.
    var dailyLimit: Int? = nil

    /// What a call is, for statistics and for which budget it spends.
    enum Kind: String, Sendable {
        case search, list, batchRead = "batch read", associations, schema, write
        /// A write that may be sent twice with the same effect (batch update, upsert, archive):
        /// retried like a read.
        case idempotentWrite = "idempotent write"
        var limitClass: RateGate.LimitClass { self == .search ? .search : .general }
        /// Reads are safe to send again; writes are not (unless HubSpot certainly refused them).
        var isRead: Bool { self != .write }
    }

    /// Sends `request` until it succeeds (2xx, or 207 for batch reads), or throws ``HubSpotError``.
    /// `traced` is shown after the path in `HQL_TRACE` only (a search's `after`: which page).
    func send(_ request: HubSpotRequest, kind: Kind, traced: String? = nil) async throws -> HubSpotResponse {
        var request = request
        request.headers["Authorization"] = "Bearer \(token)"
        if request.body != nil { request.headers["Content-Type"] = "application/json" }
        let call = "\(request.method.rawValue) \(request.path)"
        let tracedCall = traced.map { call + " " + $0 } ?? call
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            try await checkTimeout(call, attempt: attempt)
            await stats.waiting(for: kind == .search ? "the search rate budget" : "the rate budget")
            let traceStart = RequestTrace.shared?.now ?? 0
            // A retry goes ahead of the pages read ahead of it: the reader waits for this one.
            let waited = try await gate.acquire(kind.limitClass, first: attempt > 1)
            if waited > 0 { await stats.waited(waited) }
            let remaining = try await checkTimeout(call, attempt: attempt)
            if let (left, limit) = await gate.spendDaily(configured: dailyLimit) {
                throw HubSpotError(status: 0, category: "RATE_LIMITS",
                                   message: "the portal has \(left.formatted()) of its \(limit.formatted()) daily requests left; hql leaves "
                                       + "the last \(Int(RateGate.dailyReserve * 100))% to its other integrations and stops here "
                                       + "(SET daily_limit changes the allowance it assumes)",
                                   correlationId: nil, call: call, attempts: attempt, kind: .rateLimited)
            }
            await stats.checkDailyShare(of: await gate.dailyLimit)
            // Counted when handed to the transport, as a server counts what arrives (a request
            // cancelled in flight has usually arrived).
            try Task.checkCancellation()
            await stats.request(kind.rawValue)
            let failure: RetryPolicy.Failure
            var lastResponse: HubSpotResponse?
            var transportError: HubSpotTransportError?
            do {
                await stats.waiting(for: "HubSpot's answer to \(call)")
                let response = try await exchange(request, within: remaining, call: call, attempt: attempt)
                RequestTrace.shared?.record(started: traceStart, kind: kind.rawValue, call: tracedCall, attempt: attempt,
                                            waited: waited, status: String(response.status))
                await stats.waiting(for: nil)
                if let max = HeaderNumber.nonNegative(response.header("X-HubSpot-RateLimit-Max")),
                   let interval = HeaderNumber.nonNegative(response.header("X-HubSpot-RateLimit-Interval-Milliseconds")),
                   interval > 1_000 {
                    await gate.adopt(max: max, intervalMilliseconds: interval)
                }
                let daily = HeaderNumber.nonNegative(response.header("X-HubSpot-RateLimit-Daily"))
                let dailyLeft = HeaderNumber.nonNegative(response.header("X-HubSpot-RateLimit-Daily-Remaining"))
                if daily != nil || dailyLeft != nil { await gate.adoptDaily(limit: daily, remaining: dailyLeft) }
                if (200..<300).contains(response.status) {
                    if kind.limitClass == .search { await gate.searchAnswered() }
                    return response
                }
                lastResponse = response
                if response.status == 429 {
                    await stats.rateLimited()
                    await gate.backOff(kind.limitClass)
                }
                failure = .status(response.status, retryAfterMilliseconds: HeaderNumber.retryAfterMilliseconds(response.header("Retry-After")),
                                  secondly: Self.isSecondlyLimit(response))
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HubSpotTransportError {
                RequestTrace.shared?.record(started: traceStart, kind: kind.rawValue, call: tracedCall, attempt: attempt,
                                            waited: waited, status: "\(error)")
                await stats.waiting(for: nil)
                switch error {
                case .connectionFailed: failure = .unreachable
                case .timedOut: failure = .timedOut
                case .connectionReset: failure = .transport
                case .responseTooLarge(let limit):
                    throw HubSpotError.inconsistent("the response was larger than \(limit >> 20) MiB, more than any page of "
                        + "HubSpot's can be; it was not read", call: call, status: 0)
                case .redirectRefused(let target):
                    throw HubSpotError.inconsistent("it redirected to \(target); hql follows no redirect to another origin "
                        + "(HubSpot's API never redirects)", call: call, status: 0)
                }
                transportError = error
            }
            let decision = retry.decide(failure, attempt: attempt, isRead: kind.isRead, random: .random(in: 0..<1))
            switch decision {
            case .retry(let delay) where await stats.takeRetry():
                let reason = lastResponse.map { "HTTP \($0.status)" } ?? transportError.map(Self.describe) ?? "a failure"
                await stats.waiting(for: "retrying \(call) after \(reason) in \(Self.seconds(delay))")
                if let remaining = try await checkTimeout(call, attempt: attempt), remaining < delay {
                    throw timedOut(call, attempt: attempt)
                }
                try await clock.sleep(milliseconds: delay)
                await stats.waiting(for: nil)
            case .waitTooLong(let requested):
                let response = lastResponse ?? HubSpotResponse(status: 0)
                let base = HubSpotError(response: response, call: call, attempts: attempt)
                throw HubSpotError(status: base.status, category: base.category,
                                   message: "\(base.message) — it asked to wait \(Self.seconds(requested)) before retrying "
                                       + "(Retry-After), longer than hql waits (\(Self.seconds(retry.maxServerWait))); try again later",
                                   correlationId: base.correlationId, call: call, attempts: attempt,
                                   kind: response.status == 429 ? .rateLimited : .temporary)
            case .retry, .fail:
                if let lastResponse { throw HubSpotError(response: lastResponse, call: call, attempts: attempt) }
                throw HubSpotError(status: 0, category: nil, message: transportError.map(Self.describe) ?? "the connection failed",
                                   correlationId: nil, call: call, attempts: attempt,
                                   kind: failure == .timedOut ? .temporary : .unreachable)
            }
        }
    }

    /// The milliseconds left before the statement's time limit (nil: no limit); throws past it.
    @discardableResult
    private func checkTimeout(_ call: String, attempt: Int) async throws -> Int64? {
        // No limit (the usual case): no hop to the statistics actor.
        guard stats.timeoutMilliseconds != nil, let remaining = await stats.remaining(at: clock.now()) else { return nil }
        if remaining <= 0 { throw timedOut(call, attempt: attempt) }
        return remaining
    }

    private func timedOut(_ call: String, attempt: Int) -> HubSpotError {
        HubSpotError(status: 0, category: nil,
                     message: "the statement ran past its time limit of \(Self.seconds(stats.timeoutMilliseconds ?? 0)) "
                        + "(--timeout, SET statement_timeout)",
                     correlationId: nil, call: call, attempts: attempt, kind: .timedOut)
    }

    /// The transport's answer, raced against the statement's time limit when there is one.
    private func exchange(_ request: HubSpotRequest, within remaining: Int64?, call: String, attempt: Int) async throws -> HubSpotResponse {
        guard let remaining else { return try await transport.send(request) }
        let answer = try await withThrowingTaskGroup(of: HubSpotResponse?.self) { [transport, clock] group in
            group.addTask { try await transport.send(request) }
            group.addTask {
                try await clock.sleep(milliseconds: remaining)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let answer else { throw timedOut(call, attempt: attempt) }
        return answer
    }

    static func seconds(_ milliseconds: Int64) -> String {
        milliseconds % 1_000 == 0 || milliseconds >= 10_000 ? "\((milliseconds / 1_000).formatted()) s"
            : String(format: "%.1f s", Double(milliseconds) / 1_000)
    }

    /// Sends and decodes a JSON response.
    func send<Response: Decodable>(_ request: HubSpotRequest, kind: Kind, as type: Response.Type) async throws -> Response {
        let response = try await send(request, kind: kind)
        return try decode(Response.self, response, request)
    }

    /// Sends and reads a page of records: the hand-written scanner first, `JSONDecoder` for what
    /// it does not read (and for the error's wording).
    func sendPage(_ request: HubSpotRequest, kind: Kind, traced: String? = nil) async throws -> ObjectPage {
        let response = try await send(request, kind: kind, traced: traced)
        if let page = ObjectPage.scan(response.body) { return page }
        return try decode(ObjectPage.self, response, request)
    }

    private func decode<Response: Decodable>(_ type: Response.Type, _ response: HubSpotResponse, _ request: HubSpotRequest) throws -> Response {
        do {
            return try JSONDecoder().decode(Response.self, from: response.body)
        } catch {
            // A server fault, not the query's: say what arrived.
            let type = response.header("Content-Type").map { " (\(String($0.prefix(60))))" } ?? ""
            throw HubSpotError.inconsistent("an unreadable body\(type), \(response.body.count.formatted()) bytes: "
                                            + Self.decodingProblem(error),
                                            call: "\(request.method.rawValue) \(request.path)", status: response.status,
                                            correlationId: response.header("X-HubSpot-Correlation-Id"))
        }
    }

    /// One search page; a negative `total` is refused here, before any cursor reads it.
    func search(_ object: String, _ body: SearchRequest) async throws -> ObjectPage {
        let data = body.json
        let path = "/crm/v3/objects/\(object)/search"
        // An offset, not data: the trace may show it.
        let page = try await sendPage(HubSpotRequest(method: .post, path: path, body: data), kind: .search,
                                      traced: body.after.map { "after \($0)" })
        if let total = page.total, total < 0 {
            throw HubSpotError.inconsistent("a negative total (\(total))", call: "POST \(path)")
        }
        await stats.page(records: page.results.count)
        return page
    }

    /// The `total` of a counting search (`limit` 1): required, since the answer is that number.
    func count(_ object: String, _ body: SearchRequest) async throws -> Int {
        guard let total = try await search(object, body).total else {
            throw HubSpotError.inconsistent("a counting search's page has no total", call: "POST /crm/v3/objects/\(object)/search")
        }
        return total
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
        case .timedOut: "no answer in time"
        case .responseTooLarge(let limit): "a response over \(limit) bytes"
        case .redirectRefused(let target): "a redirect to \(target)"
        }
    }

    /// `DecodingError` says where, briefly (its full description repeats the coding path).
    private static func decodingProblem(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
