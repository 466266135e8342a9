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
    /// Admission times, oldest first (admissions come in time order): a window moves its start
    /// instead of shifting the array, which with `--realistic` other apps at a high limit made
    /// every admission cost the whole window.
    private var searches = TimeWindow()
    private var others = TimeWindow()
    private var day: Int64 = -1
    private var usedToday = 0

    init(searchPerSecond: Int, perTenSeconds: Int, perDay: Int) {
        self.searchPerSecond = searchPerSecond
        self.perTenSeconds = perTenSeconds
        self.perDay = perDay
    }

    /// Search requests: `searchPerSecond` in any rolling second; no headers.
    mutating func admitSearch(at now: Int64) -> Verdict {
        searches.drop(upTo: now - 1_000)
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
        others.drop(upTo: now - 10_000)
        guard usedToday < perDay else { return .dailyLimited }
        guard others.count < perTenSeconds else { return .rollingLimited }
        others.append(now)
        usedToday += 1
        return .allowed(remaining: perTenSeconds - others.count, dailyRemaining: perDay - usedToday)
    }

    func remaining(at now: Int64) -> (window: Int, daily: Int) {
        (max(0, perTenSeconds - others.count(after: now - 10_000)), max(0, perDay - usedToday))
    }
}

/// Times in order, the oldest dropped from the front.
struct TimeWindow: Sendable {
    private var times: [Int64] = []
    private var head = 0

    var count: Int { times.count - head }

    mutating func append(_ time: Int64) { times.append(time) }

    /// Forgets the times at or before `cutoff`.
    mutating func drop(upTo cutoff: Int64) {
        while head < times.count, times[head] <= cutoff { head += 1 }
        if head > 1_024, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }

    /// How many are after `cutoff`: found by bisection (the times are in order), since every
    /// answer's headers ask.
    func count(after cutoff: Int64) -> Int {
        var low = head
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= cutoff { low = middle + 1 } else { high = middle }
        }
        return times.count - low
    }
}
