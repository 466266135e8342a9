import Foundation
import HubSpotAPI

/// Objects v3: list, read, create, update, archive.
extension Sandbox {
    /// Evaluated on a snapshot; the actor first sorts ids once (kept until the next insert).
    func list(type typeIndex: Int, query: QueryParameters) -> Work {
        _ = portal.stores[typeIndex].idOrder()
        let snapshot = self.snapshot
        return .read { try snapshot.list(type: typeIndex, query: query) }
    }

    func read(type typeIndex: Int, id: String, query: QueryParameters) -> Work {
        let snapshot = self.snapshot
        return .read { try snapshot.read(type: typeIndex, id: id, query: query) }
    }

    func create(type typeIndex: Int, body: Data?) throws -> Reply {
        let input = try decode(ObjectCreateInput.self, body)
        let record = try prepareCreate(input, type: typeIndex)
        try validateAssociations(input.associations ?? [], from: typeIndex)
        let stored = commitCreate(record, associations: input.associations ?? [], type: typeIndex)
        return reply(201, portal.render(stored, type: typeIndex, requested: nil, nulls: false, all: true))
    }

    func update(type typeIndex: Int, id: String, body: Data?, query: QueryParameters) throws -> Reply {
        let input = try decode(ObjectUpdateInput.self, body)
        guard let record = try portal.lookup(type: typeIndex, id: id, idProperty: query.first("idProperty")), !record.archived
        else { throw SandboxError.notFound("Object not found.  objectId are usually numeric.") }
        let updated = try prepareUpdate(record, input.properties, type: typeIndex)
        commitUpdate(updated, type: typeIndex)
        return reply(200, portal.render(updated, type: typeIndex, requested: nil, nulls: false, all: true))
    }

    /// Archiving is idempotent: an unknown or already archived id also answers 204, as HubSpot does.
    func archive(type typeIndex: Int, id: String) throws -> Reply {
        if let recordID = Int64(id) { archiveRecord(recordID, type: typeIndex) }
        return Reply(status: 204, body: nil)
    }

    // MARK: - Shared by single and batch writes

    /// Validates a create and returns the record it would store (not stored yet).
    func prepareCreate(_ input: ObjectCreateInput, type typeIndex: Int) throws -> StoredRecord {
        let type = portal.types[typeIndex]
        var values = RecordValues(count: type.properties.count)
        try apply(input.properties, to: &values, type: typeIndex, creating: true)
        try checkRequired(values, type: typeIndex)
        try checkUnique(values, type: typeIndex, except: nil)
        let instant = now
        let index = portal.stores[typeIndex].propertyIndex
        var created = instant
        if let position = index[type.createdProperty], !values.numbers[position].isNaN {
            created = Int64(values.numbers[position])
        }
        if let position = index[type.createdProperty] { values.set(position, instant: created, type: .datetime) }
        if let position = index[type.modifiedProperty] { values.set(position, instant: instant, type: .datetime) }
        return StoredRecord(id: 0, createdAt: created, updatedAt: instant, values: values)
    }

    /// The properties HubSpot requires on create: deals `dealname`, `dealstage`, `pipeline`;
    /// tickets `subject`, `hs_pipeline`, `hs_pipeline_stage`.
    static let requiredOnCreate: [String: [String]] = [
        "deals": ["dealname", "dealstage", "pipeline"], "tickets": ["subject", "hs_pipeline", "hs_pipeline_stage"],
    ]

    private func checkRequired(_ values: RecordValues, type typeIndex: Int) throws {
        let type = portal.types[typeIndex]
        let index = portal.stores[typeIndex].propertyIndex
        let missing = (Self.requiredOnCreate[type.name] ?? []).filter { name in
            guard let position = index[name] else { return false }
            return values.raw[position] == nil
        }
        guard !missing.isEmpty else { return }
        throw SandboxError.validation(
            "Required properties are missing: \(missing.joined(separator: ", "))",
            errors: missing.map { ErrorDetail(message: "\($0) is required", code: "REQUIRED_FIELD", context: ["propertyName": [$0]]) })
    }

    /// Stores a prepared record with a fresh id and its associations.
    func commitCreate(_ prepared: StoredRecord, associations: [AssociationInput], type typeIndex: Int) -> StoredRecord {
        var record = prepared
        record.id = portal.newID()
        if let position = portal.stores[typeIndex].propertyIndex["hs_object_id"] {
            record.values.set(position, String(record.id), type: .number)
        }
        markWritten(&record, old: nil, at: record.updatedAt)
        if settings.indexLagMilliseconds > 0 { record.previous = nil }
        portal.stores[typeIndex].insert(record)
        for association in associations {
            guard let target = Int64(association.to.id) else { continue }
            for spec in association.types {
                if let definition = portal.associations.definition(typeId: spec.associationTypeId) {
                    portal.associations.add(definition, fromId: record.id, toId: target)
                }
            }
        }
        return record
    }

    func validateAssociations(_ inputs: [AssociationInput], from typeIndex: Int) throws {
        let fromType = portal.types[typeIndex].objectTypeId
        for input in inputs {
            for spec in input.types {
                guard let definition = portal.associations.definition(typeId: spec.associationTypeId),
                    definition.fromObjectTypeId == fromType,
                    let toIndex = portal.typeIndex(objectTypeId: definition.toObjectTypeId)
                else {
                    throw SandboxError.validation(
                        "association type id \(spec.associationTypeId) doesn't exist between \(portal.types[typeIndex].name) and the target")
                }
                guard let target = Int64(input.to.id), let record = portal.stores[toIndex].record(id: target), !record.archived
                else { throw SandboxError.validation("\(portal.types[toIndex].name) \(input.to.id) does not exist to associate") }
            }
        }
    }

    /// Validates an update of `record` and returns the updated record (not stored yet).
    func prepareUpdate(_ record: StoredRecord, _ input: [String: String], type typeIndex: Int) throws -> StoredRecord {
        var updated = record
        try apply(input, to: &updated.values, type: typeIndex, creating: false)
        try checkUnique(updated.values, type: typeIndex, except: record.id)
        let instant = max(now, record.createdAt)
        updated.updatedAt = instant
        if let position = portal.stores[typeIndex].propertyIndex[portal.types[typeIndex].modifiedProperty] {
            updated.values.set(position, instant: instant, type: .datetime)
        }
        markWritten(&updated, old: record.values, at: instant)
        return updated
    }

    func commitUpdate(_ record: StoredRecord, type typeIndex: Int) {
        if let old = portal.stores[typeIndex].record(id: record.id) {
            let modified = portal.stores[typeIndex].propertyIndex[portal.types[typeIndex].modifiedProperty]
            for position in record.values.raw.indices
            where record.values.raw[position] != old.values.raw[position] && position != modified {
                let earlier = portal.stores[typeIndex].history(of: record.id, property: position)
                    ?? portal.generatedHistory(old, type: typeIndex, position: position)
                portal.stores[typeIndex].appendHistory(
                    HistoryEntry(value: record.values.raw[position] ?? "", timestamp: record.updatedAt, sourceType: "API"),
                    id: record.id, property: position, earlier: earlier)
            }
        }
        portal.stores[typeIndex].replace(record)
    }

    func archiveRecord(_ id: Int64, type typeIndex: Int) {
        guard var record = portal.stores[typeIndex].record(id: id), !record.archived else { return }
        let instant = now
        record.archived = true
        record.archivedAt = instant
        record.updatedAt = instant
        portal.stores[typeIndex].replace(record)
    }

    // MARK: - List cursors

    /// The list endpoint's opaque cursor: the last id returned, base64url-encoded.
    static func encodeCursor(_ id: Int64) -> String {
        Data("c:\(id)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func decodeCursor(_ cursor: String) -> Int64? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("c:")
        else { return nil }
        return Int64(text.dropFirst(2))
    }
}
