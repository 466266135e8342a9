import Foundation
import HubSpotAPI

/// ASSOCIATE / DISSOCIATE with a query on one side or both: the queries run as reads, their
/// records are paired (every record with the single id, or `ON a = b` by equal values,
/// case-insensitively), then v4 batch calls of up to HubSpot's per-request maximum.
extension WriteExecution {
    /// The pairs, `from` → `to`, each once.
    func pairs(_ associate: BoundAssociate) async throws -> [(from: String, to: String)] {
        func side(_ selection: SelectStatement?, id: String, key: String?) async throws -> [(id: String, key: String?)] {
            guard let selection else { return [(id, nil)] }
            let names = ["hs_object_id"] + (key.map { [$0] } ?? [])
            return try await select(selection, names: names).compactMap { record in
                guard let id = record["hs_object_id"] ?? nil else { return nil }
                return (id, key.flatMap { record[$0] ?? nil })
            }
        }
        let left = try await side(associate.fromSelection, id: associate.fromId, key: associate.match?.from)
        let right = try await side(associate.toSelection, id: associate.toId, key: associate.match?.to)
        var result: [(from: String, to: String)] = []
        if associate.match != nil {
            var byKey: [String: [String]] = [:]
            for record in right { if let key = record.key?.lowercased(), !key.isEmpty { byKey[key, default: []].append(record.id) } }
            for record in left {
                guard let key = record.key?.lowercased(), !key.isEmpty else { continue }
                for target in byKey[key] ?? [] { result.append((record.id, target)) }
            }
        } else {
            for source in left { for target in right { result.append((source.id, target.id)) } }
        }
        var seen: Set<String> = []
        return result.filter { seen.insert("\($0.from)>\($0.to)").inserted }
    }

    mutating func runBulk(_ associate: BoundAssociate, typeId: Int, category: String) async throws {
        let pairs = try await pairs(associate)
        let base = associationPath(associate)
        if associate.dissociate {
            try await dissociateBulk(associate, pairs: pairs, typeId: typeId, base: base)
            return
        }
        if options.dryRun {
            report.changes = pairs.map { PlannedChange(record: "\($0.from)→\($0.to)", property: "(association)", old: nil, new: "type \(typeId)") }
            return
        }
        guard !pairs.isEmpty else { return }
        try await confirm(pairs.count, hasWhere: true)
        let size = client.capabilities.maxAssociationBatchCreateInputs
        for start in stride(from: 0, to: pairs.count, by: size) {
            let chunk = pairs[start..<min(pairs.count, start + size)]
            let inputs = chunk.map {
                AssociationCreateInput(from: ObjectID(id: $0.from), to: ObjectID(id: $0.to),
                                       types: [AssociationSpec(associationCategory: category, associationTypeId: typeId)])
            }
            do {
                _ = try await sendAssociations("\(base)/create", inputs)
                report.written += chunk.count
            } catch let error as HubSpotError where error.kind == .rejected {
                report.failures += chunk.map { WriteFailure(record: "\($0.from)→\($0.to)", message: error.message) }
                report.failed += chunk.count
            }
        }
    }

    /// Reads which pairs are associated (and by which types: the journal keeps them), archives
    /// them, and puts back the types not asked to go.
    private mutating func dissociateBulk(_ associate: BoundAssociate, pairs: [(from: String, to: String)], typeId: Int,
                                         base: String) async throws {
        let named = associate.explicitType
        var existing: [String: [String: [AssociationCategoryType]]] = [:]
        let sources = Array(Set(pairs.map(\.from))).sorted()
        let readSize = client.capabilities.maxAssociationBatchReadInputs
        for start in stride(from: 0, to: sources.count, by: readSize) {
            var pending = sources[start..<min(sources.count, start + readSize)].map { AssociationReadInput(id: $0) }
            // A record with more targets than a page pages on with `after`.
            for _ in 0..<1_000 where !pending.isEmpty {
                let body = try JSONEncoder().encode(BatchInput(inputs: pending))
                let response = try await client.send(HubSpotRequest(method: .post, path: "\(base)/read", body: body), kind: .associations)
                let results = (try? JSONDecoder().decode(BatchResponse<AssociationBatchResult>.self, from: response.body))?.results ?? []
                pending = []
                for result in results {
                    for target in result.to {
                        existing[result.from.id, default: [:]][String(target.toObjectId), default: []] +=
                            target.associationTypes.map { AssociationCategoryType(category: $0.category, typeId: $0.typeId) }
                    }
                    if let after = result.paging?.next?.after { pending.append(AssociationReadInput(id: result.from.id, after: after)) }
                }
            }
        }
        var journalled: [JournalEntry.Association] = []
        var kept: [(from: String, to: String, types: [AssociationCategoryType])] = []
        var removedPairs: [(from: String, to: String)] = []
        for pair in pairs {
            let types = existing[pair.from]?[pair.to] ?? []
            let removed = named ? types.filter { $0.typeId == typeId } : types
            guard !removed.isEmpty else {
                report.skipped += 1
                continue
            }
            removedPairs.append(pair)
            journalled += removed.map {
                JournalEntry.Association(from: associate.from.name, fromId: pair.from, to: associate.to.name, toId: pair.to,
                                         typeId: $0.typeId, category: $0.category)
            }
            let others = named ? types.filter { $0.typeId != typeId } : []
            if !others.isEmpty { kept.append((pair.from, pair.to, others)) }
        }
        if options.dryRun {
            report.changes = journalled.map { PlannedChange(record: "\($0.fromId)→\($0.toId)", property: "(association)", old: "type \($0.typeId)", new: nil) }
            return
        }
        guard !removedPairs.isEmpty else { return }
        try await confirm(removedPairs.count, hasWhere: true)
        let entry = try journal(.dissociate) { $0.associations = journalled }
        var bySource: [String: [String]] = [:]
        for pair in removedPairs { bySource[pair.from, default: []].append(pair.to) }
        let inputs = bySource.sorted { $0.key < $1.key }.map { AssociationArchiveInput(from: ObjectID(id: $0.key), to: $0.value.map(ObjectID.init(id:))) }
        let size = client.capabilities.maxAssociationBatchCreateInputs
        for start in stride(from: 0, to: inputs.count, by: size) {
            _ = try await sendAssociations("\(base)/archive", Array(inputs[start..<min(inputs.count, start + size)]))
        }
        let restore = kept.map { pair in
            AssociationCreateInput(from: ObjectID(id: pair.from), to: ObjectID(id: pair.to),
                                   types: pair.types.map { AssociationSpec(associationCategory: $0.category, associationTypeId: $0.typeId) })
        }
        for start in stride(from: 0, to: restore.count, by: size) {
            _ = try await sendAssociations("\(base)/create", Array(restore[start..<min(restore.count, start + size)]))
        }
        report.written = removedPairs.count
        finish(entry)
    }
}

/// An association type as the v4 calls name it.
struct AssociationCategoryType: Sendable, Hashable {
    var category: String
    var typeId: Int
}
