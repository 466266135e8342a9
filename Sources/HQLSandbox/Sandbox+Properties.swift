import Foundation
import HubSpotAPI

/// Property definitions: create (`POST /crm/v3/properties/{type}`), update (`PATCH …/{name}`:
/// label, group, options — the list replaces the old one) and archive (`DELETE …/{name}`; a
/// HubSpot-defined property cannot be archived). Records keep their values of the properties
/// that remain.
extension Sandbox {
    func createProperty(type typeIndex: Int, body: Data?) throws -> Reply {
        let input = try decode(PropertyCreate.self, body)
        var type = portal.types[typeIndex]
        guard let first = input.name.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first),
            input.name.unicodeScalars.allSatisfy({ CharacterSet.lowercaseLetters.contains($0) || CharacterSet.decimalDigits.contains($0) || $0 == "_" })
        else {
            throw SandboxError.validation("Property name \(input.name) is invalid: use lower-case letters, digits and _, starting with a letter.")
        }
        guard !type.properties.contains(where: { $0.name == input.name }) else {
            throw SandboxError.conflict("Property named '\(input.name)' already exists.")
        }
        guard let propertyType = PropertyType(rawValue: input.type) else {
            throw SandboxError.validation("Property type \(input.type) is not one of string, number, date, datetime, enumeration, bool, phone_number.")
        }
        let options = input.options ?? []
        if propertyType == .enumeration, options.isEmpty {
            throw SandboxError.validation("An enumeration property needs at least one option.")
        }
        try Self.checkOptions(options)
        var spec = PropertySpec(name: input.name, label: input.label, type: propertyType, fieldType: input.fieldType,
                                groupName: input.groupName, options: options)
        spec.unique = input.hasUniqueValue ?? false
        spec.hubspotDefined = false
        type.properties.append(spec)
        portal.replaceType(typeIndex, with: type)
        return reply(201, spec.definition)
    }

    func updateProperty(type typeIndex: Int, name: String, body: Data?) throws -> Reply {
        let input = try decode(PropertyUpdate.self, body)
        var type = portal.types[typeIndex]
        guard let position = type.properties.firstIndex(where: { $0.name == name }) else {
            throw SandboxError.notFound("Unable to find property \(name) on \(type.name)")
        }
        if type.properties[position].readOnly {
            throw SandboxError.validation("\(name) is a read-only property; its definition cannot be changed.")
        }
        if let label = input.label { type.properties[position].label = label }
        if let group = input.groupName { type.properties[position].groupName = group }
        if let options = input.options {
            try Self.checkOptions(options)
            guard type.properties[position].type == .enumeration else {
                throw SandboxError.validation("\(name) is not an enumeration: it has no options.")
            }
            type.properties[position].options = options
        }
        let spec = type.properties[position]
        portal.replaceType(typeIndex, with: type)
        return reply(200, spec.definition)
    }

    func archiveProperty(type typeIndex: Int, name: String) throws -> Reply {
        var type = portal.types[typeIndex]
        guard let position = type.properties.firstIndex(where: { $0.name == name }) else {
            throw SandboxError.notFound("Unable to find property \(name) on \(type.name)")
        }
        if type.properties[position].hubspotDefined {
            throw SandboxError.validation("\(name) is a HubSpot-defined property and cannot be archived.")
        }
        type.properties.remove(at: position)
        portal.replaceType(typeIndex, with: type)
        return Reply(status: 204, body: nil)
    }

    /// `POST /crm/v3/objects/contacts/gdpr-delete` `{objectId, idProperty?}`: the contact is
    /// archived and every value erased (nothing is left to restore). Contacts only.
    func gdprDelete(type typeIndex: Int, body: Data?) throws -> Reply {
        guard portal.types[typeIndex].name == "contacts" else {
            throw SandboxError.validation("GDPR delete is available for contacts only.")
        }
        struct Input: Decodable { var objectId: String; var idProperty: String? }
        let input = try decode(Input.self, body)
        guard let found = try portal.lookup(type: typeIndex, id: input.objectId, idProperty: input.idProperty) else {
            throw SandboxError.notFound("Object not found. objectId: \(input.objectId)")
        }
        var record = found
        let instant = now
        record.values = RecordValues(count: portal.types[typeIndex].properties.count)
        record.archived = true
        record.archivedAt = instant
        record.updatedAt = instant
        portal.stores[typeIndex].replace(record)
        return Reply(status: 204, body: nil)
    }

    private static func checkOptions(_ options: [PropertyOption]) throws {
        var values: Set<String> = []
        for option in options where !values.insert(option.value).inserted {
            throw SandboxError.validation("Duplicate option value \(option.value).")
        }
    }
}

extension Portal {
    /// Replaces a type's definition, carrying every record's values over by property name (a
    /// property removed loses its values; one added starts empty). Search indexes start afresh.
    mutating func replaceType(_ typeIndex: Int, with type: ObjectType) {
        let oldIndex = types[typeIndex].index
        var store = ObjectStore(type: type)
        for var record in stores[typeIndex].records {
            var values = RecordValues(count: type.properties.count)
            for (position, property) in type.properties.enumerated() {
                guard let old = oldIndex[property.name] else { continue }
                values.raw[position] = record.values.raw[old]
                values.numbers[position] = record.values.numbers[old]
                values.folded[position] = record.values.folded[old]
            }
            record.values = values
            record.previous = nil
            record.indexedAt = 0
            store.insert(record)
        }
        types[typeIndex] = type
        stores[typeIndex] = store
    }
}
