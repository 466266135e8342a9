import Foundation
import HubSpotAPI

/// Objects v3 batch calls: read, create, update, upsert, archive (≤ 100 inputs; 207 on partial
/// failure; a validation error anywhere rejects the whole batch, as HubSpot does).
extension Sandbox {
    func batch(
        type typeIndex: Int, _ operation: SandboxRoute.BatchOperation, body: Data?, query: QueryParameters
    ) throws -> Work {
        let started = EpochTime.iso(now)
        switch operation {
        case .read:
            let snapshot = self.snapshot
            return .read { try snapshot.batchRead(type: typeIndex, body: body, query: query, started: started) }
        case .create:
            let input = try decode(BatchInput<ObjectCreateInput>.self, body)
            try Self.checkBatchSize(input.inputs.count, capabilities: capabilities)
            var prepared: [StoredRecord] = []
            for item in input.inputs {
                prepared.append(try prepareCreate(item, type: typeIndex))
                try validateAssociations(item.associations ?? [], from: typeIndex)
            }
            try checkDuplicates(prepared, type: typeIndex)
            var results: [CRMObject] = []
            for (record, item) in zip(prepared, input.inputs) {
                let stored = commitCreate(record, associations: item.associations ?? [], type: typeIndex)
                results.append(portal.render(stored, type: typeIndex, requested: nil, nulls: false, all: true))
            }
            return .done(batchReply(results, started: started, missing: [], type: typeIndex, verb: "create", okStatus: 201))
        case .update:
            let input = try decode(BatchInput<ObjectUpdateInput>.self, body)
            try Self.checkBatchSize(input.inputs.count, capabilities: capabilities)
            var updates: [StoredRecord] = []
            var missing: [String] = []
            var planned: [Int64: StoredRecord] = [:]
            for item in input.inputs {
                guard let found = try portal.lookup(type: typeIndex, id: item.id, idProperty: item.idProperty), !found.archived
                else {
                    missing.append(item.id)
                    continue
                }
                // Several inputs for one record apply in order.
                let base = planned[found.id] ?? found
                let updated = try prepareUpdate(base, item.properties, type: typeIndex)
                planned[found.id] = updated
                updates.append(updated)
            }
            for record in planned.values { commitUpdate(record, type: typeIndex) }
            let results = updates.map { portal.render(planned[$0.id] ?? $0, type: typeIndex, requested: nil, nulls: false, all: true) }
            return .done(batchReply(results, started: started, missing: missing, type: typeIndex, verb: "update", okStatus: 200))
        case .upsert:
            let input = try decode(BatchInput<ObjectUpdateInput>.self, body)
            try Self.checkBatchSize(input.inputs.count, capabilities: capabilities)
            // Validate every input first, so an invalid one rejects the whole batch.
            var plans: [(update: Bool, record: StoredRecord)] = []
            var planned: [Int64: StoredRecord] = [:]
            for item in input.inputs {
                guard let idProperty = item.idProperty else {
                    throw SandboxError.validation("idProperty is required for upsert")
                }
                if let found = try portal.lookup(type: typeIndex, id: item.id, idProperty: idProperty), !found.archived {
                    let updated = try prepareUpdate(planned[found.id] ?? found, item.properties, type: typeIndex)
                    planned[found.id] = updated
                    plans.append((true, updated))
                } else {
                    var properties = item.properties
                    if idProperty != "hs_object_id" { properties[idProperty] = item.id }
                    plans.append((false, try prepareCreate(ObjectCreateInput(properties: properties), type: typeIndex)))
                }
            }
            try checkDuplicates(plans.filter { !$0.update }.map(\.record), type: typeIndex)
            for record in planned.values { commitUpdate(record, type: typeIndex) }
            var results: [CRMObject] = []
            for plan in plans {
                let stored = plan.update
                    ? planned[plan.record.id] ?? plan.record : commitCreate(plan.record, associations: [], type: typeIndex)
                var object = portal.render(stored, type: typeIndex, requested: nil, nulls: false, all: true)
                object.new = !plan.update
                results.append(object)
            }
            return .done(batchReply(results, started: started, missing: [], type: typeIndex, verb: "upsert", okStatus: 200))
        case .archive:
            let input = try decode(BatchInput<ObjectID>.self, body)
            try Self.checkBatchSize(input.inputs.count, capabilities: capabilities)
            for item in input.inputs {
                if let id = Int64(item.id) { archiveRecord(id, type: typeIndex) }
            }
            return .done(Reply(status: 204, body: nil))
        }
    }

    static func checkBatchSize(_ count: Int, capabilities: SearchCapabilities) throws {
        guard count <= capabilities.maxBatchInputs else {
            throw SandboxError.validation(
                "Batch input limit exceeded: \(count) inputs, at most \(capabilities.maxBatchInputs) are allowed.",
                subCategory: "TOO_MANY_INPUTS")
        }
    }

    /// Two creates in one batch may not share a unique value either.
    private func checkDuplicates(_ records: [StoredRecord], type typeIndex: Int) throws {
        for (position, property) in portal.types[typeIndex].properties.enumerated()
        where property.unique && property.name != "hs_object_id" {
            var seen: Set<String> = []
            for record in records {
                guard let value = record.values.raw[position]?.lowercased() else { continue }
                guard seen.insert(value).inserted else {
                    throw SandboxError.conflict("Duplicate \(property.name) in batch input: \(value)")
                }
            }
        }
    }

    private func batchReply(
        _ results: [CRMObject], started: String, missing: [String], type typeIndex: Int, verb: String, okStatus: Int
    ) -> Reply {
        Self.batchReply(
            results, started: started, completed: EpochTime.iso(now), missing: missing, type: portal.types[typeIndex],
            verb: verb, okStatus: okStatus, coding: coding)
    }

    /// 200 (or `okStatus`), or 207 with one `OBJECT_NOT_FOUND` error listing the missing ids.
    static func batchReply(
        _ results: [CRMObject], started: String, completed: String, missing: [String], type: ObjectType, verb: String,
        okStatus: Int, coding: WireCoding
    ) -> Reply {
        guard !missing.isEmpty else {
            return coding.reply(okStatus, BatchResponse(results: results, startedAt: started, completedAt: completed))
        }
        let name = type.singular.uppercased()
        let error = BatchError(
            category: "OBJECT_NOT_FOUND",
            message: "Could not \(verb) some \(name) objects, they may be deleted or not exist. Check that ids are valid.",
            context: ["ids": missing])
        return coding.reply(207, BatchResponse(
            results: results, startedAt: started, completedAt: completed, numErrors: 1, errors: [error]))
    }
}
