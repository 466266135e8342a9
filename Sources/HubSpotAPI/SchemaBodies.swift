/// A property definition (`GET /crm/v3/properties/{type}`).
public struct PropertyDefinition: Sendable, Hashable, Codable {
    /// The internal name.
    public var name: String
    /// The display label.
    public var label: String
    /// `string number date datetime enumeration bool phone_number`.
    public var type: String
    /// The UI field (`text`, `select`, `checkbox`, `date`, `booleancheckbox`, `number`, …).
    public var fieldType: String
    /// The property group.
    public var groupName: String
    /// The description.
    public var description: String
    /// Enumeration options (empty for other types).
    public var options: [PropertyOption]
    /// The display order.
    public var displayOrder: Int
    /// Whether values are unique (contacts' `email`).
    public var hasUniqueValue: Bool
    /// Whether HubSpot computes it.
    public var calculated: Bool
    /// Whether options come from elsewhere (owners).
    public var externalOptions: Bool
    /// Whether it is hidden.
    public var hidden: Bool
    /// Whether HubSpot defined it.
    public var hubspotDefined: Bool
    /// Whether it may appear on forms.
    public var formField: Bool
    /// What may be changed.
    public var modificationMetadata: ModificationMetadata
    /// Creation instant.
    public var createdAt: String?
    /// Update instant.
    public var updatedAt: String?
    /// Whether the property is archived.
    public var archived: Bool

    /// Creates a property definition.
    public init(
        name: String, label: String, type: String, fieldType: String, groupName: String, description: String = "",
        options: [PropertyOption] = [], displayOrder: Int = -1, hasUniqueValue: Bool = false,
        calculated: Bool = false, externalOptions: Bool = false, hidden: Bool = false, hubspotDefined: Bool = true,
        formField: Bool = false, modificationMetadata: ModificationMetadata = ModificationMetadata(),
        createdAt: String? = nil, updatedAt: String? = nil, archived: Bool = false
    ) {
        self.name = name
        self.label = label
        self.type = type
        self.fieldType = fieldType
        self.groupName = groupName
        self.description = description
        self.options = options
        self.displayOrder = displayOrder
        self.hasUniqueValue = hasUniqueValue
        self.calculated = calculated
        self.externalOptions = externalOptions
        self.hidden = hidden
        self.hubspotDefined = hubspotDefined
        self.formField = formField
        self.modificationMetadata = modificationMetadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
    }
}

/// An enumeration option: `{label, value, displayOrder, hidden}`.
public struct PropertyOption: Sendable, Hashable, Codable {
    /// The label shown to people.
    public var label: String
    /// The stored value (matching is case-sensitive).
    public var value: String
    /// The display order.
    public var displayOrder: Int
    /// Whether it is hidden.
    public var hidden: Bool
    /// Creates an option.
    public init(label: String, value: String, displayOrder: Int, hidden: Bool = false) {
        self.label = label
        self.value = value
        self.displayOrder = displayOrder
        self.hidden = hidden
    }
}

/// `modificationMetadata` of a property.
public struct ModificationMetadata: Sendable, Hashable, Codable {
    /// Whether the property can be archived.
    public var archivable: Bool
    /// Whether its definition is read-only.
    public var readOnlyDefinition: Bool
    /// Whether its values are read-only (writes are rejected with 400).
    public var readOnlyValue: Bool
    /// Creates metadata.
    public init(archivable: Bool = false, readOnlyDefinition: Bool = true, readOnlyValue: Bool = false) {
        self.archivable = archivable
        self.readOnlyDefinition = readOnlyDefinition
        self.readOnlyValue = readOnlyValue
    }
}

/// `{"results": [element]}` without paging (properties, pipelines, schemas, labels).
public struct ResultList<Element: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The elements.
    public var results: [Element]
    /// Creates a list.
    public init(results: [Element]) { self.results = results }
}

/// A deal or ticket pipeline.
public struct Pipeline: Sendable, Hashable, Codable {
    /// The id records store in `pipeline` / `hs_pipeline` (`"default"` for the default deal pipeline).
    public var id: String
    /// The label.
    public var label: String
    /// The display order.
    public var displayOrder: Int
    /// The stages.
    public var stages: [PipelineStage]
    /// Creation instant.
    public var createdAt: String
    /// Update instant.
    public var updatedAt: String
    /// Whether it is archived.
    public var archived: Bool
    /// Creates a pipeline.
    public init(
        id: String, label: String, displayOrder: Int, stages: [PipelineStage], createdAt: String, updatedAt: String,
        archived: Bool = false
    ) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.stages = stages
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
    }
}

/// A pipeline stage; records store its `id` (`closedwon`), not its label.
public struct PipelineStage: Sendable, Hashable, Codable {
    /// The id.
    public var id: String
    /// The label (`Closed Won`).
    public var label: String
    /// The display order.
    public var displayOrder: Int
    /// Stage metadata (`probability`, `isClosed`, `ticketState`).
    public var metadata: [String: String]
    /// Creation instant.
    public var createdAt: String
    /// Update instant.
    public var updatedAt: String
    /// Whether it is archived.
    public var archived: Bool
    /// Creates a stage.
    public init(
        id: String, label: String, displayOrder: Int, metadata: [String: String], createdAt: String,
        updatedAt: String, archived: Bool = false
    ) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
    }
}

/// An owner (`GET /crm/v3/owners`); records point at one through `hubspot_owner_id`.
public struct Owner: Sendable, Hashable, Codable {
    /// The owner id.
    public var id: String
    /// The e-mail address.
    public var email: String
    /// The first name.
    public var firstName: String
    /// The last name.
    public var lastName: String
    /// The user id.
    public var userId: Int64?
    /// Creation instant.
    public var createdAt: String
    /// Update instant.
    public var updatedAt: String
    /// Whether it is archived.
    public var archived: Bool
    /// Creates an owner.
    public init(
        id: String, email: String, firstName: String, lastName: String, userId: Int64?, createdAt: String,
        updatedAt: String, archived: Bool = false
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.userId = userId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
    }
}

/// A page of owners.
public struct OwnerPage: Sendable, Hashable, Codable {
    /// The owners.
    public var results: [Owner]
    /// Present unless this is the last page.
    public var paging: Paging?
    /// Creates a page.
    public init(results: [Owner], paging: Paging? = nil) {
        self.results = results
        self.paging = paging
    }
}

/// An object schema (`GET /crm/v3/schemas`), for custom objects.
public struct ObjectSchema: Sendable, Hashable, Codable {
    /// The schema id.
    public var id: String
    /// The name used in paths.
    public var name: String
    /// Singular and plural labels.
    public var labels: SchemaLabels
    /// The object type id (`2-NNNN`).
    public var objectTypeId: String
    /// The fully qualified name (`p_vehicles`).
    public var fullyQualifiedName: String
    /// The property shown as the record's name.
    public var primaryDisplayProperty: String?
    /// Properties a create must set.
    public var requiredProperties: [String]
    /// Properties `query` searches.
    public var searchableProperties: [String]
    /// Further display properties.
    public var secondaryDisplayProperties: [String]
    /// The properties.
    public var properties: [PropertyDefinition]
    /// The association definitions.
    public var associations: [SchemaAssociation]
    /// Creation instant.
    public var createdAt: String
    /// Update instant.
    public var updatedAt: String
    /// Whether it is archived.
    public var archived: Bool

    /// Creates a schema.
    public init(
        id: String, name: String, labels: SchemaLabels, objectTypeId: String, fullyQualifiedName: String,
        primaryDisplayProperty: String?, requiredProperties: [String], searchableProperties: [String],
        secondaryDisplayProperties: [String], properties: [PropertyDefinition], associations: [SchemaAssociation],
        createdAt: String, updatedAt: String, archived: Bool = false
    ) {
        self.id = id
        self.name = name
        self.labels = labels
        self.objectTypeId = objectTypeId
        self.fullyQualifiedName = fullyQualifiedName
        self.primaryDisplayProperty = primaryDisplayProperty
        self.requiredProperties = requiredProperties
        self.searchableProperties = searchableProperties
        self.secondaryDisplayProperties = secondaryDisplayProperties
        self.properties = properties
        self.associations = associations
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archived = archived
    }
}

/// Singular and plural labels of a schema.
public struct SchemaLabels: Sendable, Hashable, Codable {
    /// The singular label.
    public var singular: String
    /// The plural label.
    public var plural: String
    /// Creates labels.
    public init(singular: String, plural: String) {
        self.singular = singular
        self.plural = plural
    }
}

/// An association definition of a schema.
public struct SchemaAssociation: Sendable, Hashable, Codable {
    /// The association type id, as a string.
    public var id: String
    /// The source object type id.
    public var fromObjectTypeId: String
    /// The target object type id.
    public var toObjectTypeId: String
    /// The name.
    public var name: String?
    /// Creates a definition.
    public init(id: String, fromObjectTypeId: String, toObjectTypeId: String, name: String?) {
        self.id = id
        self.fromObjectTypeId = fromObjectTypeId
        self.toObjectTypeId = toObjectTypeId
        self.name = name
    }
}
