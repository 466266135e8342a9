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

    /// Books the earliest slot at or after `now` and after every slot booked before; `first`:
    /// before the slots still waiting, which move back one (a retry of the page the reader
    /// waits for must not queue behind the pages read ahead of it).
    mutating func book(at now: Int64, first: Bool = false) -> Slot {
        prune(now)
        let slot = Slot(time: earliest(at: now), ticket: nextTicket)
        nextTicket += 1
        if first {
            rebook(at: now, before: slot)
            return slots.last(where: { $0.ticket == slot.ticket }) ?? slot
        }
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
    mutating func rebook(at now: Int64, before newcomer: Slot? = nil) {
        prune(now)
        let first = slots[head...].firstIndex(where: { $0.time > now }) ?? slots.endIndex
        let waiting = (newcomer.map { [$0] } ?? []) + slots[first...]
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
    /// The search rate the limits allow: refusals lower the session's rate below it, and a
    /// calmer spell brings it back (additive increase, multiplicative decrease, as TCP paces
    /// itself), up to it and never past it.
    private let searchCeiling: Int
    /// The rate the session allows itself now, in searches a second. Fractional: when other
    /// apps use part of the budget, the rate that suits is rarely a whole number, and whole
    /// steps (3 → 2 is a third) left most of what the others leave unused. The budget keeps
    /// `searchCeiling` sends per a window stretched to match.
    private var searchPace: Double
    /// When search's rate last changed.
    private var searchChanged: Int64 = .min / 2  // never
    /// The latest searches' answers: refused (429) or not.
    private var searchAnswers = AnswerWindow(capacity: RateGate.searchAnswersKept)
    /// The share of refused searches the session accepts before it slows down. Other apps of
    /// the account send at random instants, so a share of 429s comes at any rate, however slow
    /// (with others at 30% of the budget, about 6% even at 2 searches a second: a second in
    /// which 3 of theirs arrive refuses one of ours). A session that slowed at every 429 drifted
    /// down to 2 a second (0.5 of what the others leave); one that slows only past this share
    /// reads about 1.5 times faster and pays for it in retried pages, which HubSpot does not
    /// count against the daily allowance. Past it, the others are busier than chance: give way.
    static let searchRefusalShare = 0.1
    static let searchAnswersKept = 60
    /// Fewer answers than this count as this many (a refused first search is no share yet).
    static let searchAnswersCounted = 20
    /// What a slow-down leaves of the search rate, and what a calm spell gives back (searches a
    /// second), at most once a second and every two seconds.
    static let searchCut = 0.85
    static let searchStep = 0.5
    static let searchCutSpacing: Int64 = 1_000
    static let searchStepSpacing: Int64 = 2_000
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
    /// `first`: ahead of the requests already waiting (a retry). A step back up books the
    /// waiting slots earlier, but their waiters still wake at the old times: the few slots of
    /// the read-ahead go at the old pace, the ones after at the new.
    @discardableResult
    func acquire(_ kind: LimitClass, first: Bool = false) async throws -> Int64 {
        let start = clock.now()
        let ticket = budget(kind) { $0.book(at: start, first: first).ticket }
        // A 429 while it waits books its slot again at the slower rate: look it up each time.
        while let time = budget(kind, { $0.time(of: ticket) }) {
            let now = clock.now()
            if time <= now { return now - start }
            do {
                try await clock.sleep(milliseconds: time - now)
            } catch {
                budget(kind) { $0.release(ticket) }
                throw error
            }
        }
        return clock.now() - start
    }

    /// `body` on the budget of `kind`.
    private func budget<T>(_ kind: LimitClass, _ body: (inout SlidingWindowBudget) -> T) -> T {
        switch kind {
        case .search: body(&search)
        case .general: body(&general)
        }
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

    /// A 429 from search: other apps share the account's 5 a second. The rate drops by
    /// ``searchCut`` when more than ``searchRefusalShare`` of the latest searches were refused
    /// (one cut a second: the requests in flight when the budget ran out all come back 429).
    func backOff(_ kind: LimitClass) {
        guard kind == .search else { return }
        searchAnswers.note(refused: true)
        let now = clock.now()
        guard searchPace > 1, refusedShare > Self.searchRefusalShare, now - searchChanged >= Self.searchCutSpacing else { return }
        setSearchPace(searchPace * Self.searchCut)
        searchChanged = now
    }

    /// A search answered: ``searchStep`` back while no more than the accepted share of the
    /// latest searches were refused, every ``searchStepSpacing`` at most, up to the limits' rate.
    /// (Not "half the share": the share that comes at any rate is about that much, and a
    /// session cut once by a busy spell stayed slow long after it.)
    func searchAnswered() {
        searchAnswers.note(refused: false)
        guard searchPace < Double(searchCeiling) else { return }
        let now = clock.now()
        guard refusedShare <= Self.searchRefusalShare, now - searchChanged >= Self.searchStepSpacing else { return }
        setSearchPace(searchPace + Self.searchStep)
        searchChanged = now
    }

    private var refusedShare: Double {
        Double(searchAnswers.refused) / Double(max(searchAnswers.count, Self.searchAnswersCounted))
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

/// The latest answers of one kind, refused or not: a ring, counted as it turns.
struct AnswerWindow: Sendable {
    private var answers: [Bool]
    private var next = 0
    private(set) var count = 0
    private(set) var refused = 0

    init(capacity: Int) { answers = Array(repeating: false, count: max(1, capacity)) }

    mutating func note(refused isRefused: Bool) {
        if count == answers.count {
            if answers[next] { refused -= 1 }
        } else {
            count += 1
        }
        answers[next] = isRefused
        if isRefused { refused += 1 }
        next = (next + 1) % answers.count
    }
}
