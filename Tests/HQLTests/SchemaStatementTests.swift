import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// DESCRIBE and SHOW PROPERTIES at a real portal's size (240 contact properties): grouped as
/// HubSpot groups them, calculated ones marked, LIKE over names and labels, from the cached
/// schema (no request). Expected values are HubSpot's property definitions, read directly.
@Suite struct SchemaStatementTests {
    struct Definitions: Decodable {
        struct Definition: Decodable {
            var name: String
            var label: String
            var groupName: String
            var calculated: Bool
        }
        var results: [Definition]
    }

    @Test func describeGroupsPropertiesAsHubSpotDoes() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        let response = try await SandboxTransport(sandbox: rig.sandbox).send(HubSpotRequest(
            method: .get, path: "/crm/v3/properties/contacts", headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)"]))
        let definitions = try JSONDecoder().decode(Definitions.self, from: response.body).results
        #expect(definitions.count >= 150)
        await rig.resetCount()

        let rows = try await rig.rows("DESCRIBE contacts")
        #expect(rows.first?.columns.names == ["group", "name", "label", "type", "options", "read_only", "calculated"])
        #expect(rows.count == definitions.count)
        let expected = definitions.sorted { ($0.groupName, $0.name) < ($1.groupName, $1.name) }
        #expect(rows.map { $0[1].text ?? "" } == expected.map(\.name))
        #expect(rows.map { $0[0].text ?? "" } == expected.map(\.groupName))
        #expect(rows.map { $0[6] == .bool(true) } == expected.map(\.calculated))
        #expect(Set(expected.map(\.groupName)).count > 3, "HubSpot's contacts span several groups")

        // LIKE matches the label too: "Lifecycle Stage" finds lifecyclestage.
        let like = try await rig.rows("SHOW PROPERTIES FROM contacts LIKE '%lifecycle stage%'")
        let wanted = definitions.filter { $0.name.lowercased().contains("lifecycle stage") || $0.label.lowercased().contains("lifecycle stage") }
        #expect(Set(like.map { $0[1].text ?? "" }) == Set(wanted.map(\.name)))
        #expect(like.contains { $0[1].text == "lifecyclestage" })
        #expect(await rig.requests() == 0)
    }
}
