import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// Statements run end to end in process: parse → bind → plan → execute → sandbox. Counts are the
/// sandbox's own request counter.
@Suite struct ExecutionTests {
    private func number(_ value: Value?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    private func text(_ value: Value?) -> String? { value?.text }

    private func instant(_ value: Value?) -> Int64? {
        if case .datetime(let milliseconds)? = value { return milliseconds }
        return nil
    }

    @Test func countStarCostsOneRequest() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let rows = try await rig.rows("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'")
        #expect(await rig.requests() == 1)
        let truth = try await rig.sandbox.search(SearchRequest(filterGroups: [FilterGroup(filters: [
            Filter(propertyName: "lifecyclestage", operator: .eq, value: "lead")])], limit: 1), objectType: "contacts")
        #expect(rows.count == 1)
        #expect(number(rows.first?["count"]) == Double(truth.total ?? -1))
        #expect((truth.total ?? 0) > 0)
    }

    @Test func groupByEnumerationCostsOneRequestPerOptionPlusNoValue() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let options = try await rig.session.propertyNames(of: "contacts").contains("lifecyclestage")
        #expect(options)
        let result = try await rig.session.query("SELECT lifecyclestage, COUNT(*) AS n FROM contacts GROUP BY lifecyclestage")
        let rows = try await result.collect()
        let optionCount = try await rig.rows("SHOW PROPERTIES FROM contacts LIKE 'lifecyclestage'")
        #expect(optionCount.count == 1)
        let requests = await rig.requests()
        let stats = await result.statistics
        #expect(stats.totalRequests == requests)
        // Every group is non-empty and they add up to every contact.
        #expect(rows.allSatisfy { (number($0["n"]) ?? 0) > 0 })
        #expect(rows.compactMap { number($0["n"]) }.reduce(0, +) == 300)
        #expect(requests == 9)  // 8 lifecycle stages + "no value"
    }

    @Test func limitStopsPagingAndSizesTheLastPage() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let rows = try await rig.rows("SELECT email FROM contacts WHERE email IS NOT NULL LIMIT 250")
        #expect(rows.count == 250)
        #expect(await rig.requests() == 2)
        let stats = await rig.sandbox.currentStats()
        #expect(stats.byKind["search"]?["200"] == 2)
    }

    @Test func breakingOutEarlyFetchesNoMorePages() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        var seen = 0
        for try await _ in try await rig.session.query("SELECT email FROM contacts") {
            seen += 1
            if seen == 5 { break }
        }
        // The list endpoint pages 100 at a time: one page served five rows.
        #expect(await rig.requests() == 1)
    }

    @Test func clientSideFilterMatchesEveryRecordChecked() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let all = try await rig.rows("SELECT hs_object_id, email FROM contacts")
        let expected = Set(all.filter { text($0["email"])?.lowercased().contains("son") == true }.compactMap { text($0["hs_object_id"]) })
        let rows = try await rig.rows("SELECT hs_object_id, email FROM contacts WHERE email LIKE '%son%'")
        #expect(Set(rows.compactMap { text($0["hs_object_id"]) }) == expected)
        #expect(!expected.isEmpty)
    }

    @Test func aggregatesWithoutGroupByGiveOneRow() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT amount FROM deals")
        let amounts = deals.compactMap { number($0["amount"]) }
        let rows = try await rig.rows("SELECT COUNT(*), COUNT(amount) AS priced, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS low, MAX(amount) AS high FROM deals")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(number(row["count"]) == Double(deals.count))
        #expect(number(row["priced"]) == Double(amounts.count))
        #expect(abs((number(row["total"]) ?? 0) - amounts.reduce(0, +)) < 0.01)
        #expect(abs((number(row["mean"]) ?? 0) - amounts.reduce(0, +) / Double(amounts.count)) < 0.01)
        #expect(number(row["low"]) == amounts.min())
        #expect(number(row["high"]) == amounts.max())
    }

    @Test func castAndCaseOverAggregatesWithoutGroupBy() async throws {
        // CAST and CASE around an aggregate were refused as "aggregate functions are not allowed here".
        let rig = SandboxRig(portal: TestPortals.small)
        let amounts = try await rig.rows("SELECT amount FROM deals").compactMap { number($0["amount"]) }
        let rows = try await rig.rows("""
            SELECT CASE WHEN COUNT(*) > 1 THEN 'many' ELSE 'one' END AS size, CAST(SUM(amount) AS INTEGER) AS total,
                   MAX(amount)::text AS top FROM deals
            """)
        let row = try #require(rows.first)
        #expect(row["size"] == .string(amounts.count > 1 ? "many" : "one"))
        #expect(number(row["total"]) == amounts.reduce(0, +).rounded())
        #expect(text(row["top"]) == amounts.max().map(Value.format))
    }

    @Test func minAndMaxOfInstantsDatesAndTextAreTheExtremes() async throws {
        // Records carry instants as ISO-8601 text: MIN and MAX once kept the first value seen.
        let rig = SandboxRig(portal: TestPortals.small)
        let contacts = try await rig.rows("SELECT createdate, email FROM contacts")
        let instants = contacts.compactMap { instant($0["createdate"]) }
        let emails = contacts.compactMap { text($0["email"])?.lowercased() }
        let rows = try await rig.rows("SELECT MIN(createdate) AS first, MAX(createdate) AS last, MIN(email) AS a, MAX(email) AS z FROM contacts")
        let row = try #require(rows.first)
        #expect(row["first"] == .datetime(try #require(instants.min())))
        #expect(row["last"] == .datetime(try #require(instants.max())))
        #expect(text(row["a"])?.lowercased() == emails.min())
        #expect(text(row["z"])?.lowercased() == emails.max())
        // Per group too, and never the same value for both ends of a group with several records.
        let groups = try await rig.rows("SELECT lifecyclestage, COUNT(*) AS n, MIN(createdate) AS first, MAX(createdate) AS last FROM contacts GROUP BY lifecyclestage")
        for group in groups where (number(group["n"]) ?? 0) > 1 {
            #expect(group["first"] != group["last"], "\(group)")
        }
    }

    @Test func minAndMaxOfNumbersAndInstantsCostARequestEachAndEqualTheFullRead() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let deals = try await rig.rows("SELECT amount, closedate FROM deals WHERE dealstage = 'closedwon'")
        let amounts = deals.compactMap { number($0["amount"]) }
        let closes = deals.compactMap { instant($0["closedate"]) }
        try await rig.warm()
        let rows = try await rig.rows(
            "SELECT MIN(amount) AS low, MAX(amount) AS high, MIN(closedate) AS first, MAX(closedate) AS last FROM deals WHERE dealstage = 'closedwon'")
        #expect(await rig.requests() == 4)
        let row = try #require(rows.first)
        #expect(number(row["low"]) == amounts.min())
        #expect(number(row["high"]) == amounts.max())
        #expect(row["first"] == .datetime(try #require(closes.min())))
        #expect(row["last"] == .datetime(try #require(closes.max())))
        // Nothing matches: one row of NULLs, as SQL has it.
        let none = try await rig.rows("SELECT MIN(amount), MAX(amount) FROM deals WHERE amount > 1000000000")
        #expect(none.count == 1)
        #expect(none.first?.values == [.null, .null])
        // Text stays on the client (HubSpot's string order is not documented): a full read.
        try await rig.warm()
        _ = try await rig.rows("SELECT createdate, email FROM contacts")
        let fullRead = await rig.requests()
        try await rig.warm()
        _ = try await rig.rows("SELECT MIN(createdate), MAX(email) FROM contacts")
        #expect(await rig.requests() == fullRead)
        #expect(fullRead > 1)
    }

    @Test func havingComparesAnInstantAggregateWithADayAsWhereDoes() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let groups = try await rig.rows("SELECT lifecyclestage, MAX(createdate) AS last FROM contacts GROUP BY lifecyclestage")
        let lasts = groups.compactMap { row -> (String, Int64)? in
            guard let stage = text(row["lifecyclestage"]), let last = instant(row["last"]) else { return nil }
            return (stage, last)
        }
        // A day in the middle of the groups' latest instants: some fall after it, some before.
        let sorted = lasts.map(\.1).sorted()
        let middle = sorted[sorted.count / 2]
        let day = String(EpochTime.iso(middle).prefix(10))
        let dayStart = try #require(TimeResolver.midnightUTC(day))
        let dayEnd = dayStart + 86_400_000
        let after = try await rig.rows("SELECT lifecyclestage FROM contacts GROUP BY lifecyclestage HAVING MAX(createdate) > '\(day)'")
        #expect(Set(after.compactMap { text($0["lifecyclestage"]) }) == Set(lasts.filter { $0.1 >= dayEnd }.map(\.0)))
        let within = try await rig.rows("SELECT lifecyclestage FROM contacts GROUP BY lifecyclestage HAVING MAX(createdate) = '\(day)'")
        #expect(Set(within.compactMap { text($0["lifecyclestage"]) }) == Set(lasts.filter { $0.1 >= dayStart && $0.1 < dayEnd }.map(\.0)))
        #expect(!within.isEmpty)
        let before = try await rig.rows("SELECT lifecyclestage FROM contacts GROUP BY lifecyclestage HAVING MAX(createdate) < '\(day)'")
        #expect(Set(before.compactMap { text($0["lifecyclestage"]) }) == Set(lasts.filter { $0.1 < dayStart }.map(\.0)))
    }

    @Test func groupByHavingOrderByAlias() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let all = try await rig.rows("SELECT dealstage, COUNT(*) AS n, SUM(amount) AS total FROM deals GROUP BY dealstage ORDER BY n DESC")
        #expect(all.compactMap { number($0["n"]) }.reduce(0, +) == 80)
        let counts = all.compactMap { number($0["n"]) }
        #expect(counts == counts.sorted(by: >))
        let filtered = try await rig.rows("SELECT dealstage, COUNT(*) AS n FROM deals GROUP BY dealstage HAVING COUNT(*) > 5 ORDER BY n")
        #expect(filtered.allSatisfy { (number($0["n"]) ?? 0) > 5 })
        #expect(filtered.count == counts.filter { $0 > 5 }.count)
        #expect(filtered.count < all.count)
    }

    @Test func orderByWithLimitIsTheTopOfTheFullSort() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let all = try await rig.rows("SELECT hs_object_id, amount FROM deals WHERE amount IS NOT NULL")
        let expected = all.compactMap { number($0["amount"]) }.sorted(by: >).prefix(10)
        let top = try await rig.rows("SELECT hs_object_id, amount FROM deals WHERE amount IS NOT NULL ORDER BY amount DESC LIMIT 10")
        #expect(top.compactMap { number($0["amount"]) } == Array(expected))
        // Two keys: the second is sorted on the client.
        let two = try await rig.rows("SELECT dealstage, amount FROM deals ORDER BY dealstage, amount DESC")
        #expect(two.count == 80)
        for (previous, next) in zip(two, two.dropFirst()) {
            let stages = Value.order(previous[0], next[0])
            #expect(stages <= 0)
            if stages == 0 { #expect(Value.order(previous[1], next[1]) >= 0) }
        }
    }

    @Test func parametersBindAsValuesAndPreparedPlansAreReused() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let literal = try await rig.rows("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'")
        let bound = try await rig.rows("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = ?", parameters: ["lead"])
        #expect(number(bound.first?[0]) == number(literal.first?[0]))
        let named = try await rig.rows("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = :stage", parameters: ["stage": "lead"])
        #expect(number(named.first?[0]) == number(literal.first?[0]))
        // A quote in a value is a character, not syntax.
        let odd = try await rig.rows("SELECT email FROM contacts WHERE lastname = ?", parameters: ["O'Brien'; DROP"])
        #expect(odd.isEmpty)
        let prepared = try rig.session.prepare("SELECT email FROM contacts WHERE lifecyclestage = ? LIMIT 3")
        _ = try await prepared.query(["lead"]).collect()
        _ = try await prepared.query(["lead"]).collect()
        #expect(await prepared.plansMade == 1)
        let customers = try await prepared.query(["customer"]).collect()
        #expect(await prepared.plansMade == 2)
        #expect(customers.count == 3)
        // Its plan for other values, as EXPLAIN shows it, without touching the cache.
        let explained = try await prepared.plan(["opportunity"]).explain(format: .text)
        #expect(explained.contains(#""value":"opportunity""#))
        #expect(await prepared.plansMade == 2)
    }

    @Test func hubSpotErrorsKeepMessageAndCorrelationIdAndSayWhatWasDelivered() async throws {
        let counter = Countdown()
        let rig = SandboxRig(portal: TestPortals.small) { FailingTransport(inner: $0, counter: counter) }
        try await rig.warm()
        counter.arm(1)
        var delivered = 0
        do {
            for try await _ in try await rig.session.query("SELECT email FROM contacts") { delivered += 1 }
            Issue.record("expected the second page to fail")
        } catch let error as QueryInterrupted {
            // The scan's first call is a search page of 200.
            #expect(error.rowsDelivered == 200)
            #expect(delivered == 200)
            let text = String(describing: error)
            #expect(text.contains("Property values were not valid"))
            #expect(text.contains("c0ffee-42"))
            #expect(text.contains("stopped after 200 rows"))
        }
        // A failure before any row is HubSpot's error itself.
        counter.arm(0)
        await #expect(throws: HubSpotError.self) { _ = try await rig.rows("SELECT email FROM contacts WHERE lifecyclestage = 'lead'") }
    }

    @Test func cancellingTheConsumerCancelsTheRequestInFlight() async throws {
        let log = SlowTransport.Log()
        let rig = SandboxRig(portal: TestPortals.small) { SlowTransport(inner: $0, log: log) }
        try await rig.warm()
        let task = Task {
            try await rig.session.query("SELECT email FROM contacts WHERE lifecyclestage = 'lead'").collect()
        }
        // Wait until the search is in flight, then cancel the consumer.
        for _ in 0..<3_000 where log.counts.started == 0 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The one search in flight was cancelled (not left to finish its 30 s), and no other was sent.
        #expect(log.counts.started == 1)
        #expect(log.counts.cancelled == 1)
    }

    @Test func schemaStatementsAnswerFromTheSchema() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let objects = try await rig.rows("SHOW OBJECTS")
        #expect(objects.contains { text($0["name"]) == "contacts" })
        let properties = try await rig.rows("DESCRIBE contacts")
        #expect(properties.contains { text($0["name"]) == "email" && text($0["type"]) == "string" })
        let plan = try await rig.rows("EXPLAIN SELECT email FROM contacts WHERE lifecyclestage = 'lead'")
        #expect(plan.contains { text($0["plan"])?.contains("Search") == true })
        #expect(await rig.requests() == 0)
        await #expect(throws: HQLError.self) { _ = try await rig.rows("SHOW PROPERTIES FROM contcts") }
    }

    @Test func setTimezoneChangesRelativeDates() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        #expect(try await rig.session.execute("SET TIMEZONE = 'Europe/Paris'") == "SET TIMEZONE Europe/Paris")
        #expect(rig.session.currentTimeZone.identifier == "Europe/Paris")
        await #expect(throws: HQLError.self) { try await rig.session.execute("SET TIMEZONE TO 'Mars/Olympus'") }
    }

    @Test func typedValuesFromTheSchema() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let rows = try await rig.rows("SELECT createdate, amount, dealname FROM deals WHERE amount IS NOT NULL LIMIT 1")
        let row = try #require(rows.first)
        guard case .datetime = row["createdate"], case .number = row["amount"], case .string = row["dealname"] else {
            Issue.record("expected datetime, number, string; got \(row.values)")
            return
        }
    }
}
