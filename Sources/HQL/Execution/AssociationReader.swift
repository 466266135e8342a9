import Foundation
import HubSpotAPI

/// Reads associations (v4 batch read, following each record's own paging past 500) and the
/// associated records (batch read), within the limits of ``SearchCapabilities``.
struct AssociationReader: Sendable {
    let client: APIClient

    /// The associated records of each id (`from` and `to` are object names); an id with none is absent.
    func associations(from: String, to: String, ids: [String]) async throws -> [String: [AssociationTarget]] {
        var result: [String: [AssociationTarget]] = [:]
        var pending = ids.map { AssociationReadInput(id: $0) }
        // Each record's own paging must move on: an `after` seen before for the same id would loop.
        var followed = Set<String>()
        let path = "/crm/v4/associations/\(from)/\(to)/batch/read"
        while !pending.isEmpty {
            let chunk = Array(pending.prefix(client.capabilities.maxAssociationBatchReadInputs))
            pending.removeFirst(chunk.count)
            let body = try JSONEncoder().encode(BatchInput(inputs: chunk))
            // 207 names the ids without associations: they simply get none.
            let response = try await client.send(
                HubSpotRequest(method: .post, path: path, body: body),
                kind: .associations, as: BatchResponse<AssociationBatchResult>.self)
            for item in response.results {
                result[item.from.id, default: []] += item.to
                if let after = item.paging?.next?.after {
                    guard followed.insert(item.from.id + "\u{0}" + after).inserted else {
                        throw HubSpotError.inconsistent("the associations of record \(item.from.id.prefix(40)) page back to "
                            + "after='\(after.prefix(40))' again", call: "POST \(path)")
                    }
                    pending.append(AssociationReadInput(id: item.from.id, after: after))
                }
            }
        }
        return result
    }

    /// Records by id, `maxBatchInputs` a call, up to ``concurrentReads`` calls in flight (under
    /// latency, one at a time would leave the general budget idle; the rate gate still paces them).
    func records(_ object: String, ids: [String], properties: [String]) async throws -> [CRMObject] {
        let chunks = PhysicalPlan.chunks(ids, of: client.capabilities.maxBatchInputs)
        let client = self.client
        return try await withThrowingTaskGroup(of: (Int, [CRMObject]).self) { group in
            var results = [[CRMObject]](repeating: [], count: chunks.count)
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    let source = BatchReadSource(client: client, object: object, ids: chunks[index], properties: properties,
                                                 batchSize: client.capabilities.maxBatchInputs)
                    var records: [CRMObject] = []
                    while let page = try await source.next() { records += page }
                    return (index, records)
                }
            }
            while next < min(chunks.count, Self.concurrentReads) { launch() }
            while let (index, records) = try await group.next() {
                results[index] = records
                if next < chunks.count { launch() }
            }
            return results.flatMap { $0 }
        }
    }

    static let concurrentReads = 4
}

/// A FROM record with the associated records its row shows (by association index; nil when
/// there is none or the association is not read for columns).
struct JoinedRecord: Sendable {
    var primary: CRMObject
    var related: [CRMObject?]
    /// `HISTORY(p)`: the past value this row shows (nil when the record never had one).
    var history: PropertyHistoryEntry? = nil
}

/// Record ids compare as numbers (ids of different lengths share a portal).
func idPrecedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.count != rhs.count ? lhs.count < rhs.count : lhs < rhs
}
