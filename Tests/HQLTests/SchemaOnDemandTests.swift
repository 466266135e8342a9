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
        // EXTRACT's and SUBSTRING's FROM, WITH names and derived tables name no custom object.
        #expect(try needs("SELECT EXTRACT(YEAR FROM createdate), SUBSTRING(email FROM 2) FROM contacts") == SchemaNeeds(objects: ["contacts"]))
        #expect(try needs("WITH won AS (SELECT amount FROM deals) SELECT COUNT(*) FROM won") == SchemaNeeds(objects: ["deals"]))
        #expect(try needs("SELECT n FROM (SELECT amount AS n FROM deals) AS t") == SchemaNeeds(objects: ["deals"]))
        // A column alias that is also a custom object's name does not hide the object.
        #expect(try needs("SELECT COUNT(*) AS vehicles FROM vehicles") == SchemaNeeds(customObjects: true))
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

    /// The cache has a property HubSpot no longer knows (deleted since): HubSpot's 400 on the
    /// first search makes the session read the schema again and plan once more, so the user sees
    /// HQL's own "unknown property", and the next statement binds on the fresh schema.
    @Test func aPropertyDeletedSinceTheCacheIsReadAgainNotSentTwice() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hql-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SchemaCache(directory: folder)
        let sandbox = Sandbox(portal: TestPortals.small)
        func session() -> Session {
            Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken),
                    rateLimits: RateLimits.hubSpot.scaled(by: 100), schemaCache: cache)
        }
        _ = try await session().query("SELECT COUNT(*) FROM contacts").collect()
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let url = folder.appendingPathComponent(file)
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var standard = try #require(document["standard"] as? [String: Any])
        var contacts = try #require(standard["contacts"] as? [String: Any])
        var properties = try #require(contacts["properties"] as? [String: Any])
        var legacy = try #require(properties["email"] as? [String: Any])
        legacy["name"] = "legacy_score"
        legacy["label"] = "Legacy score"
        properties["legacy_score"] = legacy
        contacts["properties"] = properties
        standard["contacts"] = contacts
        document["standard"] = standard
        try JSONSerialization.data(withJSONObject: document).write(to: url)

        await sandbox.resetStats()
        let fresh = session()
        do {
            _ = try await fresh.query("SELECT email FROM contacts WHERE legacy_score = 'x'").collect()
            Issue.record("a property HubSpot does not know was answered")
        } catch let error as HQLError {
            #expect(error.description.contains("unknown property 'legacy_score'"), "\(error)")
        }
        // The rejected search, the schema read again: no second search.
        let stats = await sandbox.currentStats()
        #expect(stats.total == 2, "\(stats)")
        // The session now binds on the fresh schema: the same mistake costs nothing more.
        await #expect(throws: HQLError.self) { _ = try await fresh.query("SELECT email FROM contacts WHERE legacy_score = 'x'") }
        #expect(await sandbox.currentStats().total == 2)
    }
}
