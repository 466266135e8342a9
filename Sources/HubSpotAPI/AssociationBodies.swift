/// `{"associationCategory", "associationTypeId"}`: an association type in write bodies.
public struct AssociationSpec: Sendable, Hashable, Codable {
    /// `HUBSPOT_DEFINED`, `USER_DEFINED` or `INTEGRATOR_DEFINED`.
    public var associationCategory: String
    /// The type id (279 is contact→company).
    public var associationTypeId: Int
    /// Creates a spec.
    public init(associationCategory: String = "HUBSPOT_DEFINED", associationTypeId: Int) {
        self.associationCategory = associationCategory
        self.associationTypeId = associationTypeId
    }
}

/// An association made while creating a record: `{"to": {"id"}, "types": [spec]}`.
public struct AssociationInput: Sendable, Hashable, Codable {
    /// The record to associate with.
    public var to: ObjectID
    /// The association types.
    public var types: [AssociationSpec]
    /// Creates an input.
    public init(to: ObjectID, types: [AssociationSpec]) {
        self.to = to
        self.types = types
    }
}

/// `{"category", "typeId", "label"}`: an association type as v4 returns it (`label` may be `null`).
public struct AssociationType: Sendable, Hashable, Codable {
    /// `HUBSPOT_DEFINED`, `USER_DEFINED` or `INTEGRATOR_DEFINED`.
    public var category: String
    /// The type id.
    public var typeId: Int
    /// The label (`"Primary"`, a user label), or `nil` for the unlabeled default.
    public var label: String?
    /// Creates a type.
    public init(category: String, typeId: Int, label: String?) {
        self.category = category
        self.typeId = typeId
        self.label = label
    }

    private enum CodingKeys: String, CodingKey { case category, typeId, label }

    /// Encodes `label` as `null` when absent, as HubSpot does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(typeId, forKey: .typeId)
        if let label { try container.encode(label, forKey: .label) } else { try container.encodeNil(forKey: .label) }
    }
}

/// One associated record in v4: `{"toObjectId": 2, "associationTypes": […]}`.
///
/// `toObjectId` is a JSON number on the wire although the published schema says string; both decode.
public struct AssociationTarget: Sendable, Hashable, Codable {
    /// The associated record's id.
    public var toObjectId: Int64
    /// The types of the association.
    public var associationTypes: [AssociationType]
    /// Creates a target.
    public init(toObjectId: Int64, associationTypes: [AssociationType]) {
        self.toObjectId = toObjectId
        self.associationTypes = associationTypes
    }

    private enum CodingKeys: String, CodingKey { case toObjectId, associationTypes }

    /// Decodes `toObjectId` as a number or a decimal string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int64.self, forKey: .toObjectId) {
            toObjectId = number
        } else {
            let text = try container.decode(String.self, forKey: .toObjectId)
            guard let number = Int64(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .toObjectId, in: container, debugDescription: "not a record id: \(text)")
            }
            toObjectId = number
        }
        associationTypes = try container.decodeIfPresent([AssociationType].self, forKey: .associationTypes) ?? []
    }
}

/// `GET /crm/v4/objects/{from}/{id}/associations/{to}`: one page of a record's associations.
public struct AssociationPage: Sendable, Hashable, Codable {
    /// The associated records.
    public var results: [AssociationTarget]
    /// Present unless this is the last page.
    public var paging: Paging?
    /// Creates a page.
    public init(results: [AssociationTarget], paging: Paging? = nil) {
        self.results = results
        self.paging = paging
    }
}

/// One input of a v4 batch read: `{"id", "after"?}`.
public struct AssociationReadInput: Sendable, Hashable, Codable {
    /// The source record id.
    public var id: String
    /// The cursor of that record's next page of associations.
    public var after: String?
    /// Creates an input.
    public init(id: String, after: String? = nil) {
        self.id = id
        self.after = after
    }

    private enum CodingKeys: String, CodingKey { case id, after }

    /// Decodes `id` as a string or a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(WireString.self, forKey: .id).text
        after = try container.decodeIfPresent(String.self, forKey: .after)
    }
}

/// One result of a v4 batch read: `{"from": {"id"}, "to": [target], "paging"?}`.
public struct AssociationBatchResult: Sendable, Hashable, Codable {
    /// The source record.
    public var from: ObjectID
    /// Its associated records (one page).
    public var to: [AssociationTarget]
    /// The next page for this source, if any.
    public var paging: Paging?
    /// Creates a result.
    public init(from: ObjectID, to: [AssociationTarget], paging: Paging? = nil) {
        self.from = from
        self.to = to
        self.paging = paging
    }
}

/// One input of a v4 batch create: `{"from": {"id"}, "to": {"id"}, "types": [spec]}`.
public struct AssociationCreateInput: Sendable, Hashable, Codable {
    /// The source record.
    public var from: ObjectID
    /// The target record.
    public var to: ObjectID
    /// The types to add.
    public var types: [AssociationSpec]
    /// Creates an input.
    public init(from: ObjectID, to: ObjectID, types: [AssociationSpec]) {
        self.from = from
        self.to = to
        self.types = types
    }
}

/// One input of a v4 batch archive: `{"from": {"id"}, "to": [{"id"}]}`.
public struct AssociationArchiveInput: Sendable, Hashable, Codable {
    /// The source record.
    public var from: ObjectID
    /// The targets whose associations are removed.
    public var to: [ObjectID]
    /// Creates an input.
    public init(from: ObjectID, to: [ObjectID]) {
        self.from = from
        self.to = to
    }
}

/// One result of a v4 batch create.
public struct AssociationCreated: Sendable, Hashable, Codable {
    /// The source type id (`0-1`).
    public var fromObjectTypeId: String
    /// The source record id.
    public var fromObjectId: Int64
    /// The target type id.
    public var toObjectTypeId: String
    /// The target record id.
    public var toObjectId: Int64
    /// The labels now between the pair.
    public var labels: [String]
    /// Creates a result.
    public init(fromObjectTypeId: String, fromObjectId: Int64, toObjectTypeId: String, toObjectId: Int64, labels: [String]) {
        self.fromObjectTypeId = fromObjectTypeId
        self.fromObjectId = fromObjectId
        self.toObjectTypeId = toObjectTypeId
        self.toObjectId = toObjectId
        self.labels = labels
    }
}

/// `GET /crm/v4/associations/{from}/{to}/labels` results: `{"category", "typeId", "label"}`.
public struct AssociationLabels: Sendable, Hashable, Codable {
    /// The association types defined between the two object types.
    public var results: [AssociationType]
    /// Creates a list.
    public init(results: [AssociationType]) { self.results = results }
}
