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
