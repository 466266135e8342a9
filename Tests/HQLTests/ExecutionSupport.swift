import Foundation
import HQLSandbox
import HubSpotAPI
@testable import HQL

/// Sessions over an in-process sandbox, with the sandbox's own request counter at hand.
struct SandboxRig {
    let sandbox: Sandbox
    let session: Session

    /// `scale` multiplies HubSpot's rate limits on both sides (the sandbox enforces them, the
    /// session budgets for them), so tests run fast and still meet every limit.
    init(portal: Portal, scale: Int = 1_000, settings: SandboxSettings? = nil, transport: ((any HubSpotTransport) -> any HubSpotTransport)? = nil) {
        var chosen = settings ?? SandboxSettings()
        if settings == nil {
            chosen.searchRequestsPerSecond = 5 * scale
            chosen.requestsPerTenSeconds = 100 * scale
            chosen.requestsPerDay = 100_000_000
        }
        sandbox = Sandbox(portal: portal, settings: chosen)
        let inner: any HubSpotTransport = SandboxTransport(sandbox: sandbox)
        let wrapped = transport?(inner) ?? inner
        session = Session(connection: .transport(wrapped, token: chosen.token),
                          rateLimits: RateLimits.hubSpot.scaled(by: scale))
    }

    /// Requests the sandbox counted since the last reset (schema reads excluded when reset after loading).
    func requests() async -> Int { await sandbox.currentStats().total }

    func resetCount() async { await sandbox.resetStats() }

    /// Loads the schema, then zeroes the counter, so counts are the statement's alone.
    func warm() async throws {
        try await session.refreshSchema()
        await resetCount()
    }

    func rows(_ text: String, parameters: Parameters = Parameters()) async throws -> [Row] {
        try await session.query(text, parameters: parameters).collect()
    }
}

/// Shared generated portals (a `Portal` is a value: every sandbox gets its own copy).
enum TestPortals {
    static let small = PortalGenerator(options: .small).generate()
    /// 25,000 contacts, 12,000 of them created in one millisecond.
    static let ceiling = PortalGenerator(options: PortalGenerator.Options(
        seed: 5, contacts: 25_000, companies: 20, deals: 5, tickets: 5, products: 2, lineItems: 5, quotes: 2,
        customRecords: 2, burst: 12_000)).generate()
}

/// Counts requests down once armed: test doubles act when the count reaches zero.
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int?

    func arm(_ count: Int) { lock.withLock { remaining = count } }

    /// Whether a request has found the count at zero.
    var hasReachedZero: Bool { lock.withLock { (remaining ?? 0) < 0 } }

    /// The count before this request (nil while unarmed), then one less.
    func tick() -> Int? {
        lock.withLock {
            guard let left = remaining else { return nil }
            remaining = left - 1
            return left
        }
    }
}

/// Once armed with n, answers n more requests, then HubSpot's 400 with a correlation id.
struct FailingTransport: HubSpotTransport {
    let inner: any HubSpotTransport
    let counter: Countdown

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        if let left = counter.tick(), left <= 0 {
            let body = #"{"status":"error","message":"Property values were not valid","correlationId":"c0ffee-42","category":"VALIDATION_ERROR"}"#
            return HubSpotResponse(status: 400, headers: ["X-HubSpot-Correlation-Id": "c0ffee-42"], body: Data(body.utf8))
        }
        return try await inner.send(request)
    }
}

/// Takes 30 seconds for every search (cancellable) and records what happened to them: a request
/// in flight to cancel.
struct SlowTransport: HubSpotTransport {
    let inner: any HubSpotTransport
    let log: Log

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var started = 0
        private var cancelled = 0
        func start() { lock.withLock { started += 1 } }
        func cancel() { lock.withLock { cancelled += 1 } }
        var counts: (started: Int, cancelled: Int) { lock.withLock { (started, cancelled) } }
    }

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        if request.path.hasSuffix("/search") {
            log.start()
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                log.cancel()
                throw error
            }
        }
        return try await inner.send(request)
    }
}
