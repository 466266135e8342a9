import Foundation
import HubSpotAPI

/// ASSOCIATE and DISSOCIATE through the v4 batch calls.
extension WriteExecution {
    var associationPath: (BoundAssociate) -> String {
        { "/crm/v4/associations/\($0.from.name)/\($0.to.name)/batch" }
    }

    mutating func runAssociate(_ associate: BoundAssociate) async throws {
        // A label or a type id that is not the default is looked up before anything is written.
        var typeId = associate.typeId
        var category = "HUBSPOT_DEFINED"
        if associate.label != nil || typeId == nil || typeId != AssociationDefaults.typeId(from: associate.from, to: associate.to) {
            let labels = try await client.send(
                HubSpotRequest(method: .get, path: "/crm/v4/associations/\(associate.from.name)/\(associate.to.name)/labels"),
                kind: .associations, as: AssociationLabels.self).results
            let match = labels.first { type in
                if let label = associate.label { return type.label?.lowercased() == label.lowercased() }
                if let typeId { return type.typeId == typeId }
                return type.label == nil
            }
            guard let match else {
                let known = labels.map { "\($0.typeId)\($0.label.map { " '\($0)'" } ?? "")" }.joined(separator: ", ")
                let named = associate.label.map { "label '\($0)'" } ?? typeId.map { "type \($0)" } ?? "default type"
                throw HQLError(message: "no association \(named) from \(associate.from.name) to \(associate.to.name)",
                               source: source, range: range, help: known.isEmpty ? nil : "their types: \(known)")
            }
            typeId = match.typeId
            category = match.category
        }
        guard let typeId else {
            throw HQLError(message: "no association type from \(associate.from.name) to \(associate.to.name)", source: source, range: range)
        }
        if associate.isBulk {
            try await runBulk(associate, typeId: typeId, category: category)
            return
        }
        let pair = "\(associate.fromId)→\(associate.toId)"
        if associate.dissociate {
            try await dissociate(associate, typeId: typeId, pair: pair)
            return
        }
        if options.dryRun {
            report.changes = [PlannedChange(record: pair, property: "(association)", old: nil, new: "type \(typeId)")]
            return
        }
        let input = AssociationCreateInput(from: ObjectID(id: associate.fromId), to: ObjectID(id: associate.toId),
                                           types: [AssociationSpec(associationCategory: category, associationTypeId: typeId)])
        do {
            _ = try await sendAssociations("\(associationPath(associate))/create", [input])
            report.written = 1
        } catch let error as HubSpotError where error.kind == .rejected {
            report.failures.append(WriteFailure(record: pair, message: error.message))
            report.failed = 1
        }
    }

    /// Reads what the pair has (the journal keeps every type), archives the pair, and puts back
    /// the types that were not asked to go (the v4 archive removes them all).
    private mutating func dissociate(_ associate: BoundAssociate, typeId: Int, pair: String) async throws {
        let body = try JSONEncoder().encode(BatchInput(inputs: [AssociationReadInput(id: associate.fromId)]))
        let response = try await client.send(HubSpotRequest(method: .post, path: "\(associationPath(associate))/read", body: body),
                                             kind: .associations)
        let existing = (try? JSONDecoder().decode(BatchResponse<AssociationBatchResult>.self, from: response.body))?.results
            .flatMap(\.to).filter { String($0.toObjectId) == associate.toId }.flatMap(\.associationTypes) ?? []
        let named = associate.explicitType
        let removed = named ? existing.filter { $0.typeId == typeId } : existing
        guard !removed.isEmpty else {
            report.skipped = 1
            report.notes.append("\(associate.from.singular) \(associate.fromId) and \(associate.to.singular) \(associate.toId) were not associated\(named ? " by type \(typeId)" : "")")
            return
        }
        if options.dryRun {
            report.changes = removed.map { PlannedChange(record: pair, property: "(association)", old: "type \($0.typeId)", new: nil) }
            return
        }
        let entry = try journal(.dissociate) { entry in
            entry.associations = removed.map {
                JournalEntry.Association(from: associate.from.name, fromId: associate.fromId, to: associate.to.name,
                                         toId: associate.toId, typeId: $0.typeId, category: $0.category)
            }
        }
        let archive = AssociationArchiveInput(from: ObjectID(id: associate.fromId), to: [ObjectID(id: associate.toId)])
        _ = try await sendAssociations("\(associationPath(associate))/archive", [archive])
        let kept = named ? existing.filter { $0.typeId != typeId } : []
        if !kept.isEmpty {
            let input = AssociationCreateInput(from: ObjectID(id: associate.fromId), to: ObjectID(id: associate.toId),
                                               types: kept.map { AssociationSpec(associationCategory: $0.category, associationTypeId: $0.typeId) })
            _ = try await sendAssociations("\(associationPath(associate))/create", [input])
        }
        report.written = 1
        finish(entry)
    }

    /// A v4 association batch call (retried like a read: creating or removing a pair twice is
    /// the same as once).
    func sendAssociations<Input: Codable & Sendable & Hashable>(_ path: String, _ inputs: [Input]) async throws -> HubSpotResponse {
        try await client.send(HubSpotRequest(method: .post, path: path, body: try JSONEncoder().encode(BatchInput(inputs: inputs))),
                              kind: .idempotentWrite)
    }
}
