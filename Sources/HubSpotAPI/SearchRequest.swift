/// The body of `POST /crm/v3/objects/{type}/search`.
///
/// Decoding also accepts what older clients still send: a top-level `filters` array (one more
/// group), a numeric `after`, and sorts written as strings (`"createdate"`, `"-createdate"`).
public struct SearchRequest: Sendable, Hashable, Codable {
    /// OR-ed groups of AND-ed filters.
    public var filterGroups: [FilterGroup]
    /// At most one sort rule on HubSpot.
    public var sorts: [Sort]
    /// Free text matched against the object's default text properties.
    public var query: String?
    /// Properties to return; `nil` returns the object's default set.
    public var properties: [String]?
    /// Page size (HubSpot's default is 10).
    public var limit: Int?
    /// Offset of the page, as a decimal string.
    public var after: String?

    /// Creates a search body.
    public init(
        filterGroups: [FilterGroup] = [], sorts: [Sort] = [], query: String? = nil, properties: [String]? = nil,
        limit: Int? = nil, after: String? = nil
    ) {
        self.filterGroups = filterGroups
        self.sorts = sorts
        self.query = query
        self.properties = properties
        self.limit = limit
        self.after = after
    }

    private enum CodingKeys: String, CodingKey {
        case filterGroups, filters, sorts, query, properties, limit, after
    }

    /// Decodes a body, accepting the legacy forms described on the type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        filterGroups = try container.decodeIfPresent([FilterGroup].self, forKey: .filterGroups) ?? []
        if let legacy = try container.decodeIfPresent([Filter].self, forKey: .filters), !legacy.isEmpty {
            filterGroups.append(FilterGroup(filters: legacy))
        }
        sorts = try container.decodeIfPresent([Sort].self, forKey: .sorts) ?? []
        query = try container.decodeIfPresent(String.self, forKey: .query)
        properties = try container.decodeIfPresent([String].self, forKey: .properties)
        limit = try container.decodeIfPresent(Int.self, forKey: .limit)
        if let text = try? container.decodeIfPresent(String.self, forKey: .after) {
            after = text
        } else if let number = try container.decodeIfPresent(Int64.self, forKey: .after) {
            after = String(number)
        } else {
            after = nil
        }
    }

    /// Encodes the current form (`filterGroups`, string `after`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(filterGroups, forKey: .filterGroups)
        try container.encode(sorts, forKey: .sorts)
        try container.encodeIfPresent(query, forKey: .query)
        try container.encodeIfPresent(properties, forKey: .properties)
        try container.encodeIfPresent(limit, forKey: .limit)
        try container.encodeIfPresent(after, forKey: .after)
    }
}

/// Filters that must all hold (AND).
public struct FilterGroup: Sendable, Hashable, Codable {
    /// The filters of the group.
    public var filters: [Filter]
    /// Creates a group.
    public init(filters: [Filter]) { self.filters = filters }
}

/// One search filter.
public struct Filter: Sendable, Hashable, Codable {
    /// The property, or the pseudo-property `associations.{type}`.
    public var propertyName: String
    /// The comparison.
    public var `operator`: FilterOperator
    /// The value (the low bound for `BETWEEN`).
    public var value: String?
    /// The high bound for `BETWEEN`.
    public var highValue: String?
    /// The values of `IN` / `NOT_IN`.
    public var values: [String]?

    /// Creates a filter.
    public init(
        propertyName: String, operator: FilterOperator, value: String? = nil, highValue: String? = nil,
        values: [String]? = nil
    ) {
        self.propertyName = propertyName
        self.operator = `operator`
        self.value = value
        self.highValue = highValue
        self.values = values
    }

    private enum CodingKeys: String, CodingKey { case propertyName, `operator`, value, highValue, values }

    /// Decodes a filter; numbers and booleans are accepted where strings are expected.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        propertyName = try container.decode(String.self, forKey: .propertyName)
        `operator` = try container.decode(FilterOperator.self, forKey: .operator)
        value = try container.decodeIfPresent(WireString.self, forKey: .value)?.text
        highValue = try container.decodeIfPresent(WireString.self, forKey: .highValue)?.text
        values = try container.decodeIfPresent([WireString].self, forKey: .values)?.map(\.text)
    }
}

/// A search operator.
public enum FilterOperator: String, Sendable, Hashable, Codable, CaseIterable {
    /// Equal.
    case eq = "EQ"
    /// Not equal.
    case neq = "NEQ"
    /// Less than.
    case lt = "LT"
    /// Less than or equal.
    case lte = "LTE"
    /// Greater than.
    case gt = "GT"
    /// Greater than or equal.
    case gte = "GTE"
    /// Between `value` and `highValue`, both inclusive.
    case between = "BETWEEN"
    /// One of `values`.
    case `in` = "IN"
    /// None of `values`.
    case notIn = "NOT_IN"
    /// Has a value.
    case hasProperty = "HAS_PROPERTY"
    /// Has no value.
    case notHasProperty = "NOT_HAS_PROPERTY"
    /// A token of the value matches (`*` is a wildcard).
    case containsToken = "CONTAINS_TOKEN"
    /// No token of the value matches.
    case notContainsToken = "NOT_CONTAINS_TOKEN"
}

/// A sort rule.
public struct Sort: Sendable, Hashable, Codable {
    /// The property to sort on.
    public var propertyName: String
    /// The direction.
    public var direction: SortDirection

    /// Creates a sort rule.
    public init(propertyName: String, direction: SortDirection = .ascending) {
        self.propertyName = propertyName
        self.direction = direction
    }

    private enum CodingKeys: String, CodingKey { case propertyName, direction }

    /// Decodes `{propertyName, direction}` or a string (`"-name"` is descending).
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            if text.hasPrefix("-") {
                self.init(propertyName: String(text.dropFirst()), direction: .descending)
            } else {
                self.init(propertyName: text, direction: .ascending)
            }
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            propertyName: try container.decode(String.self, forKey: .propertyName),
            direction: try container.decodeIfPresent(SortDirection.self, forKey: .direction) ?? .ascending)
    }

    /// Encodes the object form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(propertyName, forKey: .propertyName)
        try container.encode(direction, forKey: .direction)
    }
}

/// A sort direction.
public enum SortDirection: String, Sendable, Hashable, Codable {
    /// Smallest first.
    case ascending = "ASCENDING"
    /// Largest first.
    case descending = "DESCENDING"
}

/// A JSON scalar read as HubSpot's wire string: strings as they are, numbers and booleans as text,
/// `null` as the empty string (which clears a value on writes).
public struct WireString: Sendable, Hashable, Codable {
    /// The text.
    public var text: String
    /// Wraps a string.
    public init(_ text: String) { self.text = text }

    /// Decodes a string, number, boolean or null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = ""
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a scalar value")
        }
    }

    /// Encodes the string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
