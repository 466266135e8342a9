import Foundation
import HQLSandbox
import Testing
@testable import HQL

/// A statement reads only the schema it names, and its statistics count those reads: a
/// `COUNT(*)` in a fresh session costs 2 requests (contacts' properties, one search), the next 1.
@Suite struct SchemaOnDemandTests {
    private func needs(_ text: String) throws -> SchemaNeeds {
        let source = SourceFile(text)
        let parsed = Parser.parse(source)
        let statement = try #require(parsed.statements.first)
        return SchemaNeeds(statement, in: source)
    }

    @Test func aStatementNeedsTheObjectsItNames() throws {
        #expect(try needs("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'") == SchemaNeeds(objects: ["contacts"]))
        #expect(try needs("SELECT c.email, co.name FROM contacts AS c JOIN companies co ON ASSOCIATED WHERE co.industry = 'X'")
            == SchemaNeeds(objects: ["contacts", "companies"]))
        #expect(try needs("SELECT email, companies.name FROM contact WHERE deals.amount > 5") == SchemaNeeds(objects: ["contacts", "companies", "deals"]))
        #expect(try needs("SELECT dealname FROM \"0-3\"") == SchemaNeeds(objects: ["deals"]))
        #expect(try needs("SELECT dealname FROM 0-3") == SchemaNeeds(objects: ["deals"]))
        #expect(try needs("SELECT email FROM contacts WHERE hs_object_id IN (SELECT hs_object_id FROM tickets)")
            == SchemaNeeds(objects: ["contacts", "tickets"]))
        // A name that is not standard asks for the custom objects; OWNER() for the owners.
        #expect(try needs("SELECT * FROM vehicles") == SchemaNeeds(customObjects: true))
        #expect(try needs("SELECT email FROM contacts WHERE pets.name = 'Rex'") == SchemaNeeds(objects: ["contacts"], customObjects: true))
        #expect(try needs("SELECT dealname FROM deals WHERE hubspot_owner_id = OWNER('ana@x.com')")
            == SchemaNeeds(objects: ["deals"], owners: true))
        #expect(try needs("SHOW OWNERS") == SchemaNeeds(owners: true))
        #expect(try needs("SHOW OBJECTS") == .objectsOnly)
        #expect(try needs("DESCRIBE ticket") == SchemaNeeds(objects: ["tickets"]))
    }

    @Test func aFreshCountCostsTwoRequestsThenOneAndStatisticsSayTheSame() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        await rig.resetCount()
        let first = try await rig.session.query("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'")
        _ = try await first.collect()
        #expect(await rig.requests() == 2)
        #expect(await first.statistics.totalRequests == 2)
        #expect(await first.statistics.requests["schema"] == 1)
        await rig.resetCount()
        let second = try await rig.session.query("SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'customer'")
        _ = try await second.collect()
        #expect(await rig.requests() == 1)
        #expect(await second.statistics.totalRequests == 1)
        // A JOIN reads the one object it adds; an unknown name reads the custom schemas once.
        await rig.resetCount()
        _ = try await rig.session.query("SELECT c.email, co.name FROM contacts c JOIN companies co ON ASSOCIATED LIMIT 1").collect()
        let joined = await rig.sandbox.currentStats()
        #expect(joined.total >= 2)
        await rig.resetCount()
        await #expect(throws: HQLError.self) { _ = try await rig.session.query("SELECT email FROM contcts") }
        #expect(await rig.requests() == 1)
    }
}
