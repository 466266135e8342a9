import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// `FROM contacts ARCHIVED`: the records HubSpot archived, read by the list endpoint with
/// `archived=true` (search never returns them), the WHERE applied on the client.
@Suite struct ArchivedTests {
    @Test func archivedRecordsAreReadByTheListEndpoint() async throws {
        let truth = try ExpressionTests.truth.get()
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        // Archive ten contacts through HubSpot's own batch call, not through HQL.
        let chosen = Array(truth["contacts"].prefix(10))
        let body = try JSONSerialization.data(withJSONObject: ["inputs": chosen.map { ["id": $0.id] }])
        let transport = SandboxTransport(sandbox: rig.sandbox)
        let response = try await transport.send(HubSpotRequest(
            method: .post, path: "/crm/v3/objects/contacts/batch/archive",
            headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)", "Content-Type": "application/json"], body: body))
        #expect((200..<300).contains(response.status))
        await rig.resetCount()

        let rows = try await rig.rows("SELECT hs_object_id, email, archivedAt FROM contacts ARCHIVED ORDER BY hs_object_id")
        let expectedIds = chosen.map(\.id).sorted(by: idPrecedes)
        let gotIds = rows.compactMap { $0[0].text }
        #expect(gotIds == expectedIds)
        let stamped = rows.filter { row in
            if case .datetime = row[2] { return true }
            return false
        }
        #expect(stamped.count == rows.count)
        #expect(await rig.requests() == 1)

        // The WHERE runs on the client; the live contacts no longer count them.
        let withA = chosen.filter { $0["email"]?.lowercased().contains("a") == true }.count
        let filtered = try await rig.rows("SELECT COUNT(*) FROM contacts ARCHIVED WHERE email LIKE '%a%'")
        #expect(filtered.first?[0].text == String(withA))
        let live = try await rig.rows("SELECT COUNT(*) FROM contacts")
        #expect(live.first?[0].text == String(truth["contacts"].count - chosen.count))
        let explained = try await rig.session.explain("SELECT email FROM contacts ARCHIVED WHERE email LIKE '%a%'")
        #expect(explained.contains("archived=true"), "\(explained)")
    }
}

/// `[NOT] IN LIST 'name'`: a list's members read through the Lists API (by name or id), then
/// the query planned with their ids; the members checked against the Lists API read directly.
@Suite struct ListMembershipTests {
    struct Envelope: Decodable {
        struct List: Decodable { var listId: String }
        var list: List
    }

    struct Page: Decodable {
        struct Member: Decodable { var recordId: String }
        var results: [Member]
        var paging: Paging?
    }

    /// The members of a contacts list, read directly from the sandbox (not through HQL).
    static func members(_ sandbox: Sandbox, name: String) async throws -> (id: String, ids: Set<String>) {
        let transport = SandboxTransport(sandbox: sandbox)
        let headers = ["Authorization": "Bearer \(SandboxSettings.defaultToken)"]
        let envelope = try JSONDecoder().decode(Envelope.self, from: try await transport.send(HubSpotRequest(
            method: .get, path: "/crm/v3/lists/object-type-id/0-1/name/\(name)", headers: headers)).body)
        var ids = Set<String>()
        var after: String?
        repeat {
            var query = [HubSpotRequest.QueryItem("limit", "100")]
            if let after { query.append(.init("after", after)) }
            let page = try JSONDecoder().decode(Page.self, from: try await transport.send(HubSpotRequest(
                method: .get, path: "/crm/v3/lists/\(envelope.list.listId)/memberships", query: query, headers: headers)).body)
            ids.formUnion(page.results.map(\.recordId))
            after = page.paging?.next?.after
        } while after != nil
        return (envelope.list.listId, ids)
    }

    @Test func inListAndNotInListMatchTheListsMembers() async throws {
        let truth = try ExpressionTests.truth.get()
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let (listId, members) = try await Self.members(rig.sandbox, name: "Newsletter")
        #expect(!members.isEmpty)
        let inList = try await rig.rows("SELECT hs_object_id FROM contacts WHERE IN LIST 'Newsletter'")
        #expect(Set(inList.compactMap { $0[0].text }) == members)
        // By id, negated, with another condition HubSpot evaluates.
        let leads = Set(truth["contacts"].filter { $0["lifecyclestage"] == "lead" }.map(\.id))
        let others = try await rig.rows("SELECT hs_object_id FROM contacts WHERE lifecyclestage = 'lead' AND NOT IN LIST '\(listId)'")
        #expect(Set(others.compactMap { $0[0].text }) == leads.subtracting(members))
        // A list that does not exist is HubSpot's 404, said as such.
        await #expect(throws: HubSpotError.self) { _ = try await rig.rows("SELECT email FROM contacts WHERE IN LIST 'No such list'") }
    }
}
