import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// The portal's records as its dump has them: the ground truth expressions are checked against,
/// computed here in plain Swift (never through HQL's evaluator).
struct DumpTruth: Sendable {
    struct Record: Sendable {
        var id: String
        var properties: [String: String]
        subscript(_ name: String) -> String? { properties[name].flatMap { $0.isEmpty ? nil : $0 } }
    }

    let records: [String: [Record]]
    /// Contact id → ids of its associated companies (either direction, any type).
    let contactCompanies: [String: Set<String>]
    /// "fromType toType id" → associated ids (either direction, any type).
    private let pairs: [String: Set<String>]

    /// The ids associated with record `id` of type `from` in type `to` (`0-1` contacts …).
    func associated(_ id: String, from: String, to: String) -> Set<String> { pairs["\(from) \(to) \(id)"] ?? [] }

    init(_ portal: Portal = TestPortals.small) throws {
        let dump = try JSONSerialization.jsonObject(with: try PortalDump(portal).jsonData()) as? [String: Any] ?? [:]
        var records: [String: [Record]] = [:]
        for (object, list) in dump["records"] as? [String: [[String: Any]]] ?? [:] {
            records[object] = list.map { entry in
                let id = (entry["id"] as? NSNumber).map { String($0.int64Value) } ?? (entry["id"] as? String ?? "")
                return Record(id: id, properties: entry["properties"] as? [String: String] ?? [:])
            }
        }
        self.records = records
        var pairs: [String: Set<String>] = [:]
        var all: [String: Set<String>] = [:]
        for association in dump["associations"] as? [[String: Any]] ?? [] {
            let from = association["fromObjectTypeId"] as? String
            let to = association["toObjectTypeId"] as? String
            let fromId = (association["fromId"] as? NSNumber).map { String($0.int64Value) } ?? ""
            let toId = (association["toId"] as? NSNumber).map { String($0.int64Value) } ?? ""
            if from == "0-1", to == "0-2" { pairs[fromId, default: []].insert(toId) }
            if from == "0-2", to == "0-1" { pairs[toId, default: []].insert(fromId) }
            if let from, let to {
                all["\(from) \(to) \(fromId)", default: []].insert(toId)
                all["\(to) \(from) \(toId)", default: []].insert(fromId)
            }
        }
        contactCompanies = pairs
        self.pairs = all
    }

    subscript(_ object: String) -> [Record] { records[object] ?? [] }
}

/// Expressions end to end (parse → bind → plan → execute → sandbox), each answer compared with
/// the portal's dump evaluated independently.
@Suite struct ExpressionTests {
    static let truth = Result { try DumpTruth() }

    func rig() async throws -> SandboxRig {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        return rig
    }

    /// `[key: count]` of grouped rows (key column 0, count column 1).
    func counts(_ rows: [Row]) -> [String: Int] {
        var result: [String: Int] = [:]
        for row in rows { result[row[0].text ?? "NULL"] = Int(row[1].text ?? "") }
        return result
    }

    @Test func revenuePerMonth() async throws {
        let truth = try Self.truth.get()
        var expected: [String: (count: Int, sum: Decimal?)] = [:]
        for deal in truth["deals"] where deal["dealstage"] == "closedwon" {
            let month = deal["closedate"].map { String($0.prefix(7)) + "-01" } ?? "NULL"
            var entry = expected[month] ?? (0, nil)
            entry.count += 1
            if let amount = deal["amount"].flatMap({ Decimal(string: $0) }) { entry.sum = (entry.sum ?? 0) + amount }
            expected[month] = entry
        }
        let rows = try await rig().rows("""
            SELECT DATE_TRUNC('month', closedate) AS month, COUNT(*), SUM(amount) FROM deals
              WHERE dealstage = 'closedwon' GROUP BY 1 ORDER BY 1
            """)
        #expect(rows.count == expected.count)
        for row in rows {
            let key = row[0].text ?? "NULL"
            #expect(row[1].text == expected[key].map { String($0.count) }, "\(key)")
            #expect(row[2].text == expected[key]?.sum.map { Value.format(GroupAggregator.double($0)) }, "\(key)")
        }
        let months = rows.compactMap { $0[0].text }
        #expect(months == months.sorted())
    }

    @Test func groupByAnAssociatedPropertyCountsOncePerAssociatedRecord() async throws {
        let truth = try Self.truth.get()
        let industries = Dictionary(uniqueKeysWithValues: truth["companies"].map { ($0.id, $0["industry"]) })
        var expected: [String: Int] = [:]
        for contact in truth["contacts"] {
            let companies = truth.contactCompanies[contact.id] ?? []
            if companies.isEmpty { expected["NULL", default: 0] += 1 }
            for company in companies { expected[(industries[company] ?? nil) ?? "NULL", default: 0] += 1 }
        }
        let rows = try await rig().rows("SELECT companies.industry, COUNT(*) FROM contacts GROUP BY companies.industry")
        #expect(counts(rows) == expected)
    }

    /// `deals.companies.industry` from contacts: two hops; grouped, once per (deal, company) pair.
    @Test func groupByATwoHopPath() async throws {
        let truth = try Self.truth.get()
        let industries = Dictionary(uniqueKeysWithValues: truth["companies"].map { ($0.id, $0["industry"]) })
        var expected: [String: Int] = [:]
        for contact in truth["contacts"] where contact["lifecyclestage"] == "customer" {
            let deals = truth.associated(contact.id, from: "0-1", to: "0-3")
            if deals.isEmpty { expected["NULL", default: 0] += 1 }
            for deal in deals {
                let companies = truth.associated(deal, from: "0-3", to: "0-2")
                if companies.isEmpty { expected["NULL", default: 0] += 1 }
                for company in companies { expected[(industries[company] ?? nil) ?? "NULL", default: 0] += 1 }
            }
        }
        let rows = try await rig().rows(
            "SELECT deals.companies.industry, COUNT(*) FROM contacts WHERE lifecyclestage = 'customer' GROUP BY 1")
        #expect(counts(rows) == expected)
        #expect(expected.keys.count > 2)
    }

    @Test func computedColumnSortedByOrdinalPushesTheSort() async throws {
        let truth = try Self.truth.get()
        let amounts = truth["deals"].compactMap { $0["amount"].flatMap { Decimal(string: $0) } }.sorted(by: >)
        let expected = amounts.prefix(10).map { Value.format(GroupAggregator.double($0 * Decimal(string: "0.2")!)) }
        let rig = try await rig()
        let rows = try await rig.rows("SELECT dealname, amount * 0.2 AS commission FROM deals ORDER BY 2 DESC LIMIT 10")
        #expect(rows.map { $0[1].text ?? "NULL" } == expected)
        // `amount * 0.2` is monotonic in amount: HubSpot sorts, one page of 10 answers it.
        #expect(await rig.requests() == 1)
    }

    @Test func coalesceAndCaseGroupByAlias() async throws {
        let truth = try Self.truth.get()
        var statuses: [String: Int] = [:]
        for contact in truth["contacts"] { statuses[contact["hs_lead_status"] ?? "none", default: 0] += 1 }
        let rig = try await rig()
        #expect(counts(try await rig.rows(
            "SELECT COALESCE(hs_lead_status, 'none') AS status, COUNT(*) FROM contacts GROUP BY status")) == statuses)
        var sizes: [String: Int] = [:]
        for deal in truth["deals"] {
            let large = deal["amount"].flatMap(Double.init).map { $0 >= 50_000 } ?? false
            sizes[large ? "large" : "small", default: 0] += 1
        }
        #expect(counts(try await rig.rows(
            "SELECT CASE WHEN amount >= 50000 THEN 'large' ELSE 'small' END AS size, COUNT(*) FROM deals GROUP BY size")) == sizes)
    }

    @Test func comparingTwoPropertiesAndIlike() async throws {
        let truth = try Self.truth.get()
        let same = truth["contacts"].filter { contact in
            guard let first = contact["firstname"], let last = contact["lastname"] else { return false }
            return first.lowercased() == last.lowercased()
        }.map { $0["email"]?.lowercased() ?? "NULL" }
        let rig = try await rig()
        let rows = try await rig.rows("SELECT LOWER(email) FROM contacts WHERE firstname = lastname")
        #expect(rows.map { $0[0].text ?? "NULL" }.sorted() == same.sorted())

        let gmail = truth["contacts"].compactMap { $0["email"] }.filter { $0.lowercased().contains("gmail") }
        let matched = try await rig.rows("SELECT email FROM contacts WHERE email ILIKE '%GMAIL%'")
        #expect(matched.compactMap { $0[0].text }.sorted() == gmail.sorted())
        #expect(!gmail.isEmpty)
    }

    @Test func extractYearGroups() async throws {
        let truth = try Self.truth.get()
        var years: [String: Int] = [:]
        for contact in truth["contacts"] { years[contact["createdate"].map { String($0.prefix(4)) } ?? "NULL", default: 0] += 1 }
        let rows = try await rig().rows("SELECT EXTRACT(YEAR FROM createdate) AS y, COUNT(*) FROM contacts GROUP BY y ORDER BY y")
        #expect(counts(rows) == years)
    }

    @Test func havingComputesOverKeysAndAggregates() async throws {
        let truth = try Self.truth.get()
        var byStage: [String: (count: Int, sum: Decimal)] = [:]
        for deal in truth["deals"] {
            guard let stage = deal["dealstage"] else { continue }
            var entry = byStage[stage] ?? (0, 0)
            entry.count += 1
            entry.sum += deal["amount"].flatMap { Decimal(string: $0) } ?? 0
            byStage[stage] = entry
        }
        // The average over every deal of the stage (NULL amounts count as 0 here, as in the SQL).
        let expected = byStage.filter { $0.value.sum / Decimal($0.value.count) > 20_000 && $0.key.count > 5 }.keys.sorted()
        let rows = try await rig().rows("""
            SELECT dealstage, COUNT(*) FROM deals WHERE dealstage IS NOT NULL GROUP BY dealstage
              HAVING SUM(COALESCE(amount, 0)) / COUNT(*) > 20000 AND LENGTH(dealstage) > 5 ORDER BY dealstage
            """)
        #expect(rows.compactMap { $0[0].text } == expected)
        #expect(!expected.isEmpty)
    }

    @Test func withQueriesAndQueriesInFromFeedTheOuterQuery() async throws {
        let truth = try Self.truth.get()
        var perYear: [String: Int] = [:]
        for deal in truth["deals"] where deal["dealstage"] == "closedwon" {
            perYear[deal["closedate"].map { String($0.prefix(4)) } ?? "NULL", default: 0] += 1
        }
        let rig = try await rig()
        let rows = try await rig.rows("""
            WITH won AS (SELECT dealname, amount, closedate FROM deals WHERE dealstage = 'closedwon')
            SELECT EXTRACT(YEAR FROM closedate) AS y, COUNT(*) FROM won GROUP BY y
            """)
        #expect(counts(rows) == perYear)
        // The inner query is one search (pushed down); the outer one costs nothing.
        #expect(await rig.requests() == 1)

        let lengths = truth["contacts"].compactMap { $0["email"]?.count }.filter { $0 > 20 }
        let derived = try await rig.rows("SELECT n FROM (SELECT LENGTH(email) AS n FROM contacts) AS t WHERE n > 20 ORDER BY n DESC")
        #expect(derived.compactMap { Int($0[0].text ?? "") } == lengths.sorted(by: >))
    }

    @Test func derivedTablesHaveNoAssociations() async {
        let diagnostics = await PlanningSupport.plan("SELECT t.companies.name FROM (SELECT email FROM contacts) AS t").diagnostics
        #expect(diagnostics.first?.message.contains("is a query's result, with no associations") == true)
        let unknown = await PlanningSupport.plan("WITH w AS (SELECT email AS mail FROM contacts) SELECT mial FROM w").diagnostics
        #expect(unknown.first?.help?.contains("did you mean 'mail'") == true, "\(unknown)")
    }

    // MARK: Pushdown

    /// What a computed condition implies is still sent; only the rest is computed.
    @Test func computedConditionsSendWhatTheyImply() async throws {
        let truth = try Self.truth.get()
        let rig = try await rig()
        let email = try #require(truth["contacts"].compactMap { $0["email"] }.first)
        let found = try await rig.rows("SELECT email FROM contacts WHERE LOWER(email) = '\(email.lowercased())'")
        #expect(found.map { $0[0].text } == [email])
        #expect(await rig.requests() == 1)
        let explained = try await rig.session.explain("SELECT email FROM contacts WHERE LOWER(email) = 'a@b.c'")
        #expect(explained.contains(#""operator":"EQ","propertyName":"email","value":"a@b.c""#), "\(explained)")
        #expect(explained.contains("client computes: LOWER(email) = 'a@b.c'"))

        // amount * 2 > 100 is amount >= 50 at HubSpot, re-checked exactly here.
        let arithmetic = try await rig.session.explain("SELECT dealname FROM deals WHERE amount * 2 > 100")
        #expect(arithmetic.contains(#""operator":"GTE","propertyName":"amount","value":"50""#), "\(arithmetic)")
        // DATE(x) = day is the day's range, exactly: nothing left for the client.
        let day = try await rig.session.explain("SELECT dealname FROM deals WHERE DATE(closedate) = DATE '2024-03-01'")
        #expect(day.contains(#""highValue":"1709337599999","operator":"BETWEEN","propertyName":"closedate","value":"1709251200000""#), "\(day)")
        #expect(day.contains("residual filter: none"))
        // COALESCE(x, 'n') = 'y' is x = 'y'.
        let coalesce = try await rig.session.explain("SELECT email FROM contacts WHERE COALESCE(hs_lead_status, 'none') = 'NEW'")
        #expect(coalesce.contains(#""operator":"EQ","propertyName":"hs_lead_status","value":"NEW""#), "\(coalesce)")

        let amounts = truth["deals"].compactMap { $0["amount"].flatMap(Double.init) }.filter { $0 * 2 > 100 }
        await rig.resetCount()
        let rows = try await rig.rows("SELECT amount FROM deals WHERE amount * 2 > 100")
        #expect(rows.count == amounts.count)
        let years = truth["contacts"].filter { $0["createdate"]?.hasPrefix("2024") == true }.count
        let counted = try await rig.rows("SELECT COUNT(*) FROM contacts WHERE EXTRACT(YEAR FROM createdate) = 2024")
        #expect(counted.first?[0].text == String(years))
    }

    // MARK: Diagnostics

    @Test func typeErrorsPointAtTheExpression() async {
        func errors(_ text: String) async -> [String] {
            await PlanningSupport.plan(text).diagnostics.map { "\($0.location) \($0.message)" + ($0.help.map { " | \($0)" } ?? "") }
        }
        #expect(await errors("SELECT LOWER(amount) FROM deals").first?.hasPrefix("1:14 LOWER takes text; 'amount' is a number") == true)
        #expect(await errors("SELECT LOWR(email) FROM contacts").first?.hasPrefix("1:8 unknown function LOWR | did you mean 'LOWER'") == true)
        #expect(await errors("SELECT email FROM contacts WHERE amount * 2 > 1").first?.contains("unknown property 'amount'") == true)
        #expect(await errors("SELECT email || 1 FROM contacts").isEmpty)
        #expect(await errors("SELECT email FROM contacts GROUP BY 3").first?.hasPrefix("1:37 GROUP BY 3 is not a position in the select list") == true)
        #expect(await errors("SELECT firstname, COUNT(*) FROM contacts GROUP BY LOWER(firstname)").first?
            .hasPrefix("1:8 'firstname' must be in GROUP BY") == true)
        #expect(await errors("SELECT CAST(email AS NUMBR) FROM contacts").first?.contains("did you mean 'NUMBER'") == true)
        #expect(await errors("SELECT DATE_TRUNC('mnth', createdate) FROM contacts").first?.contains("did you mean 'month'") == true)
        #expect(await errors("SELECT CASE WHEN amount > 1 THEN 'x' ELSE 2 END FROM deals").first?.contains("CASE results must have one type") == true)
    }
}

/// GROUP BY a date bucket with only COUNT(*): counted by HubSpot when that is cheaper.
@Suite struct BucketCountingTests {
    @Test func countingByMonthCostsBucketsPlusThree() async throws {
        let truth = try DumpTruth(TestPortals.ceiling)
        var expected: [String: Int] = [:]
        for contact in truth["contacts"] { expected[contact["createdate"].map { String($0.prefix(7)) + "-01" } ?? "NULL", default: 0] += 1 }
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let rows = try await rig.rows("SELECT DATE_TRUNC('month', createdate) AS month, COUNT(*) FROM contacts GROUP BY 1 ORDER BY 1")
        var got: [String: Int] = [:]
        for row in rows { got[row[0].text ?? "NULL"] = Int(row[1].text ?? "") }
        #expect(got == expected)
        // Every month between the first and the last, whether it has records or not.
        let months = expected.keys.filter { $0 != "NULL" }.sorted()
        let first = try #require(months.first), last = try #require(months.last)
        func index(_ month: String) -> Int {
            let year = Int(month.prefix(4)) ?? 0
            let number = Int(month.dropFirst(5).prefix(2)) ?? 0
            return year * 12 + number
        }
        let span = index(last) - index(first) + 1
        let requests = await rig.requests()
        #expect(requests <= span + 3, "\(requests) requests for \(span) months")
        #expect(requests < 25_000 / 200)
    }

    /// An enumeration crossed with a year: counted option by option within each year.
    @Test func anEnumerationCrossedWithABucketIsCounted() async throws {
        let truth = try DumpTruth(TestPortals.ceiling)
        var expected: [String: Int] = [:]
        for contact in truth["contacts"] {
            let key = (contact["lifecyclestage"] ?? "NULL") + " " + (contact["createdate"].map { String($0.prefix(4)) } ?? "NULL")
            expected[key, default: 0] += 1
        }
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let rows = try await rig.rows("EXPLAIN ANALYZE SELECT lifecyclestage, EXTRACT(YEAR FROM createdate) AS y, COUNT(*) FROM contacts GROUP BY 1, 2")
        let text = rows.compactMap { $0[0].text }.joined(separator: "\n")
        #expect(text.contains("-- chose: counting:"), "\(text)")
        await rig.resetCount()
        let counted = try await rig.rows("SELECT lifecyclestage, EXTRACT(YEAR FROM createdate) AS y, COUNT(*) FROM contacts GROUP BY 1, 2")
        var got: [String: Int] = [:]
        for row in counted { got[(row[0].text ?? "NULL") + " " + (row[1].text ?? "NULL")] = Int(row[2].text ?? "") }
        #expect(got == expected)
        #expect(await rig.requests() < 25_000 / 200)
    }

    @Test func explainAnalyzeRunsTheStatementAndShowsTheChoice() async throws {
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let rows = try await rig.rows("EXPLAIN ANALYZE SELECT EXTRACT(YEAR FROM createdate) AS y, COUNT(*) FROM contacts GROUP BY y")
        let text = rows.compactMap { $0[0].text }.joined(separator: "\n")
        #expect(text.contains("adaptive: 2 probes"), "\(text)")
        #expect(text.contains("-- chose: counting:"), "\(text)")
        let requests = await rig.requests()
        #expect(text.contains("-- actual:") && text.contains("\(requests) requests"), "\(text)")
    }

    @Test func aScanIsChosenWhenItCostsFewer() async throws {
        let truth = try ExpressionTests.truth.get()
        var expected: [String: Int] = [:]
        for deal in truth["deals"] { expected[deal["closedate"].map { String($0.prefix(10)) } ?? "NULL", default: 0] += 1 }
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let rows = try await rig.rows("SELECT DATE(closedate) AS day, COUNT(*) FROM deals WHERE amount > 0 OR amount <= 0 OR amount IS NULL GROUP BY day")
        var got: [String: Int] = [:]
        for row in rows { got[row[0].text ?? "NULL"] = Int(row[1].text ?? "") }
        #expect(got == expected)
        // 80 deals over many days: the two probes, then one page, not a search per day.
        #expect(await rig.requests() <= 4)
        let plan = try await rig.session.explain("SELECT DATE(closedate) AS day, COUNT(*) FROM deals WHERE amount > 0 GROUP BY day")
        #expect(plan.contains("adaptive: 2 probes find the first and last closedate"))
    }
}
