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
        // Activities whose names are also property names count only as objects.
        #expect(try needs("SELECT email, note FROM contacts") == SchemaNeeds(objects: ["contacts"]))
        #expect(try needs("SELECT hs_meeting_title FROM meetings WHERE contacts.email = 'a@b.c'")
            == SchemaNeeds(objects: ["meetings", "contacts"]))
        #expect(try needs("SELECT email, emails.hs_email_subject FROM contacts JOIN calls ON ASSOCIATED")
            == SchemaNeeds(objects: ["contacts", "emails", "calls"]))
        #expect(try needs("SELECT COUNT(*) FROM \"0-49\"") == SchemaNeeds(objects: ["emails"]))
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

    /// A fresh session with the disk cache costs only its statement's requests; the token is
    /// not in the file; a name the cached schema lacks is read again, not reported unknown.
    @Test func theDiskCacheSavesTheNextProcessItsSchemaReads() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hql-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SchemaCache(directory: folder)
        let sandbox = Sandbox(portal: TestPortals.small)
        let token = SandboxSettings.defaultToken
        func session() -> Session {
            Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: token), rateLimits: RateLimits.hubSpot.scaled(by: 100),
                    schemaCache: cache)
        }
        let count = "SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'"
        _ = try await session().query(count).collect()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1)
        let stored = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(!stored.contains(token))
        #expect(stored.contains("lifecyclestage"))

        await sandbox.resetStats()
        let warm = try await session().query(count)
        let rows = try await warm.collect()
        #expect(rows.count == 1)
        #expect(await sandbox.currentStats().total == 1)
        #expect(await warm.statistics.totalRequests == 1)

        // The cache says contacts have no `firstname` (as if it were created since): read again.
        let url = folder.appendingPathComponent(files[0])
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var standard = try #require(document["standard"] as? [String: Any])
        var contacts = try #require(standard["contacts"] as? [String: Any])
        var properties = try #require(contacts["properties"] as? [String: Any])
        properties.removeValue(forKey: "firstname")
        contacts["properties"] = properties
        standard["contacts"] = contacts
        document["standard"] = standard
        try JSONSerialization.data(withJSONObject: document).write(to: url)
        await sandbox.resetStats()
        let stale = try await session().query("SELECT firstname FROM contacts LIMIT 2").collect()
        #expect(stale.count == 2)
        #expect(await sandbox.currentStats().total == 2)
        // A real mistake is still reported (once the schema is fresh, no more reads).
        await #expect(throws: HQLError.self) { _ = try await session().query("SELECT firstnme FROM contacts") }
    }
}
