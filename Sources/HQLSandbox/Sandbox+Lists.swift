import Foundation
import HubSpotAPI

/// Lists API v3: get by id or by name, search, memberships (paged by record id), add and remove
/// members of MANUAL lists.
extension Sandbox {
    func listByID(_ id: String, query: QueryParameters) throws -> Reply {
        guard let index = portal.listIndex(id: id) else { throw SandboxError.notFound("List \(id) does not exist.") }
        return reply(200, ListEnvelope(list: wire(portal.lists[index], filters: try query.bool("includeFilters"))))
    }

    func listByName(objectTypeId: String, name: String, query: QueryParameters) throws -> Reply {
        let type = try typeIndex(objectTypeId)
        let objectTypeId = portal.types[type].objectTypeId
        guard let list = portal.lists.first(where: {
            $0.objectTypeId == objectTypeId && $0.name.lowercased() == name.lowercased()
        }) else { throw SandboxError.notFound("List with name \(name) does not exist for object type \(objectTypeId).") }
        return reply(200, ListEnvelope(list: wire(list, filters: try query.bool("includeFilters"))))
    }

    /// `GET /crm/v3/lists?listIds=…`: the lists named, unknown ids left out.
    func listsByIDs(query: QueryParameters) throws -> Reply {
        let ids = query.list("listIds") ?? []
        let filters = try query.bool("includeFilters")
        return reply(200, ListsEnvelope(lists: ids.compactMap { portal.listIndex(id: $0) }.map { wire(portal.lists[$0], filters: filters) }))
    }

    /// `POST /crm/v3/lists/search`: by name (case-insensitive substring), paged by offset.
    func searchLists(body: Data?) throws -> Reply {
        let request = try decode(ListSearchRequest.self, body ?? Data("{}".utf8))
        // Clients ask for up to 1,000 (airbyte): more than 500 is served as 500 (choice).
        let count = min(request.count ?? 20, 500)
        guard count >= 1 else { throw SandboxError.validation("count must be at least 1, got \(count).") }
        let offset = max(request.offset ?? 0, 0)
        let words = (request.query ?? "").lowercased()
        let matches = portal.lists.filter { list in
            (words.isEmpty || list.name.lowercased().contains(words))
                && (request.processingTypes.map { $0.contains(list.processingType) } ?? true)
                && (request.listIds.map { $0.contains(String(list.listId)) } ?? true)
                && (request.objectTypeId.map { list.objectTypeId == $0 } ?? true)
        }
        let page = matches.dropFirst(offset).prefix(count).map { wire($0, filters: false) }
        return reply(200, ListSearchResponse(
            lists: Array(page), offset: offset + page.count, hasMore: offset + page.count < matches.count,
            total: matches.count))
    }

    /// Members by record id ascending after `after` (or descending before `before`), ≤ 250 a page.
    func listMemberships(_ id: String, query: QueryParameters) throws -> Reply {
        guard let index = portal.listIndex(id: id) else { throw SandboxError.notFound("List \(id) does not exist.") }
        let limit = try query.int("limit") ?? 100
        guard (1...250).contains(limit) else { throw SandboxError.validation("limit must be between 1 and 250, got \(limit).") }
        var members = portal.members(of: portal.lists[index])
        let total = members.count
        if let after = query.first("after"), !after.isEmpty {
            guard let last = Self.decodeCursor(after) else { throw SandboxError.validation("Invalid after cursor: \(after)") }
            members = members.filter { $0.id > last }
        } else if let before = query.first("before"), !before.isEmpty {
            guard let first = Self.decodeCursor(before) else { throw SandboxError.validation("Invalid before cursor: \(before)") }
            members = members.filter { $0.id < first }.reversed()
        }
        let page = members.prefix(limit)
        let paging = members.count > limit ? page.last.map { Paging(after: Self.encodeCursor($0.id)) } : nil
        return reply(200, ListMembershipPage(
            results: page.map { ListMembership(recordId: String($0.id), membershipTimestamp: EpochTime.iso($0.at)) },
            paging: paging, total: total))
    }

    /// `PUT /crm/v3/lists/{id}/memberships/add|remove` with a JSON array of record ids.
    func changeMemberships(_ id: String, adding: Bool, body: Data?) throws -> Reply {
        guard let index = portal.listIndex(id: id) else { throw SandboxError.notFound("List \(id) does not exist.") }
        guard portal.lists[index].processingType == "MANUAL" else {
            throw SandboxError.validation("List \(id) is \(portal.lists[index].processingType): only MANUAL lists take members by hand.")
        }
        let ids = try decode([String].self, body)
        guard let typeIndex = portal.typeIndex(objectTypeId: portal.lists[index].objectTypeId) else {
            throw SandboxError.notFound("List \(id) has no object type.")
        }
        var changed: [String] = []
        var missing: [String] = []
        let instant = now
        for text in ids {
            guard let recordID = Int64(text), let record = portal.stores[typeIndex].record(id: recordID), !record.archived else {
                missing.append(text)
                continue
            }
            if adding, portal.lists[index].members[recordID] == nil {
                portal.lists[index].members[recordID] = instant
                changed.append(text)
            } else if !adding, portal.lists[index].members.removeValue(forKey: recordID) != nil {
                changed.append(text)
            }
        }
        portal.lists[index].updatedAt = instant
        return reply(200, ListMembershipChange(
            recordIdsAdded: adding ? changed : nil, recordIdsRemoved: adding ? nil : changed, recordIdsMissing: missing))
    }

    private func wire(_ list: CRMList, filters: Bool) -> ListWire {
        let size = portal.members(of: list).count
        var branch: ListWire.FilterBranch?
        if filters, let filter = list.filter {
            let operation = ListWire.Operation(
                operationType: "MULTISTRING", operator: filter.operation == "EQ" ? "IS_EQUAL_TO" : filter.operation,
                value: filter.values.count == 1 ? filter.values[0] : nil, values: filter.values.count == 1 ? nil : filter.values)
            let and = ListWire.FilterBranch(filterBranchType: "AND", filterBranchOperator: "AND", filterBranches: [],
                filters: [ListWire.PropertyFilter(property: filter.property, operation: operation)])
            branch = ListWire.FilterBranch(filterBranchType: "OR", filterBranchOperator: "OR", filterBranches: [and], filters: [])
        }
        return ListWire(
            listId: String(list.listId), listVersion: 1, name: list.name, objectTypeId: list.objectTypeId,
            processingType: list.processingType, processingStatus: "COMPLETE", createdAt: EpochTime.iso(list.createdAt),
            updatedAt: EpochTime.iso(list.updatedAt), filtersUpdatedAt: EpochTime.iso(list.createdAt),
            createdById: String(portal.owners.first?.userId ?? 0), updatedById: String(portal.owners.first?.userId ?? 0),
            size: size, additionalProperties: ["hs_list_size": String(size), "hs_list_reference_count": "0"],
            filterBranch: branch)
    }
}
