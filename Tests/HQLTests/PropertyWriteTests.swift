import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// CREATE / ALTER / DROP PROPERTY over HTTP against `hubspot-sandbox`, and their undo.
@Suite(.serialized) struct PropertyWriteTests {
    static let portal = PortalGenerator(options: .small).generate()

    @Test func propertyStatementsRoundTrip() throws {
        for text in [
            "CREATE PROPERTY contacts.tier TYPE enumeration OPTIONS ('gold' LABEL 'Gold', 'silver') GROUP 'contactinformation' LABEL 'Tier'",
            "CREATE PROPERTY deals.score TYPE number",
            "ALTER PROPERTY contacts.tier ADD OPTION 'bronze' LABEL 'Bronze', DROP OPTION 'silver', RENAME OPTION 'gold' TO 'Golden', SET LABEL 'Customer tier', SET GROUP 'g'",
            "DROP PROPERTY contacts.tier",
        ] {
            let (statement, diagnostics) = Parser.parseStatement(text)
            #expect(diagnostics.isEmpty, "\(text): \(diagnostics.map(\.message))")
            let parsed = try #require(statement)
            #expect(Printer.print(parsed) == text)
            #expect(Parser.parseStatement(Printer.print(parsed)).0 == parsed)
        }
    }

    @Test func createAlterDropAndUndoThem() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let created = try await rig.session.write(
                "CREATE PROPERTY contacts.tier TYPE enumeration OPTIONS ('gold' LABEL 'Gold', 'silver' LABEL 'Silver') LABEL 'Tier'")
            #expect(created.written == 1)
            #expect(await rig.requests("properties.create") == 1)
            // The schema was read again: the new property binds, its labels map to values.
            let paris = try await rig.session.query("SELECT hs_object_id FROM contacts WHERE city = 'Paris'").collect().compactMap { $0[0].text }
            rig.setYes()
            let tagged = try await rig.session.write("UPDATE contacts SET tier = 'Gold' WHERE city = 'Paris'")
            #expect(tagged.written == paris.count)
            #expect(try await rig.dump("contacts").filter { $0.value["tier"] == "gold" }.count == paris.count)

            let before = try #require(try await rig.dumpedProperty("contacts", "tier"))
            let altered = try await rig.session.write(
                "ALTER PROPERTY contacts.tier ADD OPTION 'bronze' LABEL 'Bronze', RENAME OPTION 'gold' TO 'Golden', DROP OPTION 'silver', SET LABEL 'Customer tier'")
            #expect(altered.written == 1)
            let changed = try #require(try await rig.dumpedProperty("contacts", "tier"))
            #expect(changed.label == "Customer tier")
            #expect(changed.options == ["gold": "Golden", "bronze": "Bronze"])
            _ = try await rig.session.undo(altered.journalID)
            let restored = try #require(try await rig.dumpedProperty("contacts", "tier"))
            #expect(restored.label == before.label && restored.options == before.options && restored.group == before.group)

            let dropped = try await rig.session.write("DROP PROPERTY contacts.tier")
            #expect(dropped.written == 1)
            #expect(try await rig.dumpedProperty("contacts", "tier") == nil)
            let undone = try await rig.session.undo(dropped.journalID)
            #expect(undone.restored == paris.count)
            #expect(undone.description.contains("history"))
            let back = try #require(try await rig.dumpedProperty("contacts", "tier"))
            #expect(back.options == before.options)
            let values = try await rig.dump("contacts").filter { $0.value["tier"] == "gold" }
            #expect(Set(values.keys) == Set(paris))
        }
    }

    @Test func propertyMistakesAreCaughtBeforeWriting() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            await #expect(throws: HQLError.self) { try await rig.session.write("CREATE PROPERTY contacts.email TYPE string") }
            await #expect(throws: HQLError.self) { try await rig.session.write("CREATE PROPERTY contacts.tier TYPE enum OPTIONS ('a')") }
            await #expect(throws: HQLError.self) { try await rig.session.write("CREATE PROPERTY contacts.tier TYPE enumeration") }
            await #expect(throws: HQLError.self) { try await rig.session.write("ALTER PROPERTY contacts.emial SET LABEL 'x'") }
            #expect(await rig.requests() == 0)
            do {
                _ = try await rig.session.write("ALTER PROPERTY contacts.lifecyclestage RENAME OPTION 'leed' TO 'Lead!'")
                Issue.record("expected an error")
            } catch let error as HQLError {
                #expect(error.description.contains("did you mean 'lead'?"))
            }
            await #expect(throws: HQLError.self) { try await rig.session.write("DROP PROPERTY contacts.email") }
            #expect(await rig.requests("properties.update") == 0)
            #expect(await rig.requests("properties.archive") == 0)
        }
    }
}
