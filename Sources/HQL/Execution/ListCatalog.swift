import Foundation
import HubSpotAPI

/// A HubSpot list as the Lists API v3 describes it.
struct ListInfo: Sendable, Hashable {
    var id: String
    var name: String
    var objectTypeId: String
    /// `MANUAL`, `SNAPSHOT` or `DYNAMIC`.
    var processingType: String
    /// The member count, when the API gives it (`size`, else `additionalProperties.hs_list_size`).
    var size: Int?
    var updatedAt: String?
}

/// Lists API v3 calls: the portal's lists (search, paged), one list by id or by name, and the
/// lists records are members of (batch).
struct ListCatalog {
    let client: APIClient

    /// Lists a search page asks for (HubSpot's maximum `count`).
    static let searchPageSize = 500
    /// A bound on the search's pages (500,000 lists), whatever `hasMore` says.
    static let maxSearchPages = 1_000
    /// Records a membership batch read sends (HubSpot documents no limit; its batch reads take 100).
    static let membershipBatchSize = 100

    /// Every list whose name contains `query` (all of them without one), paged by offset; the
    /// offset must move and the loop is bounded.
    func search(query: String? = nil) async throws -> [ListInfo] {
        var lists: [ListInfo] = []
        var seen = Set<String>()
        var offset = 0
        for _ in 0..<Self.maxSearchPages {
            let body = SearchBody(query: query, offset: offset, count: Self.searchPageSize, additionalProperties: ["hs_list_size"])
            let page = try await client.send(
                HubSpotRequest(method: .post, path: "/crm/v3/lists/search", body: try JSONEncoder().encode(body)),
                kind: .list, as: SearchPage.self)
            await client.stats.page(records: page.lists.count)
            for list in page.lists where seen.insert(list.info.id).inserted { lists.append(list.info) }
            guard page.hasMore ?? false else { return lists }
            guard let next = page.offset, next > offset else {
                throw HubSpotError.inconsistent("the lists search's offset did not move (\(page.offset.map(String.init) ?? "none"))",
                                                call: "POST /crm/v3/lists/search")
            }
            offset = next
        }
        throw HubSpotError.inconsistent("the lists search still had more after \(Self.maxSearchPages) pages", call: "POST /crm/v3/lists/search")
    }

    /// A list of the object `objectTypeId` by id (all digits) or by name: one request. A list of
    /// another object is refused (its ids are not the FROM object's).
    func resolve(_ reference: String, objectTypeId: String) async throws -> ListInfo {
        let found = try await list(path: Self.path(of: reference, objectTypeId: objectTypeId))
        if !found.objectTypeId.isEmpty, found.objectTypeId != objectTypeId {
            throw ExecutionError(message: "the list '\(found.name)' (\(found.id)) holds records of \(found.objectTypeId), not of \(objectTypeId): "
                                 + "IN LIST takes a list of the FROM object (or use FROM LIST '\(found.id)')")
        }
        return found
    }

    /// Where a list's metadata is read: by id (all digits) or by name (percent-encoded) among
    /// the object's lists. EXPLAIN shows the same path.
    static func path(of reference: String, objectTypeId: String) -> String {
        if reference.allSatisfy(\.isASCIIDigit), !reference.isEmpty { return "/crm/v3/lists/\(reference)" }
        let name = reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? reference
        return "/crm/v3/lists/object-type-id/\(objectTypeId)/name/\(name)"
    }

    /// A list by id: nil when HubSpot has none (404).
    func list(id: String) async throws -> ListInfo? {
        do {
            return try await list(path: "/crm/v3/lists/\(id)")
        } catch let error as HubSpotError where error.status == 404 {
            return nil
        }
    }

    private func list(path: String) async throws -> ListInfo {
        try await client.send(HubSpotRequest(method: .get, path: path), kind: .list, as: Envelope.self).list.info
    }

    /// Of `ids` (records of `objectTypeId`), those that are members of list `listId`: one batch
    /// read of their memberships per 100 records, the batches of a page in parallel (a search
    /// page of 200 is two of them: one round trip, not two).
    func members(among ids: [String], objectTypeId: String, listId: String) async throws -> Set<String> {
        let chunks = stride(from: 0, to: ids.count, by: Self.membershipBatchSize).map {
            Array(ids[$0..<min(ids.count, $0 + Self.membershipBatchSize)])
        }
        return try await withThrowingTaskGroup(of: Set<String>.self) { group in
            for chunk in chunks {
                group.addTask { [client] in
                    try await ListCatalog(client: client).members(ofBatch: chunk, objectTypeId: objectTypeId, listId: listId)
                }
            }
            var members = Set<String>()
            for try await found in group { members.formUnion(found) }
            return members
        }
    }

    private func members(ofBatch chunk: [String], objectTypeId: String, listId: String) async throws -> Set<String> {
        let path = "/crm/v3/lists/records/memberships/batch/read"
        let body = BatchInput(inputs: chunk.map { MembershipInput(objectTypeId: objectTypeId, recordId: $0) })
        let page = try await client.send(HubSpotRequest(method: .post, path: path, body: try JSONEncoder().encode(body)),
                                         kind: .batchRead, as: MembershipBatch.self)
        let asked = Set(chunk)
        var members = Set<String>()
        for result in page.results {
            guard asked.contains(result.recordId) else {
                throw HubSpotError.inconsistent("memberships of record \(result.recordId.prefix(40)), which was not asked for",
                                                call: "POST \(path)")
            }
            if result.recordListMemberships.contains(where: { $0.listId == listId }) { members.insert(result.recordId) }
        }
        return members
    }

    // MARK: Wire

    private struct SearchBody: Encodable {
        var query: String?
        var offset: Int
        var count: Int
        var additionalProperties: [String]
    }

    private struct SearchPage: Decodable {
        var lists: [Wire]
        var offset: Int?
        var hasMore: Bool?
    }

    private struct Envelope: Decodable { var list: Wire }

    /// A list; ids arrive as strings or numbers (HubSpot's examples show both).
    struct Wire: Decodable {
        var info: ListInfo

        private enum Keys: String, CodingKey {
            case listId, name, objectTypeId, processingType, size, updatedAt, additionalProperties
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let id = try container.decode(FlexibleText.self, forKey: .listId).text
            let extra = try container.decodeIfPresent([String: FlexibleText?].self, forKey: .additionalProperties)
            let size = try container.decodeIfPresent(FlexibleText.self, forKey: .size).flatMap { Int($0.text) }
                ?? (extra?["hs_list_size"] ?? nil).flatMap { Int($0.text) }
            info = ListInfo(
                id: id, name: try container.decodeIfPresent(String.self, forKey: .name) ?? id,
                objectTypeId: try container.decodeIfPresent(String.self, forKey: .objectTypeId) ?? "",
                processingType: try container.decodeIfPresent(String.self, forKey: .processingType) ?? "",
                size: size.flatMap { $0 >= 0 ? $0 : nil },
                updatedAt: try container.decodeIfPresent(String.self, forKey: .updatedAt))
        }
    }

    /// A JSON string or number, as text (anything else is empty: `additionalProperties` may
    /// hold values of other shapes).
    struct FlexibleText: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                text = ""
            }
        }
    }

    private struct MembershipInput: Sendable, Hashable, Codable {
        var objectTypeId: String
        var recordId: String
    }

    private struct MembershipBatch: Decodable {
        struct Result: Decodable {
            struct Membership: Decodable {
                var listId: String
                private enum Keys: String, CodingKey { case listId }
                init(from decoder: any Decoder) throws {
                    listId = try decoder.container(keyedBy: Keys.self).decode(FlexibleText.self, forKey: .listId).text
                }
            }
            var recordId: String
            var recordListMemberships: [Membership]
        }
        var results: [Result]
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
