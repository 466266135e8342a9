import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// `p op (SELECT …)` and `p IN (SELECT aggregate …)`, end to end against the in-process sandbox.
/// The oracle: a statement with a subquery gives the rows of the same statement with the
/// subquery's value written in, and the value is the one the subquery gives on its own.
@Suite struct SubqueryTests {
    private func number(_ value: Value?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    private func ids(_ rows: [Row]) -> [String] { rows.compactMap { $0["hs_object_id"]?.text }.sorted() }

    @Test func aComparisonWithAnAggregateSubqueryEqualsTheValueWrittenIn() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT hs_object_id, amount FROM deals")
        let amounts = deals.compactMap { number($0["amount"]) }
        let mean = amounts.reduce(0, +) / Double(amounts.count)
        let average = try #require(number(try await rig.rows("SELECT AVG(amount) AS a FROM deals").first?["a"]))
        #expect(abs(average - mean) < 0.01)
        let written = Value.format(average)
        let above = try await rig.rows("SELECT hs_object_id FROM deals WHERE amount > (SELECT AVG(amount) FROM deals)")
        #expect(ids(above) == ids(try await rig.rows("SELECT hs_object_id FROM deals WHERE amount > \(written)")))
        #expect(ids(above) == ids(deals.filter { (number($0["amount"]) ?? -.infinity) > average }))
        #expect(!above.isEmpty && above.count < deals.count)
        // Written the other way round, and negated: the same as the literal forms.
        let flipped = try await rig.rows("SELECT hs_object_id FROM deals WHERE (SELECT AVG(amount) FROM deals) < amount")
        #expect(ids(flipped) == ids(above))
        let negated = try await rig.rows("SELECT hs_object_id FROM deals WHERE NOT amount > (SELECT AVG(amount) FROM deals)")
        #expect(ids(negated) == ids(try await rig.rows("SELECT hs_object_id FROM deals WHERE NOT amount > \(written)")))
        #expect(Set(ids(negated)).isDisjoint(with: ids(above)))
    }

    @Test func aMaximumSubqueryCostsOneRequestBeforeTheStatementsOwn() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT hs_object_id, amount FROM deals")
        let top = try #require(deals.compactMap { number($0["amount"]) }.max())
        try await rig.warm()
        let rows = try await rig.rows("SELECT hs_object_id, amount FROM deals WHERE amount = (SELECT MAX(amount) FROM deals)")
        #expect(ids(rows) == ids(deals.filter { number($0["amount"]) == top }))
        // MAX is one sorted search of one record, then the deals search with the value.
        #expect(await rig.requests() == 2)
        // IN takes an aggregate subquery too.
        let inList = try await rig.rows("SELECT hs_object_id FROM deals WHERE amount IN (SELECT MAX(amount) FROM deals)")
        #expect(ids(inList) == ids(rows))
    }

    @Test func aSubqueryWithNoValueMatchesNothingEvenNegated() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let none = try await rig.rows("SELECT hs_object_id FROM deals WHERE amount < (SELECT MIN(amount) FROM deals WHERE amount > 1000000000000)")
        #expect(none.isEmpty)
        let negated = try await rig.rows("SELECT hs_object_id FROM deals WHERE NOT amount < (SELECT MIN(amount) FROM deals WHERE amount > 1000000000000)")
        #expect(negated.isEmpty)
        // Only the subqueries' searches ran: SQL's comparison with NULL is never true.
        #expect(await rig.requests() == 2)
    }

    @Test func aSubqueryGivingSeveralRowsIsAnErrorBeforeTheStatementRuns() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT hs_object_id FROM deals WHERE dealstage = 'closedwon'")
        #expect(deals.count > 1)
        try await rig.warm()
        await #expect {
            _ = try await rig.rows("SELECT dealname FROM deals WHERE amount > (SELECT amount FROM deals WHERE dealstage = 'closedwon')")
        } throws: { error in
            "\(error)".contains("gave \(deals.count) rows")
        }
        // The subquery's search alone: nothing was asked for the statement itself.
        #expect(await rig.requests() == 1)
    }

    @Test func inTakesAGroupedSubquerysKeys() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT hubspot_owner_id FROM deals")
        var counts: [String: Int] = [:]
        for deal in deals { if let owner = deal["hubspot_owner_id"]?.text { counts[owner, default: 0] += 1 } }
        let threshold = try #require(counts.values.sorted().dropFirst(counts.count / 2).first)
        let owners = Set(counts.filter { $0.value >= threshold }.keys)
        #expect(!owners.isEmpty && owners.count < counts.count)
        let contacts = try await rig.rows("SELECT hs_object_id, hubspot_owner_id FROM contacts")
        let expected = contacts.filter { owners.contains($0["hubspot_owner_id"]?.text ?? "") }
        let rows = try await rig.rows("""
            SELECT hs_object_id FROM contacts WHERE hubspot_owner_id IN
              (SELECT hubspot_owner_id FROM deals GROUP BY hubspot_owner_id HAVING COUNT(*) >= \(threshold))
            """)
        #expect(ids(rows) == ids(expected))
        #expect(!rows.isEmpty)
    }

    @Test func aDayFromAnInstantAggregateComparesWithADatetime() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        // An expression over MIN/MAX is still answered by one sorted search.
        let day = try #require(try await rig.rows("SELECT CAST(MAX(createdate) AS DATE) AS d FROM contacts").first?["d"])
        #expect(await rig.requests() == 1)
        guard case .date(let text) = day else {
            Issue.record("expected a date, got \(day)")
            return
        }
        let before = try await rig.rows("SELECT hs_object_id FROM deals WHERE closedate < (SELECT CAST(MAX(createdate) AS DATE) FROM contacts)")
        #expect(ids(before) == ids(try await rig.rows("SELECT hs_object_id FROM deals WHERE closedate < DATE '\(text)'")))
    }

    @Test func aValueSubqueryInsideExpressionsIsWrittenInBeforeTheStatementRuns() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        let deals = try await rig.rows("SELECT hs_object_id, amount, dealstage FROM deals")
        let amounts = deals.compactMap { number($0["amount"]) }
        let total = amounts.reduce(0, +)
        let top = try #require(amounts.max())
        // A share of the whole, in the select list.
        let shares = try await rig.rows("SELECT hs_object_id, amount / (SELECT SUM(amount) FROM deals) AS share FROM deals")
        #expect(shares.count == deals.count)
        for row in shares {
            let amount = deals.first { $0["hs_object_id"] == row["hs_object_id"] }.flatMap { number($0["amount"]) }
            if let amount { #expect(abs((number(row["share"]) ?? -1) - amount / total) < 1e-9) } else { #expect(row["share"] == .null) }
        }
        // A condition the client computes, equal to the value written in.
        let doubled = try await rig.rows("SELECT hs_object_id FROM deals WHERE amount * 2 > (SELECT MAX(amount) FROM deals)")
        #expect(ids(doubled) == ids(deals.filter { (number($0["amount"]) ?? -.infinity) * 2 > top }))
        #expect(!doubled.isEmpty)
        // HAVING against a count of all.
        var perStage: [String: Int] = [:]
        for deal in deals { perStage[deal["dealstage"]?.text ?? "", default: 0] += 1 }
        let groups = try await rig.rows("SELECT dealstage, COUNT(*) AS n FROM deals GROUP BY dealstage HAVING COUNT(*) * \(perStage.count) > (SELECT COUNT(*) FROM deals)")
        #expect(Set(groups.compactMap { $0["dealstage"]?.text }) == Set(perStage.filter { $0.value * perStage.count > deals.count }.keys))
        #expect(!groups.isEmpty && groups.count < perStage.count)
        // Bound more than once (grouping binds the select list again), run once: the subquery's
        // read and the statement's, no more; the stages' shares add up to the whole.
        try await rig.warm()
        _ = try await rig.rows("SELECT SUM(amount) FROM deals")
        let oneRead = await rig.requests()
        try await rig.warm()
        let stages = try await rig.rows("SELECT dealstage, SUM(amount) / (SELECT SUM(amount) FROM deals) AS share FROM deals GROUP BY dealstage")
        #expect(await rig.requests() == 2 * oneRead)
        #expect(abs(stages.compactMap { number($0["share"]) }.reduce(0, +) - 1) < 1e-9)
        // No row: NULL, as SQL's scalar subquery gives.
        let none = try await rig.rows("SELECT (SELECT MAX(amount) FROM deals WHERE amount > 1000000000000) AS m FROM deals LIMIT 1")
        #expect(none.first?["m"] == .null)
        // More than one row: an error before the statement's own reads.
        await #expect {
            _ = try await rig.rows("SELECT hs_object_id, (SELECT amount FROM deals) AS a FROM deals")
        } throws: { error in
            "\(error)".contains("used as a value gave \(deals.count) rows")
        }
    }

    @Test func subqueriesApplyToArchivedRecordsAndDerivedTables() async throws {
        // Both read by paths of their own, which once dropped a subquery's condition: every
        // archived record, every row of the WITH query, came back.
        let rig = SandboxRig(portal: TestPortals.small)
        let contacts = try await rig.rows("SELECT hs_object_id, country FROM contacts WHERE country IS NOT NULL ORDER BY hs_object_id LIMIT 40")
        let country = try #require(contacts.first?["country"]?.text)
        let body = try JSONSerialization.data(withJSONObject: ["inputs": contacts.map { ["id": $0["hs_object_id"]?.text ?? ""] }])
        let response = try await SandboxTransport(sandbox: rig.sandbox).send(HubSpotRequest(
            method: .post, path: "/crm/v3/objects/contacts/batch/archive",
            headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)", "Content-Type": "application/json"], body: body))
        #expect((200..<300).contains(response.status))
        let expected = contacts.filter { $0["country"]?.text?.lowercased() == country.lowercased() }
        #expect(!expected.isEmpty && expected.count < contacts.count)
        let archived = try await rig.rows("""
            SELECT hs_object_id FROM contacts ARCHIVED WHERE country IN (SELECT country FROM contacts ARCHIVED WHERE hs_object_id = \(expected[0]["hs_object_id"]?.text ?? "0"))
            """)
        #expect(ids(archived) == ids(expected))

        let plain = try await rig.rows("SELECT hs_object_id FROM deals WHERE amount > (SELECT AVG(amount) FROM deals)")
        let derived = try await rig.rows("""
            WITH t AS (SELECT hs_object_id, amount FROM deals) SELECT hs_object_id FROM t WHERE amount > (SELECT AVG(amount) FROM deals)
            """)
        #expect(ids(derived) == ids(plain))
        #expect(!plain.isEmpty)
    }

    @Test func aWriteRefusesASubqueryInItsValuesBeforeAnyRequest() async throws {
        // Unbound, the value would have been written as empty: every closed-won amount blanked.
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        await #expect {
            _ = try await rig.session.write("UPDATE deals SET amount = (SELECT MAX(amount) FROM deals) WHERE dealstage = 'closedwon'")
        } throws: { error in
            "\(error)".contains("a SET value cannot hold a (SELECT …)")
        }
        #expect(await rig.requests() == 0)
    }

    @Test func diagnostics() async throws {
        func message(_ text: String) async -> String? { await PlanningSupport.plan(text).diagnostics.first?.message }
        #expect(await message("SELECT dealname FROM deals WHERE amount > (SELECT dealname FROM deals)")
            == "the subquery gives text, and amount is a number")
        #expect(await message("SELECT dealname FROM deals WHERE closedate > (SELECT MAX(createdate) FROM contacts)") == nil)
        #expect(await message("SELECT dealname FROM deals WHERE amount > (SELECT amount, dealname FROM deals)")
            == "the subquery must select exactly one column")
        #expect(await message("SELECT dealname FROM deals WHERE dealstage = 'x' OR amount IN (SELECT amount FROM deals)")
            == "IN (SELECT …) must be one of the top-level AND-ed conditions")
        #expect(await message("SELECT dealname, (SELECT MAX(amount), MIN(amount) FROM deals) FROM deals")
            == "the subquery must select exactly one column")
    }

    @Test func arithmeticInsideTheSubqueryIsTheValueCompared() async throws {
        // The day before the newest contact, from one sorted search: still a HubSpot filter.
        let rig = SandboxRig(portal: TestPortals.small)
        let newest = try #require(try await rig.rows("SELECT MAX(createdate) AS m FROM contacts").first?["m"])
        guard case .datetime(let milliseconds) = newest else {
            Issue.record("expected an instant, got \(newest)")
            return
        }
        let cutoff = Value.datetime(milliseconds - 86_400_000).text ?? ""
        try await rig.warm()
        let rows = try await rig.rows("SELECT hs_object_id FROM contacts WHERE createdate > (SELECT MAX(createdate) - INTERVAL '1 day' FROM contacts)")
        #expect(await rig.requests() == 2)
        #expect(ids(rows) == ids(try await rig.rows("SELECT hs_object_id FROM contacts WHERE createdate > TIMESTAMP '\(cutoff)'")))
        #expect(!rows.isEmpty)
    }
}
