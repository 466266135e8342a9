import Foundation
import HubSpotAPI

/// Rendering records and validating written values.
extension Sandbox {
    /// The wire form of a record.
    ///
    /// - Parameters:
    ///   - requested: the `properties` asked for, or `nil` for the type's default set.
    ///   - nulls: search returns a requested property without a value as `null`; GET leaves it out.
    ///   - all: every property that has a value (create and update answers).
    func render(
        _ record: StoredRecord, type typeIndex: Int, requested: [String]?, nulls: Bool, all: Bool = false,
        values override: RecordValues? = nil
    ) -> CRMObject {
        let type = portal.types[typeIndex]
        let index = portal.stores[typeIndex].propertyIndex
        let values = override ?? record.values
        var properties: [String: String?] = [:]
        if all {
            for (position, property) in type.properties.enumerated() {
                if let value = values.raw[position] { properties[property.name] = value }
            }
        } else {
            var names = requested ?? type.defaultProperties
            if requested != nil { names += ["hs_object_id", type.createdProperty, type.modifiedProperty] }
            for name in names {
                guard let position = index[name] else { continue }  // unknown names are ignored
                if let value = values.raw[position] {
                    properties[name] = value
                } else if nulls {
                    properties[name] = .some(nil)
                }
            }
        }
        return CRMObject(
            id: String(record.id), properties: properties, createdAt: EpochTime.iso(record.createdAt),
            updatedAt: EpochTime.iso(record.updatedAt), archived: record.archived,
            archivedAt: record.archivedAt.map(EpochTime.iso))
    }

    /// Validates and normalizes written values into `values`.
    /// Throws 400 `VALIDATION_ERROR` listing every bad property, as HubSpot does.
    func apply(
        _ input: [String: String], to values: inout RecordValues, type typeIndex: Int, creating: Bool
    ) throws {
        let type = portal.types[typeIndex]
        let index = portal.stores[typeIndex].propertyIndex
        var problems: [ErrorDetail] = []
        for (name, text) in input.sorted(by: { $0.key < $1.key }) {
            guard let position = index[name] else {
                problems.append(ErrorDetail(
                    message: "Property \"\(name)\" does not exist", code: "PROPERTY_DOESNT_EXIST",
                    context: ["propertyName": [name]]))
                continue
            }
            let property = type.properties[position]
            let writableOnCreate = creating && name == type.createdProperty
            if property.readOnly || (name == type.createdProperty && !creating), !writableOnCreate {
                problems.append(ErrorDetail(
                    message: "\(name) is a read only property; its value cannot be set.", code: "READ_ONLY_VALUE",
                    context: ["propertyName": [name]]))
                continue
            }
            if text.isEmpty {
                values.set(position, nil, type: property.type)
                continue
            }
            do {
                try store(text, property: property, position: position, into: &values)
            } catch let invalid as InvalidValue {
                problems.append(invalid.detail)
            }
        }
        if !problems.isEmpty {
            let summary = problems.map(\.message).joined(separator: "; ")
            throw SandboxError.validation("Property values were not valid: \(summary)", errors: problems)
        }
    }

    private func store(_ text: String, property: PropertySpec, position: Int, into values: inout RecordValues) throws {
        func invalid(_ code: String, _ message: String) -> InvalidValue {
            InvalidValue(detail: ErrorDetail(message: message, code: code, context: ["propertyName": [property.name]]))
        }
        switch property.type {
        case .string, .phoneNumber:
            values.set(position, text, type: property.type)
        case .number:
            guard Double(text) != nil else {
                throw invalid("INVALID_DECIMAL", "\(text) was not a valid number for \(property.name)")
            }
            values.set(position, text, type: .number)
        case .bool:
            let lower = text.lowercased()
            guard lower == "true" || lower == "false" else {
                throw invalid("INVALID_BOOLEAN", "\(text) was not a valid boolean for \(property.name)")
            }
            values.set(position, lower, type: .bool)
        case .datetime:
            guard let ms = EpochTime.parse(text) else {
                throw invalid("INVALID_DATE", "\(text) was not a valid datetime for \(property.name)")
            }
            values.set(position, instant: ms, type: .datetime)
        case .date:
            guard let ms = EpochTime.parse(text) else {
                throw invalid("INVALID_DATE", "\(text) was not a valid date for \(property.name)")
            }
            guard ms % EpochTime.millisecondsPerDay == 0 else {
                throw invalid("INVALID_DATE", "\(text) is not midnight UTC; \(property.name) is a date property")
            }
            values.set(position, instant: ms, type: .date)
        case .enumeration:
            let allowed = Set(property.options.map(\.value))
            let chosen = property.isMultiSelect ? text.split(separator: ";").map(String.init) : [text]
            if let bad = chosen.first(where: { !allowed.contains($0) }) {
                throw invalid(
                    "INVALID_OPTION",
                    "\(bad) was not one of the allowed options: \(property.options.map(\.value).joined(separator: ", "))")
            }
            values.set(position, text, type: .enumeration)
        }
    }

    /// Makes a write visible to search only after the index lag.
    func markWritten(_ record: inout StoredRecord, old: RecordValues?, at instant: Int64) {
        let lag = Int64(settings.indexLagMilliseconds)
        guard lag > 0 else {
            record.previous = nil
            record.indexedAt = 0
            return
        }
        if instant >= record.indexedAt { record.previous = old }
        record.indexedAt = instant + lag
    }

    /// Finds a record by id, or by the value of a unique property.
    func lookup(type typeIndex: Int, id: String, idProperty: String?) throws -> StoredRecord? {
        let store = portal.stores[typeIndex]
        if let idProperty, idProperty != "hs_object_id" {
            guard let position = store.propertyIndex[idProperty] else {
                throw SandboxError.validation("Property \"\(idProperty)\" does not exist")
            }
            guard store.isUnique(position) else {
                throw SandboxError.validation("\(idProperty) is not a unique property and cannot be used as idProperty")
            }
            return store.id(forUnique: id, propertyIndex: position).flatMap(store.record(id:))
        }
        return Int64(id).flatMap(store.record(id:))
    }

    /// The conflict of a contact's unique e-mail with another live record.
    func checkUnique(_ values: RecordValues, type typeIndex: Int, except id: Int64?) throws {
        let store = portal.stores[typeIndex]
        for (position, property) in portal.types[typeIndex].properties.enumerated()
        where property.unique && property.name != "hs_object_id" {
            guard let value = values.raw[position],
                let existing = store.id(forUnique: value, propertyIndex: position), existing != id
            else { continue }
            if portal.types[typeIndex].name == "contacts" {
                throw SandboxError.conflict("Contact already exists. Existing ID: \(existing)")
            }
            throw SandboxError.conflict("A record with \(property.name) \(value) already exists. Existing ID: \(existing)")
        }
    }

    /// v3 associations of a record for `associations=` on list and read.
    func v3Associations(type typeIndex: Int, id: Int64, names: [String]) -> [String: AssociationIDPage]? {
        guard !names.isEmpty else { return nil }
        let from = portal.types[typeIndex]
        var result: [String: AssociationIDPage] = [:]
        for name in names {
            guard let toIndex = portal.typeIndex(named: name) else { continue }
            let to = portal.types[toIndex]
            let targets = liveTargets(from: typeIndex, id: id, to: toIndex)
            guard !targets.isEmpty else { continue }
            var entries: [AssociatedID] = []
            let hasPrimary = portal.associations.definitions(from: from.objectTypeId, to: to.objectTypeId)
                .contains { $0.isPrimary }
            for (targetID, typeIds) in targets {
                for typeId in typeIds.sorted() {
                    guard let definition = portal.associations.definition(typeId: typeId) else { continue }
                    let base = "\(from.singular)_to_\(to.singular)"
                    let typeName: String
                    if definition.isPrimary {
                        typeName = base
                    } else if let label = definition.label {
                        typeName = label.lowercased().replacingOccurrences(of: " ", with: "_")
                    } else {
                        typeName = hasPrimary ? base + "_unlabeled" : base
                    }
                    entries.append(AssociatedID(id: String(targetID), type: typeName))
                }
            }
            result[to.name] = AssociationIDPage(results: entries)
        }
        return result
    }

    /// Associated records that are not archived, sorted by id.
    func liveTargets(from fromIndex: Int, id: Int64, to toIndex: Int) -> [(Int64, Set<Int>)] {
        let targets = portal.associations.targets(
            from: portal.types[fromIndex].objectTypeId, id: id, to: portal.types[toIndex].objectTypeId)
        let store = portal.stores[toIndex]
        return targets.filter { store.record(id: $0.key).map { !$0.archived } ?? false }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// One rejected property value.
private struct InvalidValue: Error {
    var detail: ErrorDetail
}
