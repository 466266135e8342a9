import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// `HISTORY(p)`: a row per past value of a property, read with `propertiesWithHistory`; the
/// expected rows are HubSpot's own answer, read from the sandbox directly (not through HQL).
@Suite struct HistoryTests {
    struct Entry: Decodable, Equatable {
        var value: String
        var timestamp: String
        var sourceType: String
    }

    struct Record: Decodable {
        var id: String
        var propertiesWithHistory: [String: [Entry]]?
    }

    struct Batch: Decodable { var results: [Record] }

    /// Past values of `property` of each id, as the batch read gives them.
    static func histories(_ sandbox: Sandbox, object: String = "contacts", ids: [String], property: String) async throws -> [String: [Entry]] {
        let transport = SandboxTransport(sandbox: sandbox)
        var result: [String: [Entry]] = [:]
        for start in stride(from: 0, to: ids.count, by: 50) {
            let chunk = ids[start..<min(ids.count, start + 50)]
            let body = try JSONSerialization.data(withJSONObject: [
                "inputs": chunk.map { ["id": $0] }, "properties": ["hs_object_id"], "propertiesWithHistory": [property],
            ])
            let response = try await transport.send(HubSpotRequest(
                method: .post, path: "/crm/v3/objects/\(object)/batch/read",
                headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)", "Content-Type": "application/json"], body: body))
            for record in try JSONDecoder().decode(Batch.self, from: response.body).results {
                result[record.id] = record.propertiesWithHistory?[property] ?? []
            }
        }
        return result
    }

    @Test func rowsAreEachRecordsPastValuesNewestFirst() async throws {
        let truth = try ExpressionTests.truth.get()
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let chosen = truth["contacts"].filter { $0["lifecyclestage"] == "customer" }
        #expect(chosen.count > 50, "the statement should need more than one history read")
        let ids = chosen.map(\.id)
        let expected = try await Self.histories(rig.sandbox, ids: ids, property: "lifecyclestage")

        await rig.resetCount()
        let rows = try await rig.rows("""
            SELECT hs_object_id, email, HISTORY(lifecyclestage) FROM contacts
            WHERE lifecyclestage = 'customer'
            """)
        #expect(rows.first?.columns.names == ["hs_object_id", "email", "lifecyclestage", "lifecyclestage_timestamp", "lifecyclestage_source"])
        var got: [String: [Entry]] = [:]
        for row in rows {
            guard case .datetime(let at) = row[3] else {
                Issue.record("timestamp is not a datetime: \(row[3])")
                continue
            }
            got[row[0].text ?? "", default: []].append(Entry(value: row[2].text ?? "", timestamp: EpochTime.iso(at), sourceType: row[4].text ?? ""))
        }
        #expect(got.count == ids.count)
        for id in ids { #expect(got[id] == expected[id], "contact \(id)") }
        #expect(rows.count == expected.values.reduce(0) { $0 + $1.count })
        // A customer went through stages: several rows a record, newest first.
        #expect(rows.count > ids.count)
        // A search per 200 records, and a history read per 50 of each page.
        let pages = (ids.count + 199) / 200
        let reads = (0..<pages).reduce(0) { total, page in total + (min(200, ids.count - page * 200) + 49) / 50 }
        #expect(await rig.requests() == pages + reads)
    }

    /// "When did this contact become a customer": an update through the API is the newest
    /// past value, and an outer query finds when the value was set.
    @Test func anUpdateIsTheNewestValueAndAnOuterQueryFindsWhenItWasSet() async throws {
        let truth = try ExpressionTests.truth.get()
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let contact = try #require(truth["contacts"].first { $0["lifecyclestage"] == "lead" && $0["email"] != nil })
        let email = try #require(contact["email"])
        let transport = SandboxTransport(sandbox: rig.sandbox)
        let response = try await transport.send(HubSpotRequest(
            method: .patch, path: "/crm/v3/objects/contacts/\(contact.id)",
            headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)", "Content-Type": "application/json"],
            body: try JSONSerialization.data(withJSONObject: ["properties": ["lifecyclestage": "customer"]])))
        #expect(response.status == 200)
        let expected = try #require(try await Self.histories(rig.sandbox, ids: [contact.id], property: "lifecyclestage")[contact.id])
        #expect(expected.first?.value == "customer" && expected.first?.sourceType == "API")

        let rows = try await rig.rows("SELECT HISTORY(lifecyclestage) AS stage FROM contacts WHERE email = '\(email)'")
        #expect(rows.first?.columns.names == ["stage", "stage_timestamp", "stage_source"])
        #expect(rows.map { $0[0].text ?? "" } == expected.map(\.value))
        #expect(rows.first?[2].text == "API")

        let became = try await rig.rows("""
            WITH h AS (SELECT email, HISTORY(lifecyclestage) AS stage FROM contacts WHERE email = '\(email)')
            SELECT email, MIN(stage_timestamp) AS became_customer FROM h WHERE stage = 'customer' GROUP BY email
            """)
        #expect(became.count == 1)
        if case .datetime(let at)? = became.first?[1] {
            #expect(EpochTime.iso(at) == expected.first?.timestamp)
        } else {
            Issue.record("became_customer: \(String(describing: became.first?[1]))")
        }
    }

    /// Each record gives at least one row, so a LIMIT still bounds the records read: one page
    /// of five, one history read.
    @Test func aLimitBoundsTheRecordsRead() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let rows = try await rig.rows("SELECT email, HISTORY(lifecyclestage) FROM contacts LIMIT 5")
        #expect(rows.count == 5)
        #expect(await rig.requests() == 2)
        let explained = try await rig.session.explain("SELECT email, HISTORY(lifecyclestage) FROM contacts LIMIT 5")
        #expect(explained.contains("HistoryRead") && explained.contains("\"propertiesWithHistory\":[\"lifecyclestage\"]"), "\(explained)")
    }

    @Test(arguments: [
        ("SELECT email FROM contacts WHERE HISTORY(email) = 'x'", "stands alone in the select list"),
        ("SELECT lifecyclestage, HISTORY(email), COUNT(*) FROM contacts GROUP BY lifecyclestage", "cannot be grouped"),
        ("SELECT HISTORY(email), HISTORY(phone) FROM contacts", "one HISTORY(…) a statement"),
        ("SELECT HISTORY(lifecyclestag) FROM contacts", "did you mean 'lifecyclestage'"),
        ("SELECT HISTORY(LOWER(email)) FROM contacts", "HISTORY takes one property"),
    ])
    func misuseIsADiagnostic(_ statement: String, _ message: String) async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        do {
            _ = try await rig.rows(statement)
            Issue.record("\(statement) ran")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
        #expect(await rig.requests() == 0)
    }
}
