import Foundation
import HubSpotAPI

/// Objects v3 reads (list, read, batch read), evaluated on a snapshot outside the actor.
extension PortalSnapshot {
    func list(type typeIndex: Int, query: QueryParameters) throws -> Reply {
        var limit = try query.int("limit") ?? 10
        guard limit >= 1, limit <= capabilities.maxListPageSize else {
            throw SandboxError.validation("limit must be between 1 and \(capabilities.maxListPageSize), got \(limit)")
        }
        let history = query.list("propertiesWithHistory") ?? []
        // HubSpot serves at most 50 records a page with histories (choice: fewer, not an error).
        if !history.isEmpty { limit = min(limit, capabilities.maxHistoryReadInputs) }
        let archived = try query.bool("archived")
        var lastID: Int64 = .min
        // Older clients (airbyte's object streams) page with a numeric `offset` instead of the
        // cursor: taken as a position in id order (choice: HubSpot documents only `after`).
        var skip = 0
        if let after = query.first("after"), !after.isEmpty {
            guard let id = Sandbox.decodeCursor(after) else { throw SandboxError.validation("Invalid after cursor: \(after)") }
            lastID = id
        } else if let offset = try query.int("offset") {
            guard offset >= 0 else { throw SandboxError.validation("offset must not be negative, got \(offset)") }
            skip = offset
        }
        let properties = query.list("properties")
        let associationNames = query.list("associations") ?? []
        let order = portal.stores[typeIndex].currentIDOrder()
        let records = portal.stores[typeIndex].records
        // Binary search for the first id above the cursor, then walk in id order.
        var low = 0
        var high = order.count
        while low < high {
            let mid = (low + high) / 2
            if records[order[mid]].id <= lastID { low = mid + 1 } else { high = mid }
        }
        var page: [CRMObject] = []
        var position = low
        var more = false
        while position < order.count {
            let record = records[order[position]]
            position += 1
            guard record.archived == archived else { continue }
            if skip > 0 {
                skip -= 1
                continue
            }
            if page.count == limit {
                more = true
                break
            }
            var object = portal.render(record, type: typeIndex, requested: properties, nulls: false)
            object.associations = portal.v3Associations(type: typeIndex, id: record.id, names: associationNames)
            if !history.isEmpty { object.propertiesWithHistory = portal.history(of: record, type: typeIndex, names: history) }
            page.append(object)
        }
        let paging = more ? page.last.map { Paging(after: Sandbox.encodeCursor(Int64($0.id) ?? 0)) } : nil
        return coding.reply(200, ObjectPage(results: page, paging: paging))
    }

    func read(type typeIndex: Int, id: String, query: QueryParameters) throws -> Reply {
        let archived = try query.bool("archived")
        guard let record = try portal.lookup(type: typeIndex, id: id, idProperty: query.first("idProperty")),
            record.archived == archived
        else { throw SandboxError.notFound("Object not found.  objectId are usually numeric.") }
        var object = portal.render(record, type: typeIndex, requested: query.list("properties"), nulls: false)
        object.associations = portal.v3Associations(type: typeIndex, id: record.id, names: query.list("associations") ?? [])
        if let history = query.list("propertiesWithHistory"), !history.isEmpty {
            object.propertiesWithHistory = portal.history(of: record, type: typeIndex, names: history)
        }
        return coding.reply(200, object)
    }

    func batchRead(type typeIndex: Int, body: Data?, query: QueryParameters, started: String) throws -> Reply {
        let input = try coding.decode(BatchReadRequest.self, body)
        try Sandbox.checkBatchSize(input.inputs.count, capabilities: capabilities)
        let archived = try query.bool("archived")
        var results: [CRMObject] = []
        var missing: [String] = []
        var seen: Set<String> = []
        for item in input.inputs where seen.insert(item.id).inserted {
            if let record = try portal.lookup(type: typeIndex, id: item.id, idProperty: input.idProperty),
                record.archived == archived
            {
                var object = portal.render(record, type: typeIndex, requested: input.properties, nulls: false)
                if let history = input.propertiesWithHistory, !history.isEmpty {
                    object.propertiesWithHistory = portal.history(of: record, type: typeIndex, names: history)
                }
                results.append(object)
            } else {
                missing.append(item.id)
            }
        }
        return Sandbox.batchReply(
            results, started: started, completed: EpochTime.iso(clock.now()), missing: missing, type: portal.types[typeIndex],
            verb: "get", okStatus: 200, coding: coding)
    }
}
