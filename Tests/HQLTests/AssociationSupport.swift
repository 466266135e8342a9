import Foundation
import HQLSandbox
import HubSpotAPI
@testable import HQL

/// Ground truth for association tests, read from a separate sandbox over the same portal with
/// calls HQL does not make (the per-record v4 endpoint and the list endpoint), so the rows HQL
/// returns are checked against an independent path and the rig's request counter stays clean.
struct AssociationTruth {
    let transport: SandboxTransport

    init(portal: Portal = TestPortals.small) {
        var settings = SandboxSettings()
        settings.searchRequestsPerSecond = 1_000_000
        settings.requestsPerTenSeconds = 1_000_000
        settings.requestsPerDay = 1_000_000_000
        transport = SandboxTransport(sandbox: Sandbox(portal: portal, settings: settings))
    }

    private func get<T: Decodable>(_ path: String, _ query: [HubSpotRequest.QueryItem] = []) async throws -> T {
        let response = try await transport.send(HubSpotRequest(
            method: .get, path: path, query: query, headers: ["Authorization": "Bearer \(SandboxSettings.defaultToken)"]))
        return try JSONDecoder().decode(T.self, from: response.body)
    }

    /// Every record of `object` with `properties`, by id.
    func records(_ object: String, _ properties: [String]) async throws -> [String: CRMObject] {
        var result: [String: CRMObject] = [:]
        var after: String?
        repeat {
            var query = [HubSpotRequest.QueryItem("limit", "100"), .init("properties", properties.joined(separator: ","))]
            if let after { query.append(.init("after", after)) }
            let page: ObjectPage = try await get("/crm/v3/objects/\(object)", query)
            for record in page.results { result[record.id] = record }
            after = page.paging?.next?.after
        } while after != nil
        return result
    }

    /// The associations of one record, every page.
    func associations(_ from: String, _ id: String, _ to: String) async throws -> [AssociationTarget] {
        var result: [AssociationTarget] = []
        var after: String?
        repeat {
            var query = [HubSpotRequest.QueryItem("limit", "500")]
            if let after { query.append(.init("after", after)) }
            let page: AssociationPage = try await get("/crm/v4/objects/\(from)/\(id)/associations/\(to)", query)
            result += page.results
            after = page.paging?.next?.after
        } while after != nil
        return result
    }

    /// Associations of every record of `from`, by id.
    func allAssociations(_ from: String, _ to: String) async throws -> [String: [AssociationTarget]] {
        var result: [String: [AssociationTarget]] = [:]
        for id in try await records(from, ["hs_object_id"]).keys { result[id] = try await associations(from, id, to) }
        return result
    }

    /// What a dot-path cell holds: the primary association's record, else the lowest id.
    static func chosen(_ targets: [AssociationTarget]) -> String? {
        let sorted = targets.sorted { $0.toObjectId < $1.toObjectId }
        let primary = sorted.first { $0.associationTypes.contains { $0.label == "Primary" } }
        return (primary ?? sorted.first).map { String($0.toObjectId) }
    }
}

extension Row {
    /// A cell as text (nil for NULL).
    func text(_ column: String) -> String? { self[column]?.text }
}
