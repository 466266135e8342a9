import Foundation
import HubSpotAPI

/// Validating written values and making them visible to search (rendering lives in `Portal+Reading`).
extension Sandbox {
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
}

/// One rejected property value.
private struct InvalidValue: Error {
    var detail: ErrorDetail
}
