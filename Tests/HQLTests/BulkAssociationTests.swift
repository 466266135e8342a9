import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// ASSOCIATE / DISSOCIATE with a query on either side, over HTTP against `hubspot-sandbox`.
@Suite(.serialized) struct BulkAssociationTests {
    static let portal = PortalGenerator(options: .small).generate()

    @Test func queryFormsRoundTrip() throws {
        for text in [
            "ASSOCIATE companies 7 WITH contacts (SELECT hs_object_id FROM contacts WHERE city = 'Paris')",
            "DISSOCIATE contacts (SELECT hs_object_id FROM contacts WHERE city = 'Lyon') FROM companies (SELECT hs_object_id FROM companies) ON company = name LABEL 'Primary'",
        ] {
            let (statement, diagnostics) = Parser.parseStatement(text)
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
            let parsed = try #require(statement)
            #expect(Printer.print(parsed) == text)
        }
    }

    @Test func oneRecordWithEveryRecordOfAQueryThenUndo() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let company = try #require(try await rig.session.query("SELECT hs_object_id FROM companies ORDER BY hs_object_id LIMIT 1").collect().first?[0].text)
            let paris = try await rig.session.query("SELECT hs_object_id FROM contacts WHERE city = 'Paris'").collect().compactMap { $0[0].text }
            #expect(!paris.isEmpty)
            await rig.sandbox.resetStats()
            let report = try await rig.session.write(
                "ASSOCIATE companies \(company) WITH contacts (SELECT id FROM contacts WHERE city = 'Paris')")
            #expect(report.written == paris.count)
            // One search for the selection, one batch create.
            #expect(await rig.requests("associations.batch.create") == 1)
            let edges = try await rig.dumpedAssociations()
            #expect(paris.allSatisfy { edges.contains("\($0)>\(company):279") })

            let removed = try await rig.session.write(
                "DISSOCIATE companies \(company) FROM contacts (SELECT id FROM contacts WHERE city = 'Paris')")
            #expect(removed.written == paris.count)
            let after = try await rig.dumpedAssociations()
            #expect(paris.allSatisfy { !after.contains("\($0)>\(company):279") })
            let undone = try await rig.session.undo(removed.journalID)
            #expect(undone.restored >= paris.count)
            let restored = try await rig.dumpedAssociations()
            #expect(paris.allSatisfy { restored.contains("\($0)>\(company):279") })
        }
    }

    @Test func twoQueriesPairedOnEqualValues() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let contacts = try await rig.dump("contacts")
            let companies = try await rig.dump("companies")
            var byName: [String: [String]] = [:]
            for (id, company) in companies { if let city = company["city"]?.lowercased() { byName[city, default: []].append(id) } }
            var expected: Set<String> = []
            for (id, contact) in contacts where contact["city"] == "London" {
                for company in byName[contact["city"]?.lowercased() ?? ""] ?? [] { expected.insert("\(id)>\(company):279") }
            }
            #expect(!expected.isEmpty)
            rig.setYes()
            let report = try await rig.session.write("""
                ASSOCIATE contacts (SELECT id FROM contacts WHERE city = 'London') WITH companies (SELECT id FROM companies)
                ON city = city
                """)
            #expect(report.written == expected.count)
            let edges = try await rig.dumpedAssociations()
            #expect(expected.isSubset(of: edges))
            do {
                _ = try await rig.session.write("ASSOCIATE contacts (SELECT id FROM contacts) WITH companies (SELECT id FROM companies)")
                Issue.record("expected a diagnostic")
            } catch let error as HQLError {
                #expect(error.description.contains("need ON"))
            }
        }
    }
}

/// Labels, user-defined types and custom objects: the type is read from the pair's labels.
@Suite(.serialized) struct AssociationTypeTests {
    @Test func labelsAndCustomObjectsFindTheirType() async throws {
        try await WriteRig.with(BulkAssociationTests.portal) { rig in
            try await rig.warm()
            func first(_ text: String) async throws -> String {
                try #require(try await rig.session.query(text).collect().first?[0].text)
            }
            let contact = try await first("SELECT id FROM contacts ORDER BY id LIMIT 1")
            let company = try await first("SELECT id FROM companies ORDER BY id LIMIT 1")
            let vehicle = try await first("SELECT id FROM vehicles LIMIT 1")
            await rig.sandbox.resetStats()
            let labelled = try await rig.session.write("ASSOCIATE contacts \(contact) WITH companies \(company) LABEL 'decision maker'")
            #expect(labelled.written == 1)
            // One labels read, one batch create.
            #expect(await rig.requests() == 2)
            #expect(try await rig.dumpedAssociations().contains("\(contact)>\(company):101"))
            // DISSOCIATE … LABEL removes that type only; without a label, every type of the pair.
            let unlabelled = try await rig.session.write("DISSOCIATE contacts \(contact) FROM companies \(company) LABEL 'Decision maker'")
            #expect(unlabelled.written == 1)
            var pairs = try await rig.dumpedAssociations()
            #expect(!pairs.contains("\(contact)>\(company):101") && pairs.contains("\(contact)>\(company):279"))
            let all = try await rig.session.write("DISSOCIATE contacts \(contact) FROM companies \(company)")
            #expect(all.written == 1)
            pairs = try await rig.dumpedAssociations()
            #expect(!pairs.contains { $0.hasPrefix("\(contact)>\(company):") })
            _ = try await rig.session.undo(all.journalID)
            #expect(try await rig.dumpedAssociations().contains("\(contact)>\(company):279"))
            let custom = try await rig.session.write("ASSOCIATE vehicles \(vehicle) WITH contacts \(contact)")
            #expect(custom.written == 1)
            let edges = try await rig.dumpedAssociations()
            #expect(edges.contains("\(contact)>\(vehicle):114") || edges.contains("\(vehicle)>\(contact):113"))
        }
    }
}
