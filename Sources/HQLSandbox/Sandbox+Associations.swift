import Foundation
import HubSpotAPI

/// Associations v4.
extension Sandbox {
    private func record(_ typeIndex: Int, _ id: String) throws -> Int64 {
        guard let recordID = Int64(id), let record = portal.stores[typeIndex].record(id: recordID), !record.archived else {
            throw SandboxError.notFound("\(portal.types[typeIndex].singular.uppercased()) \(id) does not exist",
                context: ["id": [id]])
        }
        return recordID
    }

    private func targets(_ typeIds: Set<Int>, _ targetID: Int64) -> AssociationTarget {
        let types = typeIds.compactMap { portal.associations.definition(typeId: $0)?.apiType }
            .sorted { ($0.label == nil ? 1 : 0, $0.typeId) < ($1.label == nil ? 1 : 0, $1.typeId) }
        return AssociationTarget(toObjectId: targetID, associationTypes: types)
    }

    /// One page of targets after an offset cursor.
    private func page(from: Int, id: Int64, to: Int, after: String?, limit: Int) throws -> ([AssociationTarget], Paging?) {
        let all = portal.liveTargets(from: from, id: id, to: to)
        var start = 0
        if let after, !after.isEmpty {
            guard let value = Int(after), value >= 0 else { throw SandboxError.validation("Invalid after cursor: \(after)") }
            start = value
        }
        let end = min(start + limit, all.count)
        let slice = start < end ? Array(all[start..<end]) : []
        return (slice.map { targets($0.1, $0.0) }, end < all.count ? Paging(after: String(end)) : nil)
    }

    func associationPage(from: Int, id: String, to: Int, query: QueryParameters) throws -> Reply {
        let limit = try query.int("limit") ?? capabilities.maxAssociationPageSize
        guard limit >= 1, limit <= capabilities.maxAssociationPageSize else {
            throw SandboxError.validation("limit must be between 1 and \(capabilities.maxAssociationPageSize), got \(limit).")
        }
        let recordID = try record(from, id)
        let (results, paging) = try page(from: from, id: recordID, to: to, after: query.first("after"), limit: limit)
        return reply(200, AssociationPage(results: results, paging: paging))
    }

    func associationPutDefault(from: Int, id: String, to: Int, toId: String) throws -> Reply {
        let fromID = try record(from, id)
        let toID = try record(to, toId)
        guard let definition = portal.associations.defaultDefinition(
            from: portal.types[from].objectTypeId, to: portal.types[to].objectTypeId)
        else { throw noAssociation(from, to) }
        portal.associations.add(definition, fromId: fromID, toId: toID)
        let stamp = EpochTime.iso(now)
        struct Spec: Codable, Hashable, Sendable {
            var from: ObjectID, to: ObjectID, associationSpec: AssociationSpec
        }
        return reply(200, BatchResponse(
            results: [Spec(from: ObjectID(id: String(fromID)), to: ObjectID(id: String(toID)),
                associationSpec: AssociationSpec(associationCategory: definition.category, associationTypeId: definition.typeId))],
            startedAt: stamp, completedAt: stamp))
    }

    func associationPut(from: Int, id: String, to: Int, toId: String, body: Data?) throws -> Reply {
        let specs = try decode([AssociationSpec].self, body)
        let fromID = try record(from, id)
        let toID = try record(to, toId)
        for spec in specs { portal.associations.add(try definition(spec.associationTypeId, from, to), fromId: fromID, toId: toID) }
        let labels = created(from, fromID, to, toID)
        return reply(201, labels)
    }

    func associationDelete(from: Int, id: String, to: Int, toId: String) throws -> Reply {
        if let fromID = Int64(id), let toID = Int64(toId) {
            portal.associations.removeAll(
                from: portal.types[from].objectTypeId, fromId: fromID, to: portal.types[to].objectTypeId, toId: toID)
        }
        return Reply(status: 204, body: nil)
    }

    func associationBatch(from: Int, to: Int, _ operation: SandboxRoute.AssociationOperation, body: Data?) throws -> Reply {
        let started = EpochTime.iso(now)
        switch operation {
        case .read:
            let input = try decode(BatchInput<AssociationReadInput>.self, body)
            guard input.inputs.count <= capabilities.maxAssociationBatchReadInputs else {
                throw SandboxError.validation(
                    "Batch input limit exceeded: \(input.inputs.count) inputs, at most \(capabilities.maxAssociationBatchReadInputs) are allowed.")
            }
            var results: [AssociationBatchResult] = []
            var errors: [BatchError] = []
            for item in input.inputs {
                guard let fromID = Int64(item.id), portal.stores[from].record(id: fromID).map({ !$0.archived }) ?? false,
                    !portal.liveTargets(from: from, id: fromID, to: to).isEmpty
                else {
                    errors.append(BatchError(
                        category: "OBJECT_NOT_FOUND",
                        message: "No \(portal.types[to].singular.uppercased()) is associated with \(portal.types[from].singular.uppercased()) \(item.id).",
                        context: ["fromObjectId": [item.id]], subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND"))
                    continue
                }
                let (targets, paging) = try page(
                    from: from, id: fromID, to: to, after: item.after, limit: capabilities.maxAssociationPageSize)
                results.append(AssociationBatchResult(from: ObjectID(id: item.id), to: targets, paging: paging))
            }
            let completed = EpochTime.iso(now)
            if errors.isEmpty {
                return reply(200, BatchResponse(results: results, startedAt: started, completedAt: completed))
            }
            return reply(207, BatchResponse(
                results: results, startedAt: started, completedAt: completed, numErrors: errors.count, errors: errors))
        case .create:
            let input = try decode(BatchInput<AssociationCreateInput>.self, body)
            guard input.inputs.count <= capabilities.maxAssociationBatchCreateInputs else {
                throw SandboxError.validation(
                    "Batch input limit exceeded: \(input.inputs.count) inputs, at most \(capabilities.maxAssociationBatchCreateInputs) are allowed.")
            }
            var planned: [(AssociationDefinition, Int64, Int64)] = []
            for item in input.inputs {
                let fromID = try record(from, item.from.id)
                let toID = try record(to, item.to.id)
                let specs = item.types.isEmpty
                    ? [AssociationSpec(associationTypeId: try defaultTypeId(from, to))] : item.types
                for spec in specs { planned.append((try definition(spec.associationTypeId, from, to), fromID, toID)) }
            }
            var results: [AssociationCreated] = []
            var seen: Set<[Int64]> = []
            for (definition, fromID, toID) in planned {
                portal.associations.add(definition, fromId: fromID, toId: toID)
                if seen.insert([fromID, toID]).inserted { results.append(created(from, fromID, to, toID)) }
            }
            return reply(201, BatchResponse(results: results, startedAt: started, completedAt: EpochTime.iso(now)))
        case .archive:
            let input = try decode(BatchInput<AssociationArchiveInput>.self, body)
            for item in input.inputs {
                guard let fromID = Int64(item.from.id) else { continue }
                for target in item.to {
                    guard let toID = Int64(target.id) else { continue }
                    portal.associations.removeAll(
                        from: portal.types[from].objectTypeId, fromId: fromID, to: portal.types[to].objectTypeId, toId: toID)
                }
            }
            return Reply(status: 204, body: nil)
        }
    }

    func associationLabels(from: Int, to: Int) throws -> Reply {
        let definitions = portal.associations.definitions(
            from: portal.types[from].objectTypeId, to: portal.types[to].objectTypeId)
        return reply(200, AssociationLabels(results: definitions.map(\.apiType)))
    }

    private func definition(_ typeId: Int, _ from: Int, _ to: Int) throws -> AssociationDefinition {
        guard let definition = portal.associations.definition(typeId: typeId),
            definition.fromObjectTypeId == portal.types[from].objectTypeId,
            definition.toObjectTypeId == portal.types[to].objectTypeId
        else {
            throw SandboxError.validation(
                "association type id \(typeId) doesn't exist between \(portal.types[from].name) and \(portal.types[to].name)")
        }
        return definition
    }

    private func defaultTypeId(_ from: Int, _ to: Int) throws -> Int {
        guard let definition = portal.associations.defaultDefinition(
            from: portal.types[from].objectTypeId, to: portal.types[to].objectTypeId)
        else { throw noAssociation(from, to) }
        return definition.typeId
    }

    private func noAssociation(_ from: Int, _ to: Int) -> SandboxError {
        SandboxError.validation("\(portal.types[from].name) and \(portal.types[to].name) cannot be associated")
    }

    private func created(_ from: Int, _ fromID: Int64, _ to: Int, _ toID: Int64) -> AssociationCreated {
        let typeIds = portal.associations.targets(
            from: portal.types[from].objectTypeId, id: fromID, to: portal.types[to].objectTypeId)[toID] ?? []
        let labels = typeIds.sorted().compactMap { portal.associations.definition(typeId: $0)?.label }
        return AssociationCreated(
            fromObjectTypeId: portal.types[from].objectTypeId, fromObjectId: fromID,
            toObjectTypeId: portal.types[to].objectTypeId, toObjectId: toID, labels: labels)
    }
}
