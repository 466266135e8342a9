/// `{"id": "…"}`: a record reference in batch inputs and v4 association bodies.
public struct ObjectID: Sendable, Hashable, Codable {
    /// The id (or the `idProperty` value in batch read).
    public var id: String
    /// Creates a reference.
    public init(id: String) { self.id = id }

    private enum CodingKeys: String, CodingKey { case id }

    /// Decodes `id` as a string or a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(WireString.self, forKey: .id).text
    }
}

/// The body of `POST …/batch/read`.
public struct BatchReadRequest: Sendable, Hashable, Codable {
    /// The records to read (≤ 100).
    public var inputs: [ObjectID]
    /// Properties to return.
    public var properties: [String]?
    /// A unique property the input ids are values of (`email`), instead of record ids.
    public var idProperty: String?
    /// Properties to return with their past values.
    public var propertiesWithHistory: [String]?
    /// Creates a body.
    public init(inputs: [ObjectID], properties: [String]? = nil, idProperty: String? = nil,
                propertiesWithHistory: [String]? = nil) {
        self.inputs = inputs
        self.properties = properties
        self.idProperty = idProperty
        self.propertiesWithHistory = propertiesWithHistory
    }
}

/// `{"inputs": […]}`, the body of the other batch calls.
public struct BatchInput<Input: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The inputs.
    public var inputs: [Input]
    /// Creates a body.
    public init(inputs: [Input]) { self.inputs = inputs }
}

/// The body of a create (`POST /crm/v3/objects/{type}`) and one batch-create input.
public struct ObjectCreateInput: Sendable, Hashable, Codable {
    /// Property values; `null`, numbers and booleans are read as wire strings.
    public var properties: [String: String]
    /// Associations to make with the new record.
    public var associations: [AssociationInput]?
    /// Creates an input.
    public init(properties: [String: String], associations: [AssociationInput]? = nil) {
        self.properties = properties
        self.associations = associations
    }

    private enum CodingKeys: String, CodingKey { case properties, associations }

    /// Decodes leniently (see ``WireString``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        properties = try container.decodeIfPresent([String: WireString].self, forKey: .properties)?
            .mapValues(\.text) ?? [:]
        associations = try container.decodeIfPresent([AssociationInput].self, forKey: .associations)
    }
}

/// The body of an update and one batch update / upsert input.
public struct ObjectUpdateInput: Sendable, Hashable, Codable {
    /// The record id, or the value of `idProperty`.
    public var id: String
    /// A unique property `id` is a value of.
    public var idProperty: String?
    /// Values to set; `""` clears a value.
    public var properties: [String: String]
    /// Creates an input.
    public init(id: String, idProperty: String? = nil, properties: [String: String]) {
        self.id = id
        self.idProperty = idProperty
        self.properties = properties
    }

    private enum CodingKeys: String, CodingKey { case id, idProperty, properties }

    /// Decodes leniently (see ``WireString``); a single PATCH body has no `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(WireString.self, forKey: .id)?.text ?? ""
        idProperty = try container.decodeIfPresent(String.self, forKey: .idProperty)
        properties = try container.decodeIfPresent([String: WireString].self, forKey: .properties)?
            .mapValues(\.text) ?? [:]
    }
}

/// A batch response: `{"status": "COMPLETE", "results", "startedAt", "completedAt"}`, plus
/// `errors` and `numErrors` on a 207.
public struct BatchResponse<Result: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// `COMPLETE` (or `PENDING` / `PROCESSING` / `CANCELED` on HubSpot).
    public var status: String
    /// The results.
    public var results: [Result]
    /// When the batch started (ISO-8601).
    public var startedAt: String
    /// When the batch completed (ISO-8601).
    public var completedAt: String
    /// The number of failed inputs (207 only).
    public var numErrors: Int?
    /// The failures (207 only).
    public var errors: [BatchError]?

    /// Creates a response.
    public init(
        status: String = "COMPLETE", results: [Result], startedAt: String, completedAt: String,
        numErrors: Int? = nil, errors: [BatchError]? = nil
    ) {
        self.status = status
        self.results = results
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.numErrors = numErrors
        self.errors = errors
    }
}

/// One failure inside a 207 batch response.
public struct BatchError: Sendable, Hashable, Codable {
    /// Always `error`.
    public var status: String
    /// The category (`OBJECT_NOT_FOUND`, …).
    public var category: String
    /// What went wrong.
    public var message: String
    /// Details, such as `{"ids": ["7"]}`.
    public var context: [String: [String]]
    /// A finer category.
    public var subCategory: String?
    /// Related links.
    public var links: [String: String]
    /// Per-field details.
    public var errors: [ErrorDetail]

    /// Creates a failure.
    public init(
        category: String, message: String, context: [String: [String]] = [:], subCategory: String? = nil,
        status: String = "error", links: [String: String] = [:], errors: [ErrorDetail] = []
    ) {
        self.status = status
        self.category = category
        self.message = message
        self.context = context
        self.subCategory = subCategory
        self.links = links
        self.errors = errors
    }
}
