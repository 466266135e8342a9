import Foundation
import HQLSandbox
import HQLSandboxServer
import HubSpotAPI
import Testing
@testable import HQL

/// Past HubSpot's 10,000-result ceiling: 25,000 matching contacts, 12,000 of them created in one
/// millisecond, come back exactly once each, within 1.05 × ceil(rows / 200) + 5 requests.
@Suite(.serialized) struct CeilingTests {
    static let rows = 25_000

    private func ids(_ rows: [Row]) -> [String] { rows.compactMap { $0["hs_object_id"]?.text } }

    private func bound(_ rows: Int) -> Int { Int((1.05 * Double((rows + 199) / 200)).rounded(.up)) + 5 }

    @Test func keysetReturnsEveryContactOnceWithinTheRequestBound() async throws {
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let result = try await rig.session.query("SELECT hs_object_id FROM contacts WHERE hs_object_id > 0")
        let got = ids(try await result.collect())
        #expect(got.count == Self.rows)
        #expect(Set(got).count == Self.rows)
        let requests = await rig.requests()
        #expect(requests <= bound(Self.rows), "\(requests) requests")
        let stats = await result.statistics
        #expect(stats.windows >= 2)
        #expect(stats.rows == Self.rows)
    }

    @Test func createdateWindowsWithABurstReturnEveryContactOnceInOrder() async throws {
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let result = try await rig.session.query(
            "SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate DESC")
        let rows = try await result.collect()
        let got = ids(rows)
        #expect(got.count == Self.rows)
        #expect(Set(got).count == Self.rows)
        let requests = await rig.requests()
        #expect(requests <= bound(Self.rows), "\(requests) requests")
        // The user's order is re-applied after merging the windows.
        for (previous, next) in zip(rows, rows.dropFirst()) { #expect(Value.order(previous[1], next[1]) >= 0) }
    }

    /// `ORDER BY createdate [DESC] LIMIT n` past the ceiling walks the windows from the order's
    /// end and stops once n are in hand: the answer is the n first instants of the portal's own
    /// records (from its dump), and the requests about ceil(n / 200), not every match's.
    @Test(arguments: [true, false]) func anOrderedLimitPastTheCeilingReadsOnlyWhatItNeeds(descending: Bool) async throws {
        let wanted = 11_000
        let dump = try JSONSerialization.jsonObject(with: try PortalDump(TestPortals.ceiling).jsonData()) as? [String: Any]
        let records = try #require((dump?["records"] as? [String: Any])?["contacts"] as? [[String: Any]])
        let instants = records.compactMap { ($0["createdAt"] as? String).flatMap(ISO8601Milliseconds.parse) }
        #expect(instants.count == Self.rows)
        let expected = Array(instants.sorted(by: descending ? (>) : (<)).prefix(wanted))

        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let result = try await rig.session.query("SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 "
                                                 + "ORDER BY createdate \(descending ? "DESC" : "ASC") LIMIT \(wanted)")
        let rows = try await result.collect()
        let got = rows.compactMap { row -> Int64? in
            if case .datetime(let milliseconds) = row.values[1] { return milliseconds }
            return nil
        }
        #expect(got == expected)
        #expect(Set(ids(rows)).count == wanted)
        let requests = await rig.requests()
        // Windows are read in the order's direction, inside too: the walk stops inside the last
        // one once the LIMIT is in hand, instead of reading all 25,000 matches (or that window whole).
        #expect(requests <= Int(1.1 * Double((wanted + 199) / 200)) + 10, "\(requests) requests")
        #expect(requests < bound(Self.rows) - 20, "\(requests) requests")
    }

    /// `ORDER BY hs_object_id DESC` past the ceiling: a descending keyset (`hs_object_id < last`),
    /// streamed in order, so a LIMIT stops the reads; ids from the portal's dump.
    @Test func aDescendingKeysetStreamsFromTheTop() async throws {
        let dump = try JSONSerialization.jsonObject(with: try PortalDump(TestPortals.ceiling).jsonData()) as? [String: Any]
        let records = try #require((dump?["records"] as? [String: Any])?["contacts"] as? [[String: Any]])
        let all = records.compactMap { ($0["id"] as? NSNumber)?.int64Value ?? ($0["id"] as? String).flatMap { Int64($0) } }
            .sorted(by: >).map(String.init)
        #expect(all.count == Self.rows)
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let every = ids(try await rig.rows("SELECT hs_object_id FROM contacts WHERE hs_object_id > 0 ORDER BY hs_object_id DESC"))
        #expect(every == all)
        #expect(await rig.requests() <= bound(Self.rows))
        await rig.resetCount()
        let top = ids(try await rig.rows("SELECT hs_object_id FROM contacts WHERE hs_object_id > 0 ORDER BY hs_object_id DESC LIMIT 12000"))
        #expect(top == Array(all.prefix(12_000)))
        #expect(await rig.requests() <= bound(12_000) + 1)
    }

    /// `ORDER BY createdate` past the ceiling: the windows walk in creation order, so rows stream
    /// in that order as pages arrive — the first after a few requests, not after the whole read
    /// and a sort of every record (the burst's 12,000 records of one millisecond included).
    @Test func ascendingCreatedateWindowsStreamInOrder() async throws {
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let result = try await rig.session.query("SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate")
        var iterator = result.makeAsyncIterator()
        var rows: [Row] = []
        let first = try await iterator.next()
        let requestsAtFirstRow = await rig.requests()
        rows += first.map { [$0] } ?? []
        while let row = try await iterator.next() { rows.append(row) }
        #expect(requestsAtFirstRow <= 3, "\(requestsAtFirstRow) requests before the first row")
        let got = ids(rows)
        #expect(got.count == Self.rows)
        #expect(Set(got).count == Self.rows)
        #expect(await rig.requests() <= bound(Self.rows))
        for (previous, next) in zip(rows, rows.dropFirst()) { #expect(Value.order(previous[1], next[1]) <= 0) }
    }

    /// A search under the ceiling streams in its ORDER BY's order; records created during the
    /// run that push it past the ceiling switch it to windows (at the first page that says so),
    /// which cannot keep that order: the statement fails saying so, after the rows that are in
    /// order, instead of going on in creation order (as it did, silently).
    @Test func aSearchGrowingPastTheCeilingMidStreamFailsRatherThanMisorder() async throws {
        let dump = try JSONSerialization.jsonObject(with: try PortalDump(TestPortals.ceiling).jsonData()) as? [String: Any]
        let records = try #require((dump?["records"] as? [String: Any])?["contacts"] as? [[String: Any]])
        let ids = records.compactMap { ($0["id"] as? NSNumber)?.int64Value ?? ($0["id"] as? String).flatMap { Int64($0) } }
            .sorted(by: >)
        // 9,990 records match; the 30 created mid-run (new ids, early names) make it 10,020.
        let floor = ids[9_989]
        let created = Countdown()
        let rig = SandboxRig(portal: TestPortals.ceiling) { CreatingTransport(inner: $0, trigger: created, lastname: "Aaberg") }
        try await rig.warm()
        created.arm(3)
        let result = try await rig.session.query("SELECT hs_object_id, lastname FROM contacts WHERE hs_object_id >= \(floor) ORDER BY lastname")
        var iterator = result.makeAsyncIterator()
        var delivered = 0
        var failure: (any Error)?
        do {
            while try await iterator.next() != nil { delivered += 1 }
        } catch {
            failure = error
        }
        #expect(created.hasReachedZero)
        let message = try #require(failure.map { String(describing: $0) }, "finished with \(delivered) rows")
        #expect(message.contains("ORDER BY order"))
        #expect(message.contains("\(delivered.formatted()) rows delivered"))
        #expect(delivered > 0 && delivered < 10_000)
    }

    @Test func recordsCreatedDuringTheRunAreNotHalfIncluded() async throws {
        let created = Countdown()
        let rig = SandboxRig(portal: TestPortals.ceiling) { CreatingTransport(inner: $0, trigger: created) }
        try await rig.warm()
        created.arm(20)
        let rows = try await rig.rows("SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate")
        #expect(created.hasReachedZero)
        let got = ids(rows)
        #expect(got.count == Self.rows)
        #expect(Set(got).count == Self.rows)
    }

    @Test func faultsAndRateLimitsLoseAndDuplicateNothing() async throws {
        // HubSpot's real search limit (5/s) in the sandbox while the session budgets for ×8, so
        // real 429s arrive; 10% of responses fail (502, 503, dropped); 50 ms latency.
        let settings = SandboxSettings(latencyMilliseconds: 50, faultRate: 0.1, faultStatuses: [502, 503],
                                       searchRequestsPerSecond: 5, requestsPerTenSeconds: 2_000, requestsPerDay: 10_000_000)
        let sandbox = Sandbox(portal: TestPortals.ceiling, settings: settings)
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: settings.token),
                              rateLimits: RateLimits.hubSpot.scaled(by: 8))
        let result = try await session.query(
            "SELECT hs_object_id FROM contacts WHERE lifecyclestage = 'lead' OR hs_object_id > 0 ORDER BY createdate")
        let got = ids(try await result.collect())
        #expect(got.count == Self.rows)
        #expect(Set(got).count == Self.rows)
        let stats = await result.statistics
        #expect(stats.retries > 0)
        #expect(stats.rateLimited > 0)
    }
}

/// After `n` requests, creates 30 contacts through the same transport, mid-run (they are newer
/// than the statement's start, so no split segment may return them).
struct CreatingTransport: HubSpotTransport {
    let inner: any HubSpotTransport
    let trigger: Countdown
    var lastname = ""

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        if trigger.tick() == 0 {
            for index in 0..<30 {
                let name = lastname.isEmpty ? "" : #","lastname":"\#(lastname)""#
                let body = #"{"properties":{"email":"late\#(index)@example.com","firstname":"Late"\#(name)}}"#
                _ = try await inner.send(HubSpotRequest(method: .post, path: "/crm/v3/objects/contacts",
                                                        headers: request.headers, body: Data(body.utf8)))
            }
        }
        return try await inner.send(request)
    }
}

/// The same engine over HTTP: `hubspot-sandbox`'s server on an ephemeral loopback port, the
/// library's async-http-client transport.
@Suite(.serialized) struct HTTPExecutionTests {
    private func withServer(_ portal: Portal, settings: SandboxSettings,
                            _ body: @Sendable (Sandbox, String) async throws -> Void) async throws {
        let sandbox = Sandbox(portal: portal, settings: settings)
        let server = SandboxServer(sandbox: sandbox, host: "127.0.0.1", port: 0, ownThread: true)
        try await server.whileRunning { port in try await body(sandbox, "http://127.0.0.1:\(port)") }
    }

    private static let fast = SandboxSettings(searchRequestsPerSecond: 5_000, requestsPerTenSeconds: 100_000, requestsPerDay: 10_000_000)

    @Test func everyAccessPathOverHTTP() async throws {
        try await withServer(TestPortals.small, settings: Self.fast) { sandbox, url in
            let session = Session(connection: try .url(url, token: SandboxSettings.defaultToken),
                                  rateLimits: RateLimits.hubSpot.scaled(by: 1_000))
            try await session.refreshSchema()
            await sandbox.resetStats()
            func count(_ text: String) async throws -> Int { try await session.query(text).collect().count }
            #expect(try await count("SELECT email FROM contacts") == 300)  // list
            #expect(try await count("SELECT email FROM contacts WHERE lifecyclestage IN ('lead', 'customer')") > 0)  // search
            let ids = try await session.query("SELECT hs_object_id FROM contacts LIMIT 3").collect().compactMap { $0[0].text }
            #expect(try await count("SELECT email FROM contacts WHERE id IN (\(ids.joined(separator: ", ")))") == 3)  // batch read
            let total = try await session.query("SELECT COUNT(*) FROM contacts").collect()
            #expect(total.first?[0] == .number(300))  // count from total
            let groups = try await session.query("SELECT lifecyclestage, COUNT(*) FROM contacts GROUP BY lifecyclestage").collect()
            let sizes: [Double] = groups.compactMap { row -> Double? in
                if case .number(let size) = row[1] { return size }
                return nil
            }
            #expect(sizes.reduce(0, +) == 300)
            // Associations: a path in SELECT, a semi-join in WHERE, a JOIN.
            let withCompany = try await session.query("SELECT email, companies.name FROM contacts LIMIT 5").collect()
            #expect(withCompany.count == 5)
            #expect(try await count("SELECT email FROM contacts WHERE companies.industry = 'COMPUTER_SOFTWARE'") > 0)
            #expect(try await count("SELECT c.email, co.name FROM contacts AS c JOIN companies AS co ON ASSOCIATED LIMIT 20") == 20)
            let stats = await sandbox.currentStats()
            #expect(stats.byStatus.keys.allSatisfy { $0.hasPrefix("2") })
        }
    }

    @Test func wrongTokenIsHubSpotsErrorWithCorrelationIdAndNoToken() async throws {
        try await withServer(TestPortals.small, settings: Self.fast) { _, url in
            let session = Session(connection: try .url(url, token: "pat-na1-secret-0000"))
            do {
                _ = try await session.query("SELECT email FROM contacts").collect()
                Issue.record("expected 401")
            } catch let error as HubSpotError {
                #expect(error.status == 401)
                #expect(error.correlationId != nil)
                #expect(!String(describing: error).contains("secret"))
            }
        }
    }

    @Test func plainHTTPOnlyToLoopback() {
        #expect(throws: ExecutionError.self) { try Connection.url("http://api.example.com", token: "t") }
        #expect(throws: Never.self) { try Connection.url("https://api.example.com", token: "t") }
        #expect(!String(describing: Connection.hubSpot(token: "pat-na1-abcdef123456")).contains("abcdef"))
    }
}

/// The ceiling portal behind `milliseconds` of latency, with the same limits on both sides
/// (`searches` a second, `others` per 10 s), the schema read.
func latencyRig(milliseconds: Int, searches: Int, others: Int) async throws -> (Sandbox, Session) {
    let settings = SandboxSettings(latencyMilliseconds: milliseconds, searchRequestsPerSecond: searches,
                                   requestsPerTenSeconds: others, requestsPerDay: 10_000_000)
    let sandbox = Sandbox(portal: TestPortals.ceiling, settings: settings)
    let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: settings.token),
                          rateLimits: RateLimits(searchesPerSecond: searches, requestsPerWindow: others))
    try await session.refreshSchema()
    return (sandbox, session)
}

/// Under latency the search pages after the first are asked for before the previous one
/// arrives (their offsets are known once a page has told the total): still every record
/// exactly once, within the same request bound, and read-ahead never past the total.
@Suite struct ReadAheadTests {
    @Test func pagesReadAheadUnderLatencyLoseAndDuplicateNothing() async throws {
        let (sandbox, session) = try await latencyRig(milliseconds: 40, searches: 100, others: 10_000)
        for statement in ["SELECT hs_object_id FROM contacts WHERE hs_object_id > 0",
                          "SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate DESC"] {
            await sandbox.resetStats()
            let rows = try await session.query(statement).collect()
            let ids = rows.compactMap { $0["hs_object_id"]?.text }
            #expect(ids.count == CeilingTests.rows)
            #expect(Set(ids).count == CeilingTests.rows)
            if statement.contains("ORDER BY") {
                // Windows read ahead across their boundaries still come out in order.
                let created = rows.compactMap { $0["createdate"]?.text }
                #expect(created.count == rows.count)
                #expect(zip(created, created.dropFirst()).allSatisfy { $0 >= $1 }, "rows out of createdate order")
            }
            let requests = await sandbox.currentStats().total
            #expect(requests <= Int((1.05 * Double((CeilingTests.rows + 199) / 200)).rounded(.up)) + 5 + 8, "\(requests) requests")
        }
        // A cancelled statement stops at its next page, though pages read ahead may be in hand
        // (their tasks do not inherit the cancellation): the REPL's Ctrl-C used to go unheard
        // for as long as read-ahead pages kept arriving — here a client sort, reading everything
        // before its first row, cancelled a third of a second in.
        await sandbox.resetStats()
        let blocking = Task {
            try await session.query("SELECT hs_object_id, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate DESC").collect()
        }
        try await Task.sleep(for: .milliseconds(300))
        blocking.cancel()
        let outcome = await blocking.result
        let sent = await sandbox.currentStats().total
        if case .success(let rows) = outcome { Issue.record("the statement ran to its end: \(rows.count) rows, \(sent) requests") }
        #expect(sent < (CeilingTests.rows + 199) / 200, "\(sent) requests: the whole scan was read")

        // A short answer reads nothing ahead past its total.
        await sandbox.resetStats()
        let few = try await session.query("SELECT email FROM contacts WHERE hs_object_id > 0 ORDER BY hs_object_id LIMIT 450").collect()
        #expect(few.count == 450)
        #expect(await sandbox.currentStats().total == 3)
    }
}

/// A keyset segment's last page before the ceiling holds the id the next segment starts from.
/// Asked for in order, every wall cost a round trip with nothing else in flight; it is now asked
/// for once its segment's first page is in (at most 8 read ahead before it), so the next
/// segment's pages follow the last ones without a gap.
@Suite struct KeysetWallTests {
    @Test func eachSegmentsWallPageIsAskedForEarlyAndNothingIsAskedTwice() async throws {
        let settings = SandboxSettings(latencyMilliseconds: 20, searchRequestsPerSecond: 100,
                                       requestsPerTenSeconds: 10_000, requestsPerDay: 10_000_000)
        let sandbox = Sandbox(portal: TestPortals.ceiling, settings: settings)
        let recorder = RequestRecorder()
        let session = Session(connection: .transport(RecordingTransport(inner: SandboxTransport(sandbox: sandbox), recorder: recorder),
                                                     token: settings.token),
                              rateLimits: RateLimits(searchesPerSecond: 100, requestsPerWindow: 10_000))
        try await session.refreshSchema()
        recorder.clear()
        await sandbox.resetStats()
        let rows = try await session.query("SELECT hs_object_id FROM contacts WHERE hs_object_id > 0").collect()
        let ids = rows.compactMap { $0["hs_object_id"]?.text }
        #expect(ids.count == CeilingTests.rows)
        #expect(Set(ids).count == CeilingTests.rows)
        // Each search as (segment, offset): the segment is the id it starts after (keyset), the
        // planned search's first page is its own.
        let searches = recorder.requests.filter { $0.path.hasSuffix("/search") }.compactMap { request -> (String, Int)? in
            guard let body = request.body, let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
            let groups = json["filterGroups"] as? [[String: Any]] ?? []
            let filters = groups.flatMap { $0["filters"] as? [[String: Any]] ?? [] }
            // The statement's own `hs_object_id > 0` is in every one; a keyset adds a larger bound.
            let bound = filters.filter { $0["propertyName"] as? String == "hs_object_id" && $0["operator"] as? String == "GT" }
                .compactMap { ($0["value"] as? String).flatMap { Int64($0) } }.max() ?? 0
            let sorted = (json["sorts"] as? [[String: Any]])?.isEmpty == false
            let segment = sorted ? "after \(bound)" : "planned"
            return (segment, Int(json["after"] as? String ?? "0") ?? 0)
        }
        // 25,000 rows: the planned page, then segments of 10,000, 10,000 and 5,000; no page twice.
        let pages: Int = 1 + 50 + 50 + 25
        #expect(searches.count == pages, "\(searches.count) searches")
        #expect(Set(searches.map { "\($0.0) \($0.1)" }).count == searches.count, "a page was asked for twice")
        #expect(await sandbox.currentStats().total == searches.count)
        let segments = Array(Set(searches.map(\.0)).filter { $0 != "planned" })
        #expect(segments.count == 3)
        var walls = 0
        for segment in segments {
            let offsets = searches.enumerated().filter { $0.element.0 == segment }.map { ($0.offset, $0.element.1) }
            guard let wall = offsets.first(where: { $0.1 == 9_800 }) else { continue }
            walls += 1
            // Asked for among the segment's first pages, long before the pages just before it.
            let before = offsets.filter { $0.0 < wall.0 }.count
            #expect(before <= 9, "segment \(segment): its wall page was asked for after \(before) of its pages")
        }
        #expect(walls == 2)
    }
}

/// An unfiltered scan reads through both budgets at once: the list endpoint from its start and
/// search as a descending keyset from the top, until the union holds every record counted at the
/// start. Every record exactly once, both budgets used, fewer requests than the list alone.
@Suite struct DualScanTests {
    @Test func anUnfilteredScanUsesBothBudgetsAndReturnsEveryRecordOnce() async throws {
        let (sandbox, session) = try await latencyRig(milliseconds: 20, searches: 50, others: 2_000)
        #expect(try await session.explain("SELECT hs_object_id FROM contacts").contains("alongside"))
        await sandbox.resetStats()
        let result = try await session.query("SELECT hs_object_id, email FROM contacts")
        let rows = try await result.collect()
        let ids = rows.compactMap { $0["hs_object_id"]?.text }
        #expect(ids.count == CeilingTests.rows)
        #expect(Set(ids).count == CeilingTests.rows)
        let statistics = await result.statistics
        #expect((statistics.requests["list"] ?? 0) > 0)
        #expect((statistics.requests["search"] ?? 0) > 1)
        let requests = await sandbox.currentStats().total
        #expect(requests == statistics.totalRequests)
        #expect(requests < (CeilingTests.rows + 99) / 100, "\(requests) requests: fewer than the list alone")
        // A short LIMIT keeps the plain list.
        #expect(try await !session.explain("SELECT hs_object_id FROM contacts LIMIT 50").contains("alongside"))
        // A long one uses both sides and stops them when it is in hand: the statistics, final
        // when the rows are, count what the server counted.
        await sandbox.resetStats()
        let limited = try await session.query("SELECT hs_object_id FROM contacts LIMIT 5000")
        #expect(try await limited.collect().count == 5_000)
        #expect(await sandbox.currentStats().total == (await limited.statistics).totalRequests)
    }
}
