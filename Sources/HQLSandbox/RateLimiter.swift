/// HubSpot's limits as pure state: searches per second (a rolling 1-second window), other
/// requests per rolling 10-second window, and a daily allowance (reset at UTC midnight).
struct RateLimiter: Sendable {
    enum Verdict: Equatable {
        case allowed(remaining: Int, dailyRemaining: Int)
        case searchLimited
        case rollingLimited
        case dailyLimited
    }

    var searchPerSecond: Int
    var perTenSeconds: Int
    var perDay: Int
    private var searches: [Int64] = []
    private var others: [Int64] = []
    private var day: Int64 = -1
    private var usedToday = 0

    init(searchPerSecond: Int, perTenSeconds: Int, perDay: Int) {
        self.searchPerSecond = searchPerSecond
        self.perTenSeconds = perTenSeconds
        self.perDay = perDay
    }

    /// Search requests: `searchPerSecond` in any rolling second; no headers.
    mutating func admitSearch(at now: Int64) -> Verdict {
        searches.removeAll { $0 <= now - 1_000 }
        guard searches.count < searchPerSecond else { return .searchLimited }
        searches.append(now)
        return .allowed(remaining: 0, dailyRemaining: 0)
    }

    /// Other requests: the rolling 10-second window, then the daily allowance.
    mutating func admit(at now: Int64) -> Verdict {
        let today = now / 86_400_000
        if today != day {
            day = today
            usedToday = 0
        }
        others.removeAll { $0 <= now - 10_000 }
        guard usedToday < perDay else { return .dailyLimited }
        guard others.count < perTenSeconds else { return .rollingLimited }
        others.append(now)
        usedToday += 1
        return .allowed(remaining: perTenSeconds - others.count, dailyRemaining: perDay - usedToday)
    }

    func remaining(at now: Int64) -> (window: Int, daily: Int) {
        (max(0, perTenSeconds - others.filter { $0 > now - 10_000 }.count), max(0, perDay - usedToday))
    }
}
