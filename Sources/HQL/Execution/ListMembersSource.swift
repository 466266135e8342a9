import Foundation
import HubSpotAPI

/// The members of a HubSpot list (Lists API v3), as records holding only their id: the list is
/// found by id, or by name among the lists of the object (one request), then its memberships
/// are paged 250 at a time; the cursor must move and no member may come twice.
final class ListMembersSource: RecordSource {
    private let client: APIClient
    private let objectTypeId: String
    private let list: String
    private var listId: String?
    private var after: String?
    private var finished = false
    private var seen = IDSet()
    let keepsOrder = true
    /// Members a page asks for (the endpoint's maximum).
    static let pageSize = 250

    /// `listId`: the list's id when the caller has already looked the list up (else it is looked
    /// up first, by id too: the list must be of the FROM object).
    init(client: APIClient, objectTypeId: String, list: String, listId: String? = nil) {
        self.client = client
        self.objectTypeId = objectTypeId
        self.list = list
        self.listId = listId
    }

    private struct Page: Decodable {
        struct Member: Decodable { var recordId: String }
        var results: [Member]
        var paging: Paging?
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        guard !finished else { return nil }
        if listId == nil {
            listId = try await ListCatalog(client: client).resolve(list, objectTypeId: objectTypeId).id
        }
        guard let listId else { return nil }
        var query = [HubSpotRequest.QueryItem("limit", String(Self.pageSize))]
        if let after { query.append(.init("after", after)) }
        let path = "/crm/v3/lists/\(listId)/memberships"
        let page = try await client.send(HubSpotRequest(method: .get, path: path, query: query), kind: .list, as: Page.self)
        await client.stats.page(records: page.results.count)
        let next = page.paging?.next?.after
        if let next, next == after {
            throw HubSpotError.inconsistent("the memberships' cursor did not move (after='\(next.prefix(40))')", call: "GET \(path)")
        }
        let fresh = page.results.map(\.recordId).filter { seen.insert($0) }
        if fresh.isEmpty, !page.results.isEmpty {
            throw HubSpotError.inconsistent("a page of \(page.results.count) members that had all come already", call: "GET \(path)")
        }
        after = next
        finished = next == nil
        return fresh.map { CRMObject(id: $0, properties: ["hs_object_id": $0], createdAt: "", updatedAt: "") }
    }
}
