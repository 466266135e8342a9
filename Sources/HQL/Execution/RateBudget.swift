/// HubSpot's request limits as the client budgets them, per session.
///
/// Search has its own limit per account (5 a second); every other call counts against a rolling
/// window (100 per 10 s for Free/Starter, 190 for Professional/Enterprise). The window's numbers
/// are replaced by the `X-HubSpot-RateLimit-*` headers when responses carry them.
public struct RateLimits: Sendable, Hashable {
    /// Search requests per second.
    public var searchesPerSecond: Int
    /// Other requests per rolling window.
    public var requestsPerWindow: Int
    /// The rolling window's length in milliseconds.
    public var windowMilliseconds: Int

    /// Limits of a Free/Starter portal (the safe default).
    public static let hubSpot = RateLimits(searchesPerSecond: 5, requestsPerWindow: 100, windowMilliseconds: 10_000)

    /// Creates limits.
    public init(searchesPerSecond: Int, requestsPerWindow: Int, windowMilliseconds: Int = 10_000) {
        self.searchesPerSecond = searchesPerSecond
        self.requestsPerWindow = requestsPerWindow
        self.windowMilliseconds = windowMilliseconds
    }

    /// These limits multiplied by `factor` (the demo CRM and benchmarks run scaled limits).
    public func scaled(by factor: Int) -> RateLimits {
        RateLimits(searchesPerSecond: searchesPerSecond * factor, requestsPerWindow: requestsPerWindow * factor,
                   windowMilliseconds: windowMilliseconds)
    }
}

/// A sliding window of send times: at most `limit` sends in any `interval` milliseconds.
/// Pure: the caller passes the time, books a slot, and sleeps until the slot's time.
///
/// Slots are booked in call order, each after every slot booked before it: a page read ahead
/// goes out after the pages asked for before it. (A gate that made every waiter sleep and ask
/// again sent them in whatever order they woke: the consumer waited for an early page stuck
/// behind later ones, asked for no more meanwhile, and the budget idled for a round trip.)
struct SlidingWindowBudget: Sendable {
    private(set) var limit: Int
    private(set) var interval: Int64
    /// Under sustained load (a full window's worth of sends in the last two), sends are spread
    /// `interval / limit` apart (search): bursts of `limit` sends a window apart arrive at HubSpot
    /// with each one's jitter, and the extremes of two bursts fall into one second (429) far more
    /// often than two single sends do. A short statement's few searches still go at once.
    let spread: Bool
    /// The window was stretched below the limits' rate (a 429 slowed the session): every send
    /// keeps the gap, a burst of `limit` would overrun the rate that drew the 429.
    var paced = false
    struct Slot: Sendable, Hashable {
        var time: Int64
        var ticket: Int
    }
    /// Slots, oldest first: the last two intervals' sends and the ones booked ahead.
    private var slots: [Slot] = []
    private var head = 0
    private var nextTicket = 0

    init(limit: Int, interval: Int64, spread: Bool = false) {
        self.limit = max(1, limit)
        self.interval = interval
        self.spread = spread
    }

    /// Books the earliest slot at or after `now` and after every slot booked before.
    mutating func book(at now: Int64) -> Slot {
        prune(now)
        let slot = Slot(time: earliest(at: now), ticket: nextTicket)
        nextTicket += 1
        slots.append(slot)
        return slot
    }

    /// The time of the slot with `ticket`, nil when it was released.
    func time(of ticket: Int) -> Int64? {
        slots[head...].last(where: { $0.ticket == ticket })?.time
    }

    /// Gives back a slot never used (its request was cancelled): later slots only get more room.
    mutating func release(_ ticket: Int) {
        guard let index = slots[head...].lastIndex(where: { $0.ticket == ticket }) else { return }
        slots.remove(at: index)
    }

    /// Books the slots still ahead of `now` again, in their order, under the current limit and
    /// interval (the rate changed while they waited).
    mutating func rebook(at now: Int64) {
        prune(now)
        let first = slots[head...].firstIndex(where: { $0.time > now }) ?? slots.endIndex
        let waiting = slots[first...]
        slots.removeSubrange(first...)
        for var slot in waiting {
            slot.time = earliest(at: now)
            slots.append(slot)
        }
    }

    private mutating func prune(_ now: Int64) {
        let kept = spread ? 2 * interval : interval
        while head < slots.count, slots[head].time <= now - kept { head += 1 }
        if head > 64, head * 2 > slots.count {
            slots.removeFirst(head)
            head = 0
        }
    }

    private func earliest(at now: Int64) -> Int64 {
        var time = max(now, slots.last?.time ?? now)
        let count = slots.count - head
        if spread, paced || count >= limit, let last = slots.last {
            time = max(time, last.time + interval / Int64(limit))
        }
        // At most `limit` slots in any interval: past the limit-th latest one.
        if count >= limit, slots[slots.count - limit].time > time - interval {
            time = slots[slots.count - limit].time + interval
        }
        return time
    }

    /// New numbers from the portal's headers.
    mutating func update(limit: Int, interval: Int64) {
        self.limit = max(1, limit)
        self.interval = max(1, interval)
    }
}

/// The two budgets of one session, shared by all its concurrent requests.
actor RateGate {
    enum LimitClass: Sendable { case search, general }

    private var search: SlidingWindowBudget
    private var general: SlidingWindowBudget
    private let clock: any ExecutionClock
    /// The search rate the limits allow: 429s lower the session's rate below it, and quiet
    /// seconds bring it back (additive increase, multiplicative decrease, as TCP paces itself).
    private let searchCeiling: Int
    /// The rate the session allows itself now, in searches a second. Fractional: when other
    /// apps use part of the budget, the rate that draws no 429 is rarely a whole number, and
    /// whole steps (3 → 2 is a third) left most of what the others leave unused. The budget
    /// keeps `searchCeiling` sends per a window stretched to match.
    private var searchPace: Double
    /// When search's rate last changed (a 429, or a step back up).
    private var searchChanged: Int64 = .min / 2  // never
    /// Whether that change was a step back up.
    private var searchClimbed = false
    /// Quiet time after which the search rate climbs back by ``searchStep``: 3 s, doubled (up to
    /// 12 s) each time a step back up draws a 429 soon after — other apps of the account are
    /// using the rest, so the session stays longer at the rate that drew none.
    private(set) var searchRecovery: Int64 = RateGate.searchRecoveryMilliseconds
    static let searchRecoveryMilliseconds: Int64 = 3_000
    static let longestSearchRecovery: Int64 = 12_000
    /// What a 429 leaves of the search rate, and what a quiet spell gives back (searches a
    /// second). Gentle: other apps' requests arrive at random, so some 429s come at any useful
    /// rate; each costs one retried page, a rate cut costs every page after it.
    static let searchCut = 0.85
    static let searchStep = 0.5
    /// The search budget's window at the full rate: a small margin on HubSpot's second.
    static let searchWindow: Int64 = 1_050

    /// A small margin on the search budget: sends spaced exactly one second apart can arrive
    /// closer together, and HubSpot counts arrivals.
    init(limits: RateLimits, clock: any ExecutionClock) {
        search = SlidingWindowBudget(limit: limits.searchesPerSecond, interval: Self.searchWindow, spread: true)
        searchCeiling = max(1, limits.searchesPerSecond)
        searchPace = Double(max(1, limits.searchesPerSecond))
        general = SlidingWindowBudget(limit: limits.requestsPerWindow, interval: Int64(limits.windowMilliseconds) + 50)
        self.clock = clock
    }

    /// Waits until a request of `kind` may go; returns how long it waited (milliseconds).
    @discardableResult
    func acquire(_ kind: LimitClass) async throws -> Int64 {
        if kind == .search { recoverSearchRate() }
        let start = clock.now()
        let ticket = kind == .search ? search.book(at: start).ticket : general.book(at: start).ticket
        // A 429 while it waits books its slot again at the slower rate: look it up each time.
        while let time = kind == .search ? search.time(of: ticket) : general.time(of: ticket) {
            let now = clock.now()
            if time <= now { return now - start }
            do {
                try await clock.sleep(milliseconds: time - now)
            } catch {
                if kind == .search { search.release(ticket) } else { general.release(ticket) }
                throw error
            }
        }
        return clock.now() - start
    }

    /// Searches a second the session allows itself now (429s lower it), rounded up.
    func searchRate() -> Int { Int(searchPace.rounded(.up)) }

    /// The same, unrounded.
    func searchPaceNow() -> Double { searchPace }

    private func setSearchPace(_ pace: Double) {
        searchPace = min(Double(searchCeiling), max(1, pace))
        let window = Int64((Double(Self.searchWindow) * Double(searchCeiling) / searchPace).rounded(.up))
        search.update(limit: searchCeiling, interval: window)
        search.paced = searchPace < Double(searchCeiling)
        search.rebook(at: clock.now())
    }

    /// A 429 from search means other apps share the account's 5 a second: take ``searchCut``.
    /// A 429 on a loaded link can also be arrival jitter (sends a second apart arriving closer):
    /// the rate climbs back after ``searchRecoveryMilliseconds`` without one.
    func backOff(_ kind: LimitClass) {
        guard kind == .search, searchPace > 1 else { return }
        let now = clock.now()
        // The requests in flight when the budget ran out all come back 429: one cut an episode.
        if !searchClimbed, now - searchChanged < 1_000 { return }
        if searchClimbed, now - searchChanged < 2 * searchRecovery {
            searchRecovery = min(Self.longestSearchRecovery, searchRecovery * 2)
        }
        setSearchPace(searchPace * Self.searchCut)
        searchChanged = now
        searchClimbed = false
    }

    /// ``searchStep`` back after a quiet spell, up to the limits' rate.
    private func recoverSearchRate() {
        guard searchPace < Double(searchCeiling) else { return }
        let now = clock.now()
        guard now - searchChanged >= searchRecovery else { return }
        setSearchPace(searchPace + Self.searchStep)
        searchChanged = now
        searchClimbed = true
    }

    /// Adopts the portal's window from `X-HubSpot-RateLimit-Max` / `-Interval-Milliseconds`,
    /// when the numbers are plausible (``isPlausible(max:intervalMilliseconds:)``): headers are
    /// the server's text, and one saying "1 request an hour" would stall every statement.
    func adopt(max: Int64, intervalMilliseconds: Int64) {
        guard Self.isPlausible(max: max, intervalMilliseconds: intervalMilliseconds) else { return }
        let limit = Int(max)
        guard limit != general.limit || intervalMilliseconds + 50 != general.interval else { return }
        general.update(limit: limit, interval: intervalMilliseconds + 50)
    }

    // MARK: The daily allowance

    /// The portal's daily allowance: set (`SET daily_limit`) or read from the headers
    /// (`X-HubSpot-RateLimit-Daily`, `-Daily-Remaining`); nil while unknown.
    private(set) var dailyLimit: Int?
    /// Requests left today, as HubSpot last said (or counted down from the setting).
    private(set) var dailyRemaining: Int?
    /// The last `SET daily_limit` seen (a new one resets the count).
    private var configuredDaily: Int?
    /// The share of the daily allowance hql leaves to the portal's other integrations.
    static let dailyReserve = 0.05

    func setDailyLimit(_ limit: Int?) {
        dailyLimit = limit
        dailyRemaining = limit.map { limit in dailyRemaining.map { min($0, limit) } ?? limit }
    }

    /// Takes one request from today's allowance; nil when it may go, else what is left and the
    /// allowance (hql stops before the reserve).
    func spendDaily(configured: Int? = nil) -> (left: Int, limit: Int)? {
        if configured != configuredDaily {
            // A new setting (or none any more): count from it; HubSpot's headers correct it.
            configuredDaily = configured
            dailyRemaining = nil
            setDailyLimit(configured)
        }
        guard let dailyLimit, let left = dailyRemaining else { return nil }
        if Double(left) <= Double(dailyLimit) * Self.dailyReserve { return (left, dailyLimit) }
        dailyRemaining = left - 1
        return nil
    }

    /// HubSpot's own figures, when a response carries them (plausible ones only).
    func adoptDaily(limit: Int64?, remaining: Int64?) {
        if let limit, (1...100_000_000).contains(limit) { dailyLimit = Int(limit) }
        if let remaining, let cap = dailyLimit, (0...Int64(cap)).contains(remaining) { dailyRemaining = Int(remaining) }
    }

    /// A rolling window HubSpot could mean: longer than a second (the per-second search limit
    /// has its own budget), at most a minute, at least one request a second, at most 100,000.
    static func isPlausible(max: Int64, intervalMilliseconds: Int64) -> Bool {
        (1_001...60_000).contains(intervalMilliseconds) && (1...100_000).contains(max)
            && max * 1_000 >= intervalMilliseconds
    }
}
