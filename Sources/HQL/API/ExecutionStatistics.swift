import Foundation

/// What one statement cost: requests by kind, retries, rate-limit waits, pages, windows, rows.
public struct ExecutionStatistics: Sendable, Hashable, CustomStringConvertible {
    /// HubSpot calls made by kind (`search`, `list`, `batch read`, …), retries included.
    public internal(set) var requests: [String: Int] = [:]
    /// Calls sent again after a transient failure or a 429.
    public internal(set) var retries = 0
    /// 429 responses received.
    public internal(set) var rateLimited = 0
    /// Time spent waiting for the client-side rate budget, in milliseconds.
    public internal(set) var budgetWaitMilliseconds: Int64 = 0
    /// Pages of records received.
    public internal(set) var pages = 0
    /// `createdate` windows and keyset segments opened past the 10,000-result ceiling.
    public internal(set) var windows = 0
    /// Records received from HubSpot (before client-side filtering).
    public internal(set) var records = 0
    /// Matches HubSpot reported for the searches (their first pages' `total`, capped by a pushed
    /// LIMIT): what a progress line counts toward. Nil for calls that report none.
    public internal(set) var expectedRecords: Int?
    /// Rows delivered.
    public internal(set) var rows = 0
    /// Wall time from the first request to the last row, in milliseconds.
    public internal(set) var elapsedMilliseconds: Int64 = 0
    /// While the statement runs: what it is waiting for right now (HubSpot's answer to a call, a
    /// retry's backoff, the rate budget), for a progress line; nil when it is not waiting.
    public internal(set) var waitingFor: String?

    /// What the user should know even without `--stats` (a statement using a large share of the
    /// portal's daily allowance).
    public internal(set) var warnings: [String] = []
    /// Run-time choices the plan left open, as they were made (EXPLAIN ANALYZE shows them).
    public internal(set) var decisions: [String] = []
    /// Every request, all kinds.
    public var totalRequests: Int { requests.values.reduce(0, +) }

    /// One line: `12 requests (search 12), 0 retries, 0 × 429, 11 pages, 0 windows, 2,150 rows, 1.32 s`.
    public var description: String {
        let kinds = requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let seconds = Double(elapsedMilliseconds) / 1000
        return "\(totalRequests) request\(totalRequests == 1 ? "" : "s")\(kinds.isEmpty ? "" : " (\(kinds))"), "
            + "\(retries) retr\(retries == 1 ? "y" : "ies"), \(rateLimited) × 429, "
            + "\(pages) page\(pages == 1 ? "" : "s"), \(windows) window\(windows == 1 ? "" : "s"), "
            + "\(rows) row\(rows == 1 ? "" : "s"), \(String(format: "%.2f", seconds)) s"
    }
}

/// Collects statistics from concurrent requests of one statement.
actor StatisticsRecorder {
    private(set) var snapshot = ExecutionStatistics()
    private var retriesLeft: Int
    /// The statement's time limit (`--timeout`), counted from its first request.
    nonisolated let timeoutMilliseconds: Int64?
    private var firstRequestAt: Int64?

    init(retryBudget: Int, timeoutMilliseconds: Int64? = nil) {
        retriesLeft = retryBudget
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Milliseconds left before the time limit (nil: none); the first call starts the count.
    func remaining(at now: Int64) -> Int64? {
        guard let timeoutMilliseconds else { return nil }
        let start = firstRequestAt ?? now
        firstRequestAt = start
        return timeoutMilliseconds - (now - start)
    }

    func waiting(for what: String?) { snapshot.waitingFor = what }

    func request(_ kind: String) { snapshot.requests[kind, default: 0] += 1 }

    func waited(_ milliseconds: Int64) { snapshot.budgetWaitMilliseconds += milliseconds }
    func rateLimited() { snapshot.rateLimited += 1 }
    func page(records: Int) {
        snapshot.pages += 1
        snapshot.records += records
    }
    func window() { snapshot.windows += 1 }
    func decided(_ decision: String) { snapshot.decisions.append(decision) }

    /// The share of the daily allowance past which a statement is worth a warning (once).
    static let dailyWarningShare = 0.1
    private var warnedDaily = false

    /// Warns once when this statement's requests pass a tenth of the daily allowance.
    func checkDailyShare(of limit: Int?) {
        guard !warnedDaily, let limit, limit > 0,
              Double(snapshot.totalRequests + 1) > Double(limit) * Self.dailyWarningShare else { return }
        warnedDaily = true
        snapshot.warnings.append("this statement has used more than \(Int(Self.dailyWarningShare * 100))% of the portal's "
                                 + "\(limit.formatted()) daily requests")
    }
    func expect(_ total: Int) { snapshot.expectedRecords = (snapshot.expectedRecords ?? 0) + total }
    func finish(rows: Int, elapsed: Int64) {
        snapshot.rows = rows
        snapshot.elapsedMilliseconds = elapsed
    }

    /// Takes one retry from the statement's budget; false when it is spent.
    func takeRetry() -> Bool {
        guard retriesLeft > 0 else { return false }
        retriesLeft -= 1
        snapshot.retries += 1
        return true
    }
}
