import Foundation
import HubSpotAPI
import Testing
@testable import HQL

/// The executor's pure parts: rate budget, retry decisions, and the search cursor past 10,000.
@Suite struct ExecutionStateTests {
    @Test func slidingWindowAllowsLimitThenWaitsForTheOldestToExpire() {
        var budget = SlidingWindowBudget(limit: 5, interval: 1_000)
        for step in 0..<5 { #expect(budget.book(at: Int64(step * 10)).time == Int64(step * 10)) }
        // The sixth within the second waits until the first send is a second old; the ones
        // asked for after it go after it, each a second after the send it replaces.
        #expect(budget.book(at: 100).time == 1_000)
        #expect(budget.book(at: 1_000).time == 1_010)
        #expect(budget.book(at: 1_001).time == 1_020)
        #expect(budget.book(at: 5_000).time == 5_000)
    }

    /// Slots go in the order they were asked for: a page read ahead never overtakes the page
    /// the consumer waits for. A cancelled waiter's slot is given back, and a rate cut while
    /// pages wait spaces the waiting ones at the slower rate, still in their order.
    @Test func budgetSlotsKeepTheirOrderThroughReleasesAndRateCuts() {
        var budget = SlidingWindowBudget(limit: 5, interval: 1_000, spread: true)
        let slots = (0..<9).map { _ in budget.book(at: 0) }
        let times = slots.map { budget.time(of: $0.ticket) ?? -1 }
        #expect(Array(times.prefix(5)) == [0, 0, 0, 0, 0])
        #expect(times.dropFirst(5) == [1_000, 1_200, 1_400, 1_600])
        budget.release(slots[8].ticket)
        #expect(budget.time(of: slots[8].ticket) == nil)
        #expect(budget.book(at: 0).time == 1_600, "the released slot is free again")
        budget.update(limit: 5, interval: 2_000)
        budget.paced = true
        budget.rebook(at: 100)
        let later = slots.dropFirst(5).prefix(3).compactMap { budget.time(of: $0.ticket) }
        #expect(later.count == 3)
        #expect(zip(later, later.dropFirst()).allSatisfy { $1 - $0 >= 400 }, "\(later)")
        #expect(later == later.sorted())
        // A retry goes first: the reader waits for it, not for the pages read ahead.
        let retry = budget.book(at: 100, first: true)
        #expect(retry.time == later[0])
        #expect(budget.time(of: slots[5].ticket) == later[1])
    }

    /// Five go at once; under sustained load the rest are spread a fifth of the window apart
    /// (bursts a second apart meet HubSpot's count with their jitter added up).
    @Test func searchLimitSpacesTenSearchesOverAtLeastOneSecond() async throws {
        let clock = ManualExecutionClock()
        let gate = RateGate(limits: RateLimits(searchesPerSecond: 5, requestsPerWindow: 100), clock: clock)
        var sent: [Int64] = []
        for _ in 0..<12 {
            try await gate.acquire(.search)
            sent.append(clock.now())
        }
        #expect(Array(sent.prefix(5)) == [0, 0, 0, 0, 0])
        #expect(sent[5] >= 1_000)
        for (earlier, later) in zip(sent.dropFirst(5), sent.dropFirst(6)) { #expect(later - earlier >= 200) }
        // Never more than five in any second.
        for (index, time) in sent.enumerated() { #expect(sent[index...].prefix { $0 < time + 1_000 }.count <= 5) }
        #expect(clock.now() < 2_700)
    }

    /// 429s at random (other apps' searches land in the same second) are the price of sharing,
    /// not a sign to slow down: a steady share below ``RateGate/searchRefusalShare`` keeps the
    /// full rate. Past it the rate drops by a fraction (fractional: 3 → 2 would be a third), at
    /// most once a second; when the refusals calm down it climbs back a step every two
    /// seconds, up to the limits' rate and never past it.
    @Test func searchRefusalsPastAShareLowerTheRateAndACalmSpellBringsItBack() async throws {
        let clock = ManualExecutionClock()
        let gate = RateGate(limits: RateLimits(searchesPerSecond: 5, requestsPerWindow: 100), clock: clock)
        let cut = RateGate.searchCut, step = RateGate.searchStep
        func near(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) < 1e-9 }
        // A refused first search is no share yet; 1 in 20 forever is below the share.
        await gate.backOff(.search)
        #expect(await gate.searchPaceNow() == 5)
        for round in 0..<10 {
            for _ in 0..<19 {
                try await clock.sleep(milliseconds: 200)
                await gate.searchAnswered()
            }
            if round > 0 { await gate.backOff(.search) }
        }
        #expect(await gate.searchPaceNow() == 5, "a 5% share keeps the full rate")
        // Other apps get busy: two in three refused. One cut a second, however many 429s come
        // back.
        var pace = 5.0
        for second in 0..<3 {
            for _ in 0..<4 {
                await gate.searchAnswered()
                await gate.backOff(.search)
                await gate.backOff(.search)
            }
            pace *= cut
            #expect(near(await gate.searchPaceNow(), pace), "second \(second)")
            try await clock.sleep(milliseconds: RateGate.searchCutSpacing)
        }
        #expect(await gate.searchRate() == Int(pace.rounded(.up)))
        // Calm again: once the refusals are a small share of the latest answers, a step every
        // two seconds.
        var answered = 0
        while near(await gate.searchPaceNow(), pace), answered < RateGate.searchAnswersKept * 2 {
            try await clock.sleep(milliseconds: 250)
            await gate.searchAnswered()
            answered += 1
        }
        pace += step
        #expect(near(await gate.searchPaceNow(), pace))
        await gate.searchAnswered()
        #expect(near(await gate.searchPaceNow(), pace), "one step per two seconds")
        for _ in 0..<8 {
            try await clock.sleep(milliseconds: RateGate.searchStepSpacing)
            await gate.searchAnswered()
        }
        #expect(await gate.searchPaceNow() == 5, "never past the limits' rate")
    }

    /// At a fractional pace the budget spaces sustained sends to match: 3.6 a second is never
    /// five sends in one.
    @Test func aFractionalPaceSpacesSends() async throws {
        let clock = ManualExecutionClock()
        let gate = RateGate(limits: RateLimits(searchesPerSecond: 5, requestsPerWindow: 100), clock: clock)
        try await gate.acquire(.search)
        for _ in 0..<RateGate.searchAnswersCounted { await gate.backOff(.search) }
        try await clock.sleep(milliseconds: 1_000)
        await gate.backOff(.search)
        let pace = 5 * RateGate.searchCut * RateGate.searchCut
        // No answer comes back meanwhile: the pace holds.
        let count = Int(3 * pace)
        var sent: [Int64] = []
        for _ in 0..<count {
            try await gate.acquire(.search)
            sent.append(clock.now())
        }
        let intervals = Double(count - 1)
        let span = Double(sent[count - 1] - sent[0]) / 1_000
        #expect(span >= intervals / pace * 0.95 && span <= intervals / pace * 1.2, "\(span) s for \(intervals) intervals")
        let most = Int(pace.rounded(.up))
        for (index, time) in sent.enumerated() { #expect(sent[index...].prefix { $0 < time + 1_000 }.count <= most) }
    }

    @Test func retryPolicyRetriesReadsNotWrites() {
        let policy = RetryPolicy()
        #expect(policy.decide(.status(503, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: true, random: 0) == .retry(afterMilliseconds: 125))
        #expect(policy.decide(.status(503, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: false, random: 0) == .fail)
        #expect(policy.decide(.transport, attempt: 2, isRead: false, random: 0.5) == .fail)
        // A 429 was refused before running: safe to send again, even a write.
        #expect(policy.decide(.status(429, retryAfterMilliseconds: 3_000, secondly: false), attempt: 1, isRead: false, random: 0) == .retry(afterMilliseconds: 3_000))
        #expect(policy.decide(.status(429, retryAfterMilliseconds: nil, secondly: true), attempt: 1, isRead: true, random: 0) == .retry(afterMilliseconds: 1_000))
        #expect(policy.decide(.status(400, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: true, random: 0) == .fail)
        #expect(policy.decide(.status(423, retryAfterMilliseconds: nil, secondly: false), attempt: 1, isRead: true, random: 0) == .retry(afterMilliseconds: 2_000))
        #expect(policy.decide(.status(502, retryAfterMilliseconds: nil, secondly: false), attempt: policy.maxAttempts, isRead: true, random: 0) == .fail)
        // Backoff doubles and is capped.
        if case .retry(let late) = policy.decide(.transport, attempt: 7, isRead: true, random: 0.999) { #expect(late <= policy.maxDelay) }
    }

    private func context(_ overflow: PhysicalPlan.Overflow) -> SearchCursor.Context {
        SearchCursor.Context(object: "contacts", creationProperty: "createdate", overflow: overflow, startedAt: 5_000_000,
                             capabilities: .hubSpot)
    }

    private func page(total: Int, ids: ClosedRange<Int>, created: Int64 = 1_000, after: Int?) -> ObjectPage {
        ObjectPage(total: total, results: ids.map {
            CRMObject(id: String($0), properties: [:], createdAt: Value.iso8601(created), updatedAt: Value.iso8601(created))
        }, paging: after.map { Paging(after: String($0)) })
    }

    @Test func plainCursorFollowsAfterAndIgnoresShortPages() throws {
        let base = SearchRequest(filterGroups: [FilterGroup(filters: [Filter(propertyName: "email", operator: .hasProperty)])], limit: 200)
        var cursor = SearchCursor(base: base, context: context(.keyset), mode: .plain(wanted: nil))
        #expect(try cursor.request().after == nil)
        // A short page that still has a next cursor is not the end.
        #expect(try cursor.receive(page(total: 500, ids: 1...150, after: 150)) == .next)
        #expect(try cursor.request().after == "150")
        #expect(try cursor.receive(page(total: 500, ids: 151...350, after: nil)) == .replace([]))
    }

    @Test func pastTheCeilingKeysetAddsIdAndStartBoundToEveryGroup() throws {
        let groups = [FilterGroup(filters: [Filter(propertyName: "email", operator: .hasProperty)]),
                      FilterGroup(filters: [Filter(propertyName: "firstname", operator: .eq, value: "ana")])]
        var cursor = SearchCursor(base: SearchRequest(filterGroups: groups, limit: 200), context: context(.keyset), mode: .plain(wanted: nil))
        guard case .replace(let next) = try cursor.receive(page(total: 25_000, ids: 1...200, after: 200)), var keyset = next.first else {
            Issue.record("expected the keyset to take over")
            return
        }
        let first = try keyset.request()
        #expect(first.sorts == [Sort(propertyName: "hs_object_id", direction: .ascending)])
        #expect(first.filterGroups.allSatisfy { $0.filters.last == Filter(propertyName: "createdate", operator: .lte, value: "5000000") })
        // At the wall it restarts after the largest id seen, not from an offset.
        guard case .replace(let segments) = try keyset.receive(page(total: 25_000, ids: 9_801...10_000, after: 10_000)),
              let segment = segments.first else {
            Issue.record("expected a new keyset segment")
            return
        }
        let body = try segment.request()
        #expect(body.after == nil)
        #expect(body.filterGroups.allSatisfy { $0.filters.contains(Filter(propertyName: "hs_object_id", operator: .gt, value: "10000")) })
    }

    /// Records created `spacing` ms apart from `from`, one per id.
    private func spread(total: Int, ids: ClosedRange<Int>, from: Int64, spacing: Int64, after: Int?) -> ObjectPage {
        ObjectPage(total: total, results: ids.enumerated().map { offset, id in
            let created = Value.iso8601(from + Int64(offset) * spacing)
            return CRMObject(id: String(id), properties: [:], createdAt: created, updatedAt: created)
        }, paging: after.map { Paging(after: String($0)) })
    }

    /// Sorted by creation, the planned search's first page already says where the span starts
    /// (no probe); then windows walk the span one after the other, each sized from how densely
    /// the one before it was created and grown as it grew: a portal that doubled its pace gets
    /// a narrower window than its latest page alone suggests, and no gap or overlap.
    @Test func windowsWalkTheSpanSizedFromTheDensityTheyMeet() throws {
        var base = SearchRequest(filterGroups: [], limit: 200)
        base.sorts = [Sort(propertyName: "createdate", direction: .ascending)]
        var plain = SearchCursor(base: base, context: context(.windows), mode: .plain(wanted: nil))
        guard case .replace(let first) = try plain.receive(spread(total: 20_000, ids: 1...200, from: 1_000_000, spacing: 100, after: 200)),
              first.count == 1, var window = first.first, case .window(let low, let high) = window.mode else {
            Issue.record("expected the first window at once")
            return
        }
        #expect(low == 1_000_000)
        #expect(high == 1_000_000 + 4_000_001 * 8_000 / 20_000 - 1)
        // Its first page: 300 ms a record; its latest: 150 ms, near its end.
        #expect(try window.receive(spread(total: 6_000, ids: 1...200, from: low, spacing: 300, after: 200)) == .next)
        #expect(try window.receive(spread(total: 6_000, ids: 201...400, from: high - 40_000, spacing: 150, after: 5_800)) == .next)
        window.fixNextWindow()
        guard let next = window.nextWindow, case .window(let nextLow, let nextHigh) = next.mode else {
            Issue.record("expected the next window")
            return
        }
        #expect(nextLow == high + 1)
        let width = nextHigh - nextLow + 1
        #expect(width < 8_000 * 150, "grown as the density grew: \(width)")
        #expect(width > 8_000 * 150 / 4)
        // The window's end hands over exactly that window (the pages read ahead for it match).
        #expect(try window.receive(spread(total: 6_000, ids: 401...600, from: high - 100, spacing: 0, after: nil)) == .replace([next]))
        #expect(next.segment == window.segment + 1)
    }

    /// A window's pages that carry no `total` (the server's word is missing) still hand the walk
    /// on at the window's end: the rest of the span is read, not silently dropped.
    @Test func aWindowWithoutTotalsStillWalksOn() throws {
        var base = SearchRequest(filterGroups: [], limit: 200)
        base.sorts = [Sort(propertyName: "createdate", direction: .ascending)]
        var plain = SearchCursor(base: base, context: context(.windows), mode: .plain(wanted: nil))
        guard case .replace(let first) = try plain.receive(spread(total: 20_000, ids: 1...200, from: 1_000_000, spacing: 100, after: 200)),
              var window = first.first, case .window(_, let high) = window.mode else {
            Issue.record("expected the first window")
            return
        }
        var last = spread(total: 0, ids: 1...50, from: high - 1_000, spacing: 10, after: nil)
        last.total = nil
        guard case .replace(let next) = try window.receive(last), let following = next.first,
              case .window(let nextLow, _) = following.mode else {
            Issue.record("expected the walk to go on")
            return
        }
        #expect(nextLow == high + 1)
    }

    @Test func windowAtTheWallProbesTiesThenDrainsOnlyTheUnseen() throws {
        var window = SearchCursor(base: SearchRequest(filterGroups: [], limit: 200), context: context(.windows),
                                  mode: .window(low: 0, high: 5_000_000))
        // The wall is reached with the last 50 records sharing instant 4_000.
        _ = try window.receive(page(total: 30_000, ids: 1...150, created: 3_000, after: 9_950))
        guard case .replace(let next) = try window.receive(page(total: 30_000, ids: 151...200, created: 4_000, after: 10_000)),
              next.count == 2, var probe = next.first else {
            Issue.record("expected a tie probe and the rest of the window")
            return
        }
        #expect(next[1].mode == .window(low: 4_001, high: 5_000_000))
        #expect(probe.mode == .tieProbe(instant: 4_000, seen: 50, maxID: 200))
        // The count agrees: drain after the largest id seen.
        guard case .replace(let drains) = try probe.receive(ObjectPage(total: 50, results: [])), let drain = drains.first else {
            Issue.record("expected a drain")
            return
        }
        #expect(drain.mode == .keyset(lastID: 200, low: 4_000, high: 4_000))
        // It does not: drain the instant whole.
        guard case .replace(let whole) = try probe.receive(ObjectPage(total: 49, results: [])) else { return }
        #expect(whole.first?.mode == .keyset(lastID: nil, low: 4_000, high: 4_000))
    }

    @Test func splittingAFullSearchIsRefusedNotSent() throws {
        let full = (0..<3).map { group in
            FilterGroup(filters: (0..<6).map { Filter(propertyName: "p\(group)_\($0)", operator: .hasProperty) })
        }
        var cursor = SearchCursor(base: SearchRequest(filterGroups: full, limit: 200), context: context(.keyset), mode: .plain(wanted: nil))
        guard case .replace(let next) = try cursor.receive(page(total: 20_000, ids: 1...200, after: 200)), let keyset = next.first else { return }
        #expect(throws: SearchCursor.NoRoomToSplit.self) { try keyset.request() }
    }

    @Test func isoInstantsParseToTheMillisecond() {
        #expect(ISO8601Milliseconds.parse("2024-01-17T19:55:04.281Z") == 1_705_521_304_281)
        #expect(ISO8601Milliseconds.parse("1970-01-01T00:00:00Z") == 0)
        #expect(ISO8601Milliseconds.parse("2024-01-17T20:55:04.281+01:00") == 1_705_521_304_281)
        #expect(Value.iso8601(1_705_521_304_281) == "2024-01-17T19:55:04.281Z")
        #expect(ISO8601Milliseconds.parse("not a date") == nil)
    }
}

/// A clock that advances only when slept on: rate and retry timing in microseconds.
final class ManualExecutionClock: ExecutionClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64 = 0

    func now() -> Int64 { lock.withLock { current } }

    func sleep(milliseconds: Int64) async throws {
        lock.withLock { current += max(0, milliseconds) }
    }
}
