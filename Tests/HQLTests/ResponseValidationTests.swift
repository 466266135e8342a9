import Foundation
import HubSpotAPI
import Testing
@testable import HQL

/// The pure parts that stand between a server's answer and the executor: header numbers with
/// bounds, retry decisions with ceilings, rate-limit headers worth adopting, and search cursors
/// that refuse pages that would loop or lose records.
@Suite struct ResponseValidationTests {
    @Test func headerNumbersSaturateInsteadOfTrapping() {
        #expect(HeaderNumber.nonNegative("9223372036854775807") == Int64.max)
        #expect(HeaderNumber.nonNegative("99999999999999999999999999") == Int64.max)
        #expect(HeaderNumber.nonNegative(" 12\t") == 12)
        #expect(HeaderNumber.nonNegative("0") == 0)
        for text in ["-1", "1.5", "", "  ", "1 2", "12a", "+3", "Wed, 21 Oct 2015 07:28:00 GMT"] {
            #expect(HeaderNumber.nonNegative(text) == nil, "\(text)")
        }
        #expect(HeaderNumber.retryAfterMilliseconds("9223372036854775807") == Int64.max)
        #expect(HeaderNumber.retryAfterMilliseconds("9223372036854776") == Int64.max)
        #expect(HeaderNumber.retryAfterMilliseconds("3") == 3_000)
    }

    @Test func waitsHaveCeilings() {
        let policy = RetryPolicy()
        #expect(policy.decide(.status(429, retryAfterMilliseconds: Int64.max, secondly: false), attempt: 1, isRead: true, random: 0)
            == .waitTooLong(requestedMilliseconds: Int64.max))
        #expect(policy.decide(.status(503, retryAfterMilliseconds: 3_600_000, secondly: false), attempt: 1, isRead: true, random: 0)
            == .waitTooLong(requestedMilliseconds: 3_600_000))
        #expect(policy.decide(.status(429, retryAfterMilliseconds: 60_000, secondly: false), attempt: 1, isRead: true, random: 0)
            == .retry(afterMilliseconds: 60_000))
        // A backoff never exceeds its cap, whatever the attempt or the random number.
        for attempt in 1..<policy.maxAttempts {
            for random in [-1.0, 0, 0.5, 0.999, 7] {
                if case .retry(let delay) = policy.decide(.transport, attempt: attempt, isRead: true, random: random) {
                    #expect(delay >= 0 && delay <= policy.maxDelay)
                }
            }
        }
    }

    @Test func serverErrorsAndTimeoutsAreRetriedBriefly() {
        let policy = RetryPolicy()
        #expect(policy.decide(.status(500, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: true, random: 0) != .fail)
        #expect(policy.decide(.status(500, retryAfterMilliseconds: nil, secondly: false), attempt: policy.maxServerErrorAttempts,
                              isRead: true, random: 0) == .fail)
        #expect(policy.decide(.status(500, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: false, random: 0) == .fail)
        #expect(policy.decide(.timedOut, attempt: 1, isRead: true, random: 0) != .fail)
        #expect(policy.decide(.timedOut, attempt: policy.maxTimeoutAttempts, isRead: true, random: 0) == .fail)
        #expect(policy.decide(.timedOut, attempt: 1, isRead: false, random: 0) == .fail)
    }

    @Test func onlyPlausibleRateLimitHeadersAreAdopted() async throws {
        #expect(RateGate.isPlausible(max: 100, intervalMilliseconds: 10_000))
        #expect(RateGate.isPlausible(max: 190, intervalMilliseconds: 10_000))
        #expect(!RateGate.isPlausible(max: 1, intervalMilliseconds: 3_600_000))
        #expect(!RateGate.isPlausible(max: 5, intervalMilliseconds: 10_000))
        #expect(!RateGate.isPlausible(max: Int64.max, intervalMilliseconds: 10_000))
        #expect(!RateGate.isPlausible(max: 100, intervalMilliseconds: Int64.max))
        #expect(!RateGate.isPlausible(max: 0, intervalMilliseconds: 10_000))
        // Adopting an implausible window changes nothing: 100 requests still pass without a wait.
        let clock = ManualExecutionClock()
        let gate = RateGate(limits: RateLimits(searchesPerSecond: 5, requestsPerWindow: 100), clock: clock)
        await gate.adopt(max: 1, intervalMilliseconds: 3_600_000)
        await gate.adopt(max: Int64.max, intervalMilliseconds: Int64.max)
        for _ in 0..<100 { try await gate.acquire(.general) }
        #expect(clock.now() == 0)
    }

    private func context() -> SearchCursor.Context {
        SearchCursor.Context(object: "contacts", creationProperty: "createdate", overflow: .keyset, startedAt: 5_000_000,
                             capabilities: .hubSpot)
    }

    private func page(total: Int?, ids: ClosedRange<Int>, created: Int64 = 1_000, after: String?) -> ObjectPage {
        ObjectPage(total: total, results: ids.map {
            CRMObject(id: String($0), properties: [:], createdAt: Value.iso8601(created), updatedAt: Value.iso8601(created))
        }, paging: after.map { Paging(after: $0) })
    }

    private let base = SearchRequest(filterGroups: [FilterGroup(filters: [Filter(propertyName: "email", operator: .hasProperty)])], limit: 100)

    @Test func aCursorThatDoesNotMoveForwardIsRefused() throws {
        for next in ["100", "50", "abc", ""] {
            var cursor = SearchCursor(base: base, context: context(), mode: .plain(wanted: nil))
            #expect(try cursor.receive(page(total: 500, ids: 1...100, after: "100")) == .next)
            #expect(throws: SearchCursor.Inconsistent.self) { try cursor.receive(self.page(total: 500, ids: 101...200, after: next)) }
        }
    }

    @Test func theSamePageTwiceIsRefused() throws {
        var cursor = SearchCursor(base: base, context: context(), mode: .plain(wanted: nil))
        #expect(try cursor.receive(page(total: 500, ids: 1...100, after: "100")) == .next)
        #expect(throws: SearchCursor.Inconsistent.self) { try cursor.receive(self.page(total: 500, ids: 1...100, after: "200")) }
    }

    @Test func aTotalBelowWhatAlreadyCameIsRefused() throws {
        var cursor = SearchCursor(base: base, context: context(), mode: .plain(wanted: nil))
        #expect(try cursor.receive(page(total: 500, ids: 1...100, after: "100")) == .next)
        #expect(throws: SearchCursor.Inconsistent.self) { try cursor.receive(self.page(total: 50, ids: 101...200, after: "200")) }
    }

    @Test func aSearchNeverPagesPastItsTotal() throws {
        var cursor = SearchCursor(base: base, context: context(), mode: .plain(wanted: nil))
        #expect(try cursor.receive(page(total: 150, ids: 1...100, after: "100")) == .next)
        // The cursor says there is more; the total says this was all.
        #expect(try cursor.receive(page(total: 150, ids: 101...150, after: "150")) == .replace([]))
    }

    @Test func aKeysetThatDoesNotAdvanceIsRefused() throws {
        var keyset = SearchCursor(base: base, context: context(), mode: .keyset(lastID: 500, low: nil, high: 5_000_000))
        #expect(throws: SearchCursor.Inconsistent.self) { try keyset.receive(self.page(total: 20_000, ids: 401...500, after: "100")) }
        var wall = SearchCursor(base: base, context: context(), mode: .keyset(lastID: nil, low: nil, high: 5_000_000))
        let odd = ObjectPage(total: 20_000, results: [CRMObject(id: "not-a-number", properties: [:], createdAt: Value.iso8601(1),
                                                                updatedAt: Value.iso8601(1))], paging: Paging(after: "10000"))
        #expect(throws: SearchCursor.Inconsistent.self) { try wall.receive(odd) }
    }

    @Test func aWindowRecordOutsideTheWindowIsRefused() throws {
        var window = SearchCursor(base: base, context: context(), mode: .window(low: 2_000, high: 3_000))
        #expect(throws: SearchCursor.Inconsistent.self) { try window.receive(self.page(total: 20_000, ids: 1...10, created: 1_000, after: "10")) }
    }

    @Test func probesNeedATotal() throws {
        var span = SearchCursor(base: base, context: context(), mode: .span)
        #expect(throws: SearchCursor.Inconsistent.self) { try span.receive(self.page(total: nil, ids: 1...1, after: nil)) }
        var empty = SearchCursor(base: base, context: context(), mode: .span)
        #expect(throws: SearchCursor.Inconsistent.self) { try empty.receive(ObjectPage(total: 30_000, results: [])) }
        var probe = SearchCursor(base: base, context: context(), mode: .tieProbe(instant: 1, seen: 3, maxID: 9))
        #expect(throws: SearchCursor.Inconsistent.self) { try probe.receive(ObjectPage(total: nil, results: [])) }
    }

    @Test func idSetKeepsNumericAndOtherIdsApart() {
        var ids = IDSet()
        let inserted = ["123", "123", "0123", "abc", "18446744073709551616"].map { ids.insert($0) }
        #expect(inserted == [true, false, true, true, true])
        #expect(ids.contains("0123") && ids.contains("123") && !ids.contains("124"))
        #expect(ids.count == 4)
    }

    /// While a statement waits out a server's `Retry-After`, its statistics say so (the progress
    /// line shows it), and stop saying so when the answer comes.
    @Test func statisticsSayWhatARunningStatementWaitsFor() async throws {
        let rig = SandboxRig(portal: TestPortals.small) { UnavailableOnce(inner: $0) }
        try await rig.warm()
        let result = try await rig.session.query("SELECT email FROM contacts WHERE lifecyclestage = 'lead' LIMIT 3")
        async let rows = result.collect()
        var seen: String?
        for _ in 0..<400 where seen == nil {
            try await Task.sleep(for: .milliseconds(10))
            seen = await result.statistics.waitingFor
            if seen?.hasPrefix("retrying") != true { seen = nil }
        }
        #expect(try await rows.count == 3)
        #expect(seen?.contains("after HTTP 503") == true, "\(seen ?? "nothing")")
        #expect(await result.statistics.waitingFor == nil)
    }
}

/// Answers the first search with 503 and `Retry-After: 1`, then passes everything through.
struct UnavailableOnce: HubSpotTransport {
    let inner: any HubSpotTransport
    let first = Countdown()

    init(inner: any HubSpotTransport) {
        self.inner = inner
        first.arm(0)
    }

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        if request.path.hasSuffix("/search"), first.tick() == 0 {
            return HubSpotResponse(status: 503, headers: ["Retry-After": "1"], body: Data(#"{"status":"error","message":"busy"}"#.utf8))
        }
        return try await inner.send(request)
    }
}

