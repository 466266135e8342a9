import HubSpotAPI

/// One property of an object type, as the sandbox keeps it.
struct PropertySpec: Sendable, Codable, Hashable {
    var name: String
    var label: String
    var type: PropertyType
    var fieldType: String
    var groupName: String
    var options: [PropertyOption] = []
    var readOnly = false
    var unique = false
    var calculated = false
    var externalOptions = false
    var hubspotDefined = true

    /// Multi-select (`a;b`): `EQ`/`IN` match any selected value.
    var isMultiSelect: Bool { type == .enumeration && fieldType == "checkbox" }

    var definition: PropertyDefinition {
        PropertyDefinition(
            name: name, label: label, type: type.rawValue, fieldType: fieldType, groupName: groupName,
            description: "", options: options, displayOrder: -1, hasUniqueValue: unique, calculated: calculated,
            externalOptions: externalOptions, hidden: false, hubspotDefined: hubspotDefined,
            formField: !readOnly, modificationMetadata: ModificationMetadata(
                archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined, readOnlyValue: readOnly),
            createdAt: "2019-08-06T02:41:52.000Z", updatedAt: "2019-08-06T02:41:52.000Z", archived: false)
    }
}

/// An object type: its names, properties and search defaults.
struct ObjectType: Sendable, Codable, Hashable {
    var objectTypeId: String
    /// The plural name used in paths (`contacts`, `line_items`, `vehicles`).
    var name: String
    var singular: String
    var labels: SchemaLabels
    var fullyQualifiedName: String
    var properties: [PropertySpec]
    var defaultProperties: [String]
    /// Properties the full-text `query` searches.
    var textProperties: [String]
    /// `createdate`, or `hs_createdate` for quotes and custom objects.
    var createdProperty: String
    /// `lastmodifieddate` for contacts, `hs_lastmodifieddate` for the rest.
    var modifiedProperty: String
    var primaryDisplayProperty: String
    var isCustom: Bool

    var index: [String: Int] {
        Dictionary(properties.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every name a path may use for this type.
    var aliases: [String] {
        [name, singular, singular.uppercased(), name.uppercased(), objectTypeId, fullyQualifiedName]
    }
}
