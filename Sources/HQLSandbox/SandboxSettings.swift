import Foundation
import HubSpotAPI

/// A source of "now" in epoch milliseconds, injectable so rate-limit tests need no sleeping.
public protocol SandboxClock: Sendable {
    /// The current instant in epoch milliseconds.
    func now() -> Int64
}

/// The wall clock.
public struct SystemClock: SandboxClock {
    /// Creates the wall clock.
    public init() {}
    /// The current instant in epoch milliseconds.
    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}

/// A clock tests move by hand.
///
/// `@unchecked Sendable`: its one mutable field is guarded by `lock` (issue 3: a `Mutex` would
/// need macOS 15, above the package's platform floor).
public final class ManualClock: SandboxClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    /// Creates a clock at `start` (epoch ms).
    public init(start: Int64 = 1_790_000_000_000) { current = start }

    /// The current instant in epoch milliseconds.
    public func now() -> Int64 { lock.withLock { current } }

    /// Moves the clock forward.
    public func advance(milliseconds: Int64) { lock.withLock { current += milliseconds } }
}

/// How the sandbox behaves: auth, limits, latency, faults and index lag.
public struct SandboxSettings: Sendable {
    /// The token `Authorization: Bearer …` must carry.
    public var token: String
    /// Search and batch limits (shared with the planner).
    public var capabilities: SearchCapabilities
    /// Latency added to every request, in milliseconds.
    public var latencyMilliseconds: Int
    /// The probability (0…1) that a request fails with 502, 503, 504 or a dropped connection.
    public var faultRate: Double
    /// The HTTP statuses an injected fault answers with (a dropped connection is one more kind).
    public var faultStatuses: [Int]
    /// Object types (plural names) the token has no scopes for: calls touching them answer 403
    /// `MISSING_SCOPES`.
    public var missingScopes: Set<String>
    /// The seed of the fault pattern (and of correlation ids).
    public var faultSeed: UInt64
    /// Searches allowed per second per account (HubSpot: 5).
    public var searchRequestsPerSecond: Int
    /// Other requests allowed in any rolling 10-second window (HubSpot: 100, 110 or 190).
    public var requestsPerTenSeconds: Int
    /// Other requests allowed per day (HubSpot: 250,000 / 625,000 / 1,000,000).
    public var requestsPerDay: Int
    /// How long a write stays invisible to search, in milliseconds.
    public var indexLagMilliseconds: Int
    /// The probability (0…1) that a write's response is lost *after* the write happened (the
    /// connection drops instead of answering): what a client must resolve by reading back.
    public var lostResponseRate: Double
    /// The largest request body accepted, in bytes; a larger one answers 413.
    public var maxBodyBytes: Int
    /// The time source.
    public var clock: any SandboxClock
    /// What a live portal adds (``Realism``); nil: none.
    public var realism: Realism?

    /// What a live portal does that a loopback emulator does not: latency drawn from a
    /// log-normal distribution (median, capped tail; HubSpot's time answering, spent after the
    /// request is counted), and other apps of the account spending part of the rate budget
    /// (requests of their own at that share of each limit, arriving independently of the
    /// client's: a Poisson process, counted against the same limits). Occasional 502/504s are
    /// ``faultRate``'s business (`hubspot-sandbox --realistic` sets 1%).
    public struct Realism: Sendable, Hashable {
        /// The median added latency, in milliseconds.
        public var medianLatencyMilliseconds: Double
        /// The longest added latency, in milliseconds (the distribution's tail is cut there).
        public var maxLatencyMilliseconds: Double
        /// The share of the rate budget other apps use (0…1).
        public var otherAppsShare: Double

        /// Creates a realism setting; the defaults: median 250 ms, tail to 1.5 s, other apps 30%.
        public init(medianLatencyMilliseconds: Double = 250, maxLatencyMilliseconds: Double = 1_500, otherAppsShare: Double = 0.3) {
            self.medianLatencyMilliseconds = medianLatencyMilliseconds
            self.maxLatencyMilliseconds = maxLatencyMilliseconds
            self.otherAppsShare = otherAppsShare
        }

        /// A latency for a uniform draw pair: log-normal with p99 ≈ the cap.
        func latency(_ u1: Double, _ u2: Double) -> Double {
            let sigma = log(max(maxLatencyMilliseconds / medianLatencyMilliseconds, 1.0001)) / 2.326
            let normal = (-2 * log(max(u1, 1e-12))).squareRoot() * cos(2 * Double.pi * u2)
            return min(maxLatencyMilliseconds, medianLatencyMilliseconds * exp(sigma * normal))
        }
    }

    /// The token a sandbox accepts unless told otherwise.
    public static let defaultToken = "sandbox-token"

    /// The largest request body a sandbox accepts unless told otherwise (32 MiB; batch bodies are far below it).
    public static let defaultMaxBodyBytes = 32 * 1_024 * 1_024

    /// Creates settings; the defaults are HubSpot's documented numbers and no latency, faults or lag.
    public init(
        token: String = SandboxSettings.defaultToken, capabilities: SearchCapabilities = .hubSpot,
        latencyMilliseconds: Int = 0, faultRate: Double = 0, faultStatuses: [Int] = [502, 503, 504],
        missingScopes: Set<String> = [], faultSeed: UInt64 = 1, searchRequestsPerSecond: Int = 5,
        requestsPerTenSeconds: Int = 100, requestsPerDay: Int = 250_000, indexLagMilliseconds: Int = 0,
        maxBodyBytes: Int = SandboxSettings.defaultMaxBodyBytes, clock: any SandboxClock = SystemClock(),
        lostResponseRate: Double = 0
    ) {
        self.lostResponseRate = lostResponseRate
        self.token = token
        self.capabilities = capabilities
        self.latencyMilliseconds = latencyMilliseconds
        self.faultRate = faultRate
        self.faultStatuses = faultStatuses
        self.missingScopes = missingScopes
        self.faultSeed = faultSeed
        self.searchRequestsPerSecond = searchRequestsPerSecond
        self.requestsPerTenSeconds = requestsPerTenSeconds
        self.requestsPerDay = requestsPerDay
        self.indexLagMilliseconds = indexLagMilliseconds
        self.maxBodyBytes = maxBodyBytes
        self.clock = clock
    }
}

/// What the sandbox does with a request: answer it, or drop the connection (a fault).
public enum SandboxOutcome: Sendable, Hashable {
    /// An HTTP response.
    case response(HubSpotResponse)
    /// The connection is closed without a response.
    case dropConnection
}
