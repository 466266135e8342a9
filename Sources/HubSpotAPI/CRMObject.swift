/// A CRM record as v3 returns it: `{"id", "properties", "createdAt", "updatedAt", "archived"}`.
///
/// Every property value is a string; in search results a requested property without a value is
/// `null`, in GET and batch read it is left out.
public struct CRMObject: Sendable, Hashable, Codable {
    /// The record id, a decimal string (may exceed 2^31).
    public var id: String
    /// Property values by name.
    public var properties: [String: String?] {
        get { page?.properties ?? storedProperties }
        set {
            materialize()
            storedProperties = newValue
        }
        _modify {
            materialize()
            yield &storedProperties
        }
    }
    /// Creation instant, ISO-8601 UTC with milliseconds.
    public var createdAt: String {
        get { page?.createdAtText ?? storedCreatedAt }
        set {
            materialize()
            storedCreatedAt = newValue
        }
    }
    /// Last modification instant, ISO-8601 UTC with milliseconds.
    public var updatedAt: String {
        get { page?.updatedAtText ?? storedUpdatedAt }
        set {
            materialize()
            storedUpdatedAt = newValue
        }
    }
    /// Whether the record is archived.
    public var archived: Bool
    /// When the record was archived.
    public var archivedAt: String?
    /// v3 associations by target type (list and read with `associations=`).
    public var associations: [String: AssociationIDPage]?
    /// Whether a batch upsert created the record.
    public var new: Bool?
    /// Past values of the properties asked for with `propertiesWithHistory`, newest first.
    public var propertiesWithHistory: [String: [PropertyHistoryEntry]]?

    private var storedProperties: [String: String?]
    private var storedCreatedAt: String
    private var storedUpdatedAt: String
    /// A record read by the page scanner keeps its values as bytes of the page until one is
    /// asked for (see ``PageValues``); a change makes them ordinary stored values first.
    private(set) var page: PageRecord?

    /// Creates a record.
    public init(
        id: String, properties: [String: String?], createdAt: String, updatedAt: String, archived: Bool = false,
        archivedAt: String? = nil, associations: [String: AssociationIDPage]? = nil, new: Bool? = nil
    ) {
        self.id = id
        self.storedProperties = properties
        self.storedCreatedAt = createdAt
        self.storedUpdatedAt = updatedAt
        self.archived = archived
        self.archivedAt = archivedAt
        self.associations = associations
        self.new = new
    }

    /// A record whose values stay in the page's bytes.
    init(id: String, page: PageRecord, archived: Bool, archivedAt: String?, new: Bool?) {
        self.init(id: id, properties: [:], createdAt: "", updatedAt: "", archived: archived, archivedAt: archivedAt, new: new)
        self.page = page
    }

    /// The value of property `name`: nil when the record has no such property or it is `null`.
    /// Reading one value this way does not build the whole ``properties`` dictionary.
    public func value(of name: String) -> String? {
        if let page { return page.value(of: name) ?? nil }
        return storedProperties[name] ?? nil
    }

    /// `createdAt` in epoch milliseconds, read from the page's bytes with no string made, when
    /// the record came from a page and the instant is in HubSpot's form; nil otherwise.
    package var pageCreatedAtMilliseconds: Int64? { page?.createdAtMilliseconds }

    private mutating func materialize() {
        guard let page else { return }
        storedProperties = page.properties
        storedCreatedAt = page.createdAtText
        storedUpdatedAt = page.updatedAtText
        self.page = nil
    }

    /// Equal when they hold the same values, whichever form (page bytes or stored) each keeps.
    public static func == (lhs: CRMObject, rhs: CRMObject) -> Bool {
        lhs.id == rhs.id && lhs.archived == rhs.archived && lhs.archivedAt == rhs.archivedAt && lhs.new == rhs.new
            && lhs.createdAt == rhs.createdAt && lhs.updatedAt == rhs.updatedAt && lhs.properties == rhs.properties
            && lhs.associations == rhs.associations && lhs.propertiesWithHistory == rhs.propertiesWithHistory
    }

    /// Hashes the values, as ``==`` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(properties)
        hasher.combine(createdAt)
        hasher.combine(updatedAt)
        hasher.combine(archived)
        hasher.combine(archivedAt)
        hasher.combine(associations)
        hasher.combine(new)
        hasher.combine(propertiesWithHistory)
    }
}

extension CRMObject {
    private enum CodingKeys: String, CodingKey {
        case id, properties, createdAt, updatedAt, archived, archivedAt, associations, new, propertiesWithHistory
    }

    /// A property name as a coding key.
    private struct PropertyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes `properties` key by key: the generic `[String: String?]` path costs most of a
    /// page's decoding (Optional metadata per value), and a client reads hundreds of thousands.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(WireString.self, forKey: .id).text
        let values = try container.nestedContainer(keyedBy: PropertyKey.self, forKey: .properties)
        var properties: [String: String?] = Dictionary(minimumCapacity: values.allKeys.count)
        for key in values.allKeys {
            properties[key.stringValue] = try values.decodeNil(forKey: key) ? .some(nil) : try values.decode(String.self, forKey: key)
        }
        storedProperties = properties
        storedCreatedAt = try container.decodeIfPresent(String.self, forKey: .createdAt) ?? ""
        storedUpdatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt) ?? ""
        archived = try container.decodeIfPresent(Bool.self, forKey: .archived) ?? false
        archivedAt = try container.decodeIfPresent(String.self, forKey: .archivedAt)
        associations = try container.decodeIfPresent([String: AssociationIDPage].self, forKey: .associations)
        new = try container.decodeIfPresent(Bool.self, forKey: .new)
        propertiesWithHistory = try container.decodeIfPresent([String: [PropertyHistoryEntry]].self, forKey: .propertiesWithHistory)
    }

    /// Encodes the v3 form (absent optionals left out, `null` property values kept).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(properties, forKey: .properties)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(archived, forKey: .archived)
        try container.encodeIfPresent(archivedAt, forKey: .archivedAt)
        try container.encodeIfPresent(associations, forKey: .associations)
        try container.encodeIfPresent(new, forKey: .new)
        try container.encodeIfPresent(propertiesWithHistory, forKey: .propertiesWithHistory)
    }
}

/// One past value of a property (`propertiesWithHistory`).
public struct PropertyHistoryEntry: Sendable, Hashable, Codable {
    /// The value then.
    public var value: String
    /// When it was set, ISO-8601 UTC with milliseconds.
    public var timestamp: String
    /// What set it: `CRM_UI`, `IMPORT`, `API`, `CALCULATED`, …
    public var sourceType: String
    /// Who or what set it (`userId:123`), when known.
    public var sourceId: String?
    /// The user who set it, when a user did.
    public var updatedByUserId: Int64?
    /// Creates an entry.
    public init(value: String, timestamp: String, sourceType: String, sourceId: String? = nil, updatedByUserId: Int64? = nil) {
        self.value = value
        self.timestamp = timestamp
        self.sourceType = sourceType
        self.sourceId = sourceId
        self.updatedByUserId = updatedByUserId
    }
}

/// The v3 form of a record's associations to one type.
public struct AssociationIDPage: Sendable, Hashable, Codable {
    /// The associated ids with their v3 type names.
    public var results: [AssociatedID]
    /// The next page, if any.
    public var paging: Paging?
    /// Creates a page.
    public init(results: [AssociatedID], paging: Paging? = nil) {
        self.results = results
        self.paging = paging
    }
}

/// One v3 association: `{"id": "123", "type": "contact_to_company"}`.
public struct AssociatedID: Sendable, Hashable, Codable {
    /// The associated record's id.
    public var id: String
    /// The v3 association type name.
    public var type: String
    /// Creates an entry.
    public init(id: String, type: String) {
        self.id = id
        self.type = type
    }
}

/// A page of records: search (`total` set) and list (`total` absent).
public struct ObjectPage: Sendable, Hashable, Codable {
    /// The number of matches (search only), also above the 10,000 ceiling.
    public var total: Int?
    /// The records of this page.
    public var results: [CRMObject]
    /// Present unless this is the last page.
    public var paging: Paging?
    /// Creates a page.
    public init(total: Int? = nil, results: [CRMObject], paging: Paging? = nil) {
        self.total = total
        self.results = results
        self.paging = paging
    }
}

/// Paging of a collection response.
public struct Paging: Sendable, Hashable, Codable {
    /// The next page.
    public var next: NextPage?
    /// Creates paging.
    public init(next: NextPage?) { self.next = next }
    /// Paging that points at `after`.
    public init(after: String) { self.next = NextPage(after: after) }
}

/// The cursor of the next page.
public struct NextPage: Sendable, Hashable, Codable {
    /// The cursor (an offset for search, opaque for list).
    public var after: String
    /// A link to the next page (list endpoints).
    public var link: String?
    /// Creates a cursor.
    public init(after: String, link: String? = nil) {
        self.after = after
        self.link = link
    }
}
