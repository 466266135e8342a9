import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// Association paths, semi-joins, JOIN … ON ASSOCIATED and IN (SELECT …), end to end against
/// the in-process sandbox; rows are compared with ground truth read independently
/// (``AssociationTruth``) and request counts come from the sandbox's own counter.
@Suite struct AssociationTests {
    /// The industry most of the small portal's companies have (so conditions match something).
    private func commonIndustry(_ companies: [String: CRMObject]) -> String {
        var counts: [String: Int] = [:]
        for record in companies.values { if let industry = record.properties["industry"] ?? nil { counts[industry, default: 0] += 1 } }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "RETAIL"
    }

    private func kinds(_ rig: SandboxRig) async -> [String: Int] {
        await rig.sandbox.currentStats().byKind.mapValues { $0.values.reduce(0, +) }
    }

    @Test func dotPathShowsThePrimaryCompanyOrNull() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let companies = try await truth.records("companies", ["name"])
        let links = try await truth.allAssociations("contacts", "companies")
        let rows = try await rig.rows("SELECT hs_object_id, email, companies.name FROM contacts")
        #expect(rows.count == 300)
        var withCompany = 0
        for row in rows {
            let id = try #require(row.text("hs_object_id"))
            let expected = AssociationTruth.chosen(links[id] ?? []).flatMap { companies[$0]?.properties["name"] ?? nil }
            if expected != nil { withCompany += 1 }
            #expect(row.text("companies.name") == expected, "contact \(id)")
        }
        #expect(withCompany > 200 && withCompany < 300)
        // A small table is read by search alone: two pages of 200. The first page's
        // associations are read alone (rows soon), the rest gathered up to a v4 call's 1,000;
        // per read, one batch read of the companies not read before (40: all met at first).
        let counts = await kinds(rig)
        #expect(counts["objects.list"] == nil)
        #expect(counts["search"] == 2)
        #expect(counts["associations.batch.read"] == 2)
        #expect((counts["objects.batch.read"] ?? 0) >= 1 && (counts["objects.batch.read"] ?? 0) <= 2)
        #expect(await rig.requests() == 4 + (counts["objects.batch.read"] ?? 0))
    }

    @Test func singularAndAliasQualifiedPathsAreTheSame() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let plain = try await rig.rows("SELECT hs_object_id, companies.name AS n FROM contacts WHERE lifecyclestage = 'lead'")
        let singular = try await rig.rows("SELECT hs_object_id, company.name AS n FROM contacts WHERE lifecyclestage = 'lead'")
        let aliased = try await rig.rows("SELECT c.hs_object_id, c.companies.name AS n FROM contacts AS c WHERE c.lifecyclestage = 'lead'")
        #expect(!plain.isEmpty)
        #expect(plain.map(\.values) == singular.map(\.values))
        #expect(plain.map(\.values) == aliased.map(\.values))
    }

    @Test func severalAssociatedRecordsShowTheLowestIdWhenNoneIsPrimary() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let contacts = try await truth.records("contacts", ["email"])
        let links = try await truth.allAssociations("deals", "contacts")
        #expect(links.values.contains { $0.count > 1 })
        let rows = try await rig.rows("SELECT hs_object_id, contacts.email AS email FROM deals")
        #expect(rows.count == 80)
        for row in rows {
            let id = try #require(row.text("hs_object_id"))
            let lowest = (links[id] ?? []).map(\.toObjectId).min().map(String.init)
            #expect(row.text("email") == lowest.flatMap { contacts[$0]?.properties["email"] ?? nil })
        }
    }

    @Test func whereOnAFewAssociatedIdsSearchesByThePseudoProperty() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let companies = try await truth.records("companies", ["industry", "name"])
        let software = Set(companies.filter { $0.value.properties["industry"] == "COMPUTER_SOFTWARE" }.keys)
        let links = try await truth.allAssociations("contacts", "companies")
        let leads = try await truth.records("contacts", ["lifecyclestage"]).filter { $0.value.properties["lifecyclestage"] == "lead" }
        let expected = Set(leads.keys.filter { id in (links[id] ?? []).contains { software.contains(String($0.toObjectId)) } })
        #expect(!software.isEmpty && software.count <= 10)
        let rows = try await rig.rows(
            "SELECT hs_object_id FROM contacts WHERE companies.industry = 'COMPUTER_SOFTWARE' AND lifecyclestage = 'lead'")
        #expect(Set(rows.compactMap { $0.text("hs_object_id") }) == expected)
        #expect(rows.count == expected.count)
        // One search of companies, then ⌈N/5⌉ contact searches by associations.company (each
        // id a group with the FROM filter); each fits one page.
        let counts = await kinds(rig)
        #expect(counts["search"] == 1 + (software.count + 4) / 5)
        #expect(await rig.requests() == 1 + (software.count + 4) / 5)
    }

    @Test func whereOnManyAssociatedIdsReadsAssociations() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let companies = try await truth.records("companies", ["numberofemployees"])
        let big = Set(companies.filter { Double(($0.value.properties["numberofemployees"] ?? nil) ?? "") ?? 0 > 50 }.keys)
        let links = try await truth.allAssociations("contacts", "companies")
        let expected = Set(links.filter { $0.value.contains { big.contains(String($0.toObjectId)) } }.keys)
        #expect(big.count > 20)
        let rows = try await rig.rows("SELECT hs_object_id, email FROM contacts WHERE companies.numberofemployees > 50")
        #expect(Set(rows.compactMap { $0.text("hs_object_id") }) == expected)
        // One companies search (≤ 200 ids), one association read, ⌈M/100⌉ contact batch reads.
        let counts = await kinds(rig)
        #expect(counts["search"] == 1)
        #expect(counts["associations.batch.read"] == 1)
        #expect(counts["objects.batch.read"] == (expected.count + 99) / 100)
        #expect(await rig.requests() == 2 + (expected.count + 99) / 100)
    }

    @Test func joinYieldsARowPerAssociatedPair() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let contacts = try await truth.records("contacts", ["email"])
        let links = try await truth.allAssociations("deals", "contacts")
        var expected: [String] = []
        for (deal, targets) in links {
            for target in targets {
                let email = (contacts[String(target.toObjectId)]?.properties["email"] ?? nil) ?? "NULL"
                expected.append("\(deal)|\(target.toObjectId)|\(email)")
            }
        }
        let rows = try await rig.rows("SELECT d.hs_object_id, c.hs_object_id AS contact, c.email FROM deals AS d JOIN contacts AS c ON ASSOCIATED")
        let actual = rows.map { "\($0.text("hs_object_id") ?? "")|\($0.text("contact") ?? "")|\($0.text("email") ?? "NULL")" }
        #expect(actual.sorted() == expected.sorted())
        #expect(actual.count > 80)
    }

    @Test func leftJoinKeepsRecordsWithoutAssociations() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let links = try await truth.allAssociations("contacts", "deals")
        let pairs = links.values.reduce(0) { $0 + $1.count }
        let without = links.values.filter(\.isEmpty).count
        let rows = try await rig.rows("SELECT c.hs_object_id, d.dealname FROM contacts AS c LEFT JOIN deals AS d ON ASSOCIATED")
        #expect(rows.count == pairs + without)
        #expect(rows.filter { $0.text("dealname") == nil }.count >= without)
    }

    @Test func joinWithConditionsOnBothSides() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let companies = try await truth.records("companies", ["industry", "name"])
        let deals = try await truth.records("deals", ["amount"])
        let links = try await truth.allAssociations("deals", "companies")
        let industry = commonIndustry(companies)
        let retail = Set(companies.filter { $0.value.properties["industry"] == industry }.keys)
        var expected: [String] = []
        for (deal, record) in deals where (Double((record.properties["amount"] ?? nil) ?? "") ?? 0) > 1000 {
            for target in links[deal] ?? [] where retail.contains(String(target.toObjectId)) {
                expected.append("\(deal)|\((companies[String(target.toObjectId)]?.properties["name"] ?? nil) ?? "")")
            }
        }
        let rows = try await rig.rows("""
            SELECT d.hs_object_id, co.name FROM deals AS d JOIN companies AS co ON ASSOCIATED
            WHERE co.industry = '\(industry)' AND d.amount > 1000
            """)
        #expect(!expected.isEmpty)
        #expect(rows.map { "\($0.text("hs_object_id") ?? "")|\($0.text("name") ?? "")" }.sorted() == expected.sorted())
    }

    @Test func inSubqueryRunsFirstAndFeedsAnInList() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let companies = try await truth.records("companies", ["industry", "country"])
        let industry = commonIndustry(companies)
        let countries = Set(companies.values.filter { $0.properties["industry"] == industry }
            .compactMap { ($0.properties["country"] ?? nil)?.lowercased() })
        let contacts = try await truth.records("contacts", ["country"])
        let expected = Set(contacts.filter { countries.contains((($0.value.properties["country"] ?? nil) ?? "").lowercased()) }.keys)
        #expect(!countries.isEmpty)
        let rows = try await rig.rows(
            "SELECT hs_object_id FROM contacts WHERE country IN (SELECT country FROM companies WHERE industry = '\(industry)')")
        #expect(Set(rows.compactMap { $0.text("hs_object_id") }) == expected)
        // The subquery's search, then one contacts search with the IN list.
        #expect(await rig.requests() == 2)
        let none = try await rig.rows(
            "SELECT hs_object_id FROM contacts WHERE country NOT IN (SELECT country FROM companies WHERE industry = '\(industry)')")
        #expect(Set(none.compactMap { $0.text("hs_object_id") }).isDisjoint(with: expected))
        let withCountry = contacts.values.filter { (($0.properties["country"] ?? nil) ?? "").isEmpty == false }.count
        #expect(none.count + expected.count == withCountry)
    }

    @Test func countWithASemiJoinCountsRows() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let industry = commonIndustry(try await AssociationTruth().records("companies", ["industry"]))
        let ids = try await rig.rows("SELECT hs_object_id FROM contacts WHERE companies.industry = '\(industry)'")
        let count = try await rig.rows("SELECT COUNT(*) AS n FROM contacts WHERE companies.industry = '\(industry)'")
        #expect(!ids.isEmpty)
        #expect(count.first?["n"] == .number(Double(ids.count)))
    }

    @Test func customObjectsNeverUseThePseudoProperty() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let truth = AssociationTruth()
        let vehicles = try await truth.records("vehicles", ["make"])
        let links = try await truth.allAssociations("vehicles", "contacts")
        let make = try #require(vehicles.values.compactMap { $0.properties["make"] ?? nil }.first)
        let chosen = Set(vehicles.filter { $0.value.properties["make"] == make }.keys)
        let expected = Set(chosen.flatMap { (links[$0] ?? []).map { String($0.toObjectId) } })
        // Few ids: the pseudo-property search would be the cheaper plan, but HubSpot rejects it
        // for custom objects; the sandbox would answer 400 if it were sent.
        let outcome = await PlanningSupport.plan("SELECT hs_object_id FROM contacts WHERE vehicles.make = '\(make)'")
        let plan = try #require(outcome.plan)
        #expect(plan.semiJoins.first?.pseudoProperty == nil)
        let rows = try await rig.rows("SELECT hs_object_id FROM contacts WHERE vehicles.make = '\(make)'")
        #expect(Set(rows.compactMap { $0.text("hs_object_id") }) == expected)
        let counts = await rig.sandbox.currentStats()
        #expect(counts.byStatus.keys.allSatisfy { $0.hasPrefix("2") })
        let reverse = try await rig.rows("SELECT hs_object_id FROM vehicles WHERE contacts.lifecyclestage = 'customer'")
        #expect(reverse.count <= vehicles.count)
        #expect(await rig.sandbox.currentStats().byStatus.keys.allSatisfy { $0.hasPrefix("2") })
    }

    @Test func pseudoPropertyRespectsTheFilterLimits() async throws {
        // Five FROM filters leave one slot per group: three ids a search (18 filters in total).
        let outcome = await PlanningSupport.plan("""
            SELECT email FROM contacts WHERE companies.industry = 'RETAIL' AND lifecyclestage = 'lead'
            AND country = 'France' AND city = 'Paris' AND jobtitle IS NOT NULL AND phone IS NOT NULL
            """)
        let semiJoin = try #require(outcome.plan?.semiJoins.first)
        #expect(semiJoin.idsPerSearch == 3)
        let bodies = semiJoin.searches(ids: (1...7).map(String.init), base: SearchRequest(filterGroups: []))
        #expect(bodies.count == 3)
        for body in bodies {
            #expect(body.filterGroups.count <= SearchCapabilities.hubSpot.maxFilterGroups)
            #expect(body.filterGroups.allSatisfy { $0.filters.count <= SearchCapabilities.hubSpot.maxFiltersPerGroup })
            #expect(body.filterGroups.reduce(0) { $0 + $1.filters.count } <= SearchCapabilities.hubSpot.maxFiltersTotal)
        }
    }

    @Test func diagnostics() async throws {
        // Two hops are read; three are refused, and a condition on a second hop too.
        #expect(await PlanningSupport.plan("SELECT dealname, contacts.companies.name FROM deals").diagnostics.isEmpty)
        let threeHops = await PlanningSupport.plan("SELECT dealname, contacts.companies.tickets.subject FROM deals")
        #expect(threeHops.diagnostics.first?.message.contains("more than two associations") == true)
        let secondHopCondition = await PlanningSupport.plan("SELECT dealname FROM deals WHERE contacts.companies.name = 'x'")
        #expect(secondHopCondition.diagnostics.first?.message.contains("second association hop") == true)
        let mixed = await PlanningSupport.plan("SELECT email FROM contacts WHERE companies.industry = 'RETAIL' OR lifecyclestage = 'lead'")
        #expect(mixed.diagnostics.first?.message.contains("only one object") == true)
        let unknown = await PlanningSupport.plan("SELECT companies.nme FROM contacts")
        #expect(unknown.diagnostics.first?.message == "unknown property 'nme' of companies")
        let nested = await PlanningSupport.plan("SELECT email FROM contacts WHERE NOT (country IN (SELECT country FROM companies))")
        #expect(nested.diagnostics.first?.message.contains("top-level") == true)
        let twoColumns = await PlanningSupport.plan("SELECT email FROM contacts WHERE country IN (SELECT country, city FROM companies)")
        #expect(twoColumns.diagnostics.first?.message.contains("exactly one column") == true)
    }
}
