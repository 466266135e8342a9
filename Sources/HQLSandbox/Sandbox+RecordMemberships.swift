import Foundation
import HubSpotAPI

/// Lists API v3 from the record's side: the lists a record is a member of, one record
/// (`GET /crm/v3/lists/records/{objectTypeId}/{recordId}/memberships`) or a batch
/// (`POST /crm/v3/lists/records/memberships/batch/read`, `{inputs: [{objectTypeId, recordId}]}`).
extension Sandbox {
    /// HubSpot documents no input limit for the batch; 100, as its other batch reads (choice).
    static let maxMembershipBatchInputs = 100

    func recordMemberships(objectTypeId: String, recordId: String) throws -> Reply {
        let type = try typeIndex(objectTypeId)
        guard let id = Int64(recordId) else { throw SandboxError.validation("recordId must be a valid number, got \(recordId).") }
        let memberships = listsHolding([id], typeIndex: type)[id] ?? []
        return reply(200, RecordMembershipPage(results: memberships, total: memberships.count))
    }

    func recordMembershipsBatch(body: Data?) throws -> Reply {
        let request = try decode(BatchInput<RecordMembershipInput>.self, body)
        guard !request.inputs.isEmpty else { throw SandboxError.validation("inputs must not be empty.") }
        guard request.inputs.count <= Self.maxMembershipBatchInputs else {
            throw SandboxError.validation("Too many inputs: \(request.inputs.count) (at most \(Self.maxMembershipBatchInputs)).")
        }
        let started = EpochTime.iso(now)
        var results: [RecordMemberships] = []
        var errors: [BatchError] = []
        // Group by object type: each list's members are computed once per request.
        var byType: [Int: [(input: RecordMembershipInput, id: Int64)]] = [:]
        for input in request.inputs {
            guard let type = portal.typeIndex(named: input.objectTypeId) ?? portal.typeIndex(objectTypeId: input.objectTypeId),
                  let id = Int64(input.recordId) else {
                errors.append(BatchError(category: "VALIDATION_ERROR",
                                         message: "recordId must be a valid number and objectTypeId a known type: \(input.recordId), \(input.objectTypeId)",
                                         context: ["recordId": [input.recordId]]))
                continue
            }
            byType[type, default: []].append((input, id))
        }
        for (type, inputs) in byType.sorted(by: { $0.key < $1.key }) {
            let found = listsHolding(inputs.map(\.id), typeIndex: type)
            for (input, id) in inputs {
                // A record that does not exist (or is archived) is in no list (choice).
                results.append(RecordMemberships(objectTypeId: portal.types[type].objectTypeId, recordId: input.recordId,
                                                 recordListMemberships: found[id] ?? []))
            }
        }
        let completed = EpochTime.iso(now)
        if errors.isEmpty { return reply(200, BatchResponse(results: results, startedAt: started, completedAt: completed)) }
        return reply(207, BatchResponse(results: results, startedAt: started, completedAt: completed,
                                        numErrors: errors.count, errors: errors))
    }

    /// For each of `ids`, the lists of its object type that hold it now.
    private func listsHolding(_ ids: [Int64], typeIndex: Int) -> [Int64: [RecordListMembership]] {
        let objectTypeId = portal.types[typeIndex].objectTypeId
        let wanted = Set(ids)
        var found: [Int64: [RecordListMembership]] = [:]
        for list in portal.lists where list.objectTypeId == objectTypeId {
            for member in portal.members(of: list) where wanted.contains(member.id) {
                let stamp = EpochTime.iso(member.at)
                found[member.id, default: []].append(RecordListMembership(
                    listId: String(list.listId), listVersion: 1, firstAddedTimestamp: stamp, lastAddedTimestamp: stamp,
                    isPublicList: true))
            }
        }
        return found
    }
}

struct RecordMembershipInput: Sendable, Hashable, Codable {
    var objectTypeId: String
    var recordId: String
}

struct RecordListMembership: Sendable, Hashable, Codable {
    var listId: String
    var listVersion: Int
    var firstAddedTimestamp: String
    var lastAddedTimestamp: String
    var isPublicList: Bool
}

struct RecordMemberships: Sendable, Hashable, Codable {
    var objectTypeId: String
    var recordId: String
    var recordListMemberships: [RecordListMembership]
}

struct RecordMembershipPage: Sendable, Hashable, Codable {
    var results: [RecordListMembership]
    var total: Int
}
