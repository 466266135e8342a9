import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// HQL reading the activities and other objects of the whole CRM (issue 15), end to end against
/// the in-process sandbox; expected rows come from the portal's dump (loose JSON).
@Suite struct ActivityQueryTests {
    static let portal = TestPortals.small
    /// Noon of the demo's snapshot day, as the session's "today".
    static let today = Date(timeIntervalSince1970: 1_782_820_800)

    struct Dump {
        let records: [String: [[String: Any]]]
        let edges: [(from: String, fromId: Int64, to: String, toId: Int64)]

        init() throws {
            let object = try JSONSerialization.jsonObject(with: try PortalDump(ActivityQueryTests.portal).jsonData())
                as? [String: Any] ?? [:]
            records = (object["records"] as? [String: [[String: Any]]] ?? [:]).mapValues {
                $0.filter { ($0["archived"] as? Bool) != true }
            }
            edges = (object["associations"] as? [[String: Any]] ?? []).compactMap { edge in
                guard let from = edge["fromObjectTypeId"] as? String, let to = edge["toObjectTypeId"] as? String,
                      let fromId = (edge["fromId"] as? NSNumber)?.int64Value, let toId = (edge["toId"] as? NSNumber)?.int64Value
                else { return nil }
                return (from, fromId, to, toId)
            }
        }

        func id(_ record: [String: Any]) -> Int64 { (record["id"] as? NSNumber)?.int64Value ?? -1 }
        func value(_ record: [String: Any], _ name: String) -> String? { (record["properties"] as? [String: String])?[name] }

        /// Ids of `b` records associated with `a` record `id` (edges are stored in one direction).
        func associated(_ a: String, _ id: Int64, _ b: String) -> Set<Int64> {
            Set(edges.compactMap { edge in
                if edge.from == a, edge.fromId == id, edge.to == b { return edge.toId }
                if edge.to == a, edge.toId == id, edge.from == b { return edge.fromId }
                return nil
            })
        }
    }

    private func session() -> (Sandbox, Session) {
        let sandbox = Sandbox(portal: Self.portal, settings: SandboxSettings(
            searchRequestsPerSecond: 5_000, requestsPerTenSeconds: 100_000, requestsPerDay: 100_000_000))
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken),
                              rateLimits: RateLimits.hubSpot.scaled(by: 1_000), today: { Self.today })
        return (sandbox, session)
    }

    @Test func meetingsOfOneContactSinceADate() async throws {
        let dump = try Dump()
        let bound = try #require(EpochTime.parse("2026-06-01T00:00:00Z"))
        func recent(_ meeting: [String: Any]) -> Bool {
            (dump.value(meeting, "hs_timestamp").flatMap(EpochTime.parse) ?? 0) >= bound
        }
        // The contact with the most such meetings, so the answer is not empty.
        var perContact: [Int64: Int] = [:]
        for meeting in (dump.records["meetings"] ?? []) where recent(meeting) {
            for contact in dump.associated("0-47", dump.id(meeting), "0-1") { perContact[contact, default: 0] += 1 }
        }
        let contacts = dump.records["contacts"] ?? []
        let chosen = try #require(perContact.filter { entry in
            contacts.contains { dump.id($0) == entry.key && dump.value($0, "email") != nil }
        }.max { ($0.value, $1.key) < ($1.value, $0.key) })
        let contact = try #require(contacts.first { dump.id($0) == chosen.key })
        let email = try #require(dump.value(contact, "email"))
        let meetingIDs = dump.associated("0-1", chosen.key, "0-47")
        let expected = (dump.records["meetings"] ?? []).filter { meetingIDs.contains(dump.id($0)) && recent($0) }
            .map { "\(dump.value($0, "hs_meeting_title") ?? "")|\(dump.value($0, "hs_timestamp") ?? "")" }.sorted()

        let (_, session) = session()
        let rows = try await session.query("""
            SELECT hs_meeting_title, hs_timestamp FROM meetings
            WHERE hs_timestamp >= TIMESTAMP '2026-06-01T00:00:00Z' AND contacts.email = '\(email)'
            """).collect()
        let got = rows.map { "\($0["hs_meeting_title"]?.text ?? "")|\($0["hs_timestamp"]?.text ?? "")" }.sorted()
        #expect(!expected.isEmpty)
        #expect(got == expected)
    }

    @Test func countsByNameSingularAndTypeIDMatchTheDump() async throws {
        let dump = try Dump()
        let (_, session) = session()
        for (statement, type, predicate) in [
            ("SELECT COUNT(*) FROM calls WHERE hs_call_direction = 'INBOUND'", "calls",
             { (record: [String: Any]) in dump.value(record, "hs_call_direction") == "INBOUND" }),
            ("SELECT COUNT(*) FROM \"0-49\"", "emails", { (_: [String: Any]) in true }),
            ("SELECT COUNT(*) FROM task WHERE hs_task_status = 'COMPLETED'", "tasks",
             { (record: [String: Any]) in dump.value(record, "hs_task_status") == "COMPLETED" }),
            ("SELECT COUNT(*) FROM leads WHERE hs_pipeline_stage = 'Qualified'", "leads",
             { (record: [String: Any]) in dump.value(record, "hs_pipeline_stage") == "qualified-stage-id" }),
        ] {
            let rows = try await session.query(statement).collect()
            let expected = (dump.records[type] ?? []).filter(predicate).count
            #expect(rows.first?["count"]?.text == String(expected), "\(statement)")
        }
    }

    @Test func notesOfACompanyByAssociationPath() async throws {
        let dump = try Dump()
        let companies = dump.records["companies"] ?? []
        let company = try #require(companies.max { a, b in
            dump.associated("0-2", dump.id(a), "0-46").count < dump.associated("0-2", dump.id(b), "0-46").count
        })
        let name = try #require(dump.value(company, "name"))
        // Every company of that name (names repeat in generated portals).
        let named = companies.filter { dump.value($0, "name") == name }.map { dump.id($0) }
        let expected = Set(named.flatMap { dump.associated("0-2", $0, "0-46") })
        let (_, session) = session()
        let rows = try await session.query("SELECT hs_object_id FROM notes WHERE companies.name = '\(name.replacingOccurrences(of: "'", with: "''"))'").collect()
        #expect(Set(rows.compactMap { $0["hs_object_id"]?.text.flatMap(Int64.init) }) == expected)
        #expect(rows.count == expected.count)
    }

    @Test func theNewObjectsAreListedAndDescribed() async throws {
        let (_, session) = session()
        let objects = try await session.query("SHOW OBJECTS").collect()
        let names = Set(objects.compactMap { $0["name"]?.text })
        for name in ["calls", "emails", "meetings", "notes", "tasks", "communications", "postal_mail", "leads", "goal_targets",
                     "quotes"] {
            #expect(names.contains(name), "\(name)")
        }
        let described = try await session.query("DESCRIBE meetings").collect()
        #expect(described.count > 30)
        let properties = try await session.query("SHOW PROPERTIES FROM contacts").collect()
        #expect(properties.count >= 150)
    }
}
