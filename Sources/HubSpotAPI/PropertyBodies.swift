/// The body of `POST /crm/v3/properties/{objectType}`: a new property.
public struct PropertyCreate: Sendable, Hashable, Codable {
    /// The internal name (lower case, digits and `_`).
    public var name: String
    /// The label shown to people.
    public var label: String
    /// `string`, `number`, `date`, `datetime`, `enumeration`, `bool`, `phone_number`.
    public var type: String
    /// `text`, `number`, `date`, `select`, `checkbox`, `booleancheckbox`, `phonenumber`, …
    public var fieldType: String
    /// The property group.
    public var groupName: String
    /// Enumeration options.
    public var options: [PropertyOption]?
    /// A description.
    public var description: String?
    /// Whether values must be unique.
    public var hasUniqueValue: Bool?

    /// Creates a body.
    public init(name: String, label: String, type: String, fieldType: String, groupName: String,
                options: [PropertyOption]? = nil, description: String? = nil, hasUniqueValue: Bool? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.fieldType = fieldType
        self.groupName = groupName
        self.options = options
        self.description = description
        self.hasUniqueValue = hasUniqueValue
    }
}

/// The body of `PATCH /crm/v3/properties/{objectType}/{name}`: what changes (options replace the
/// whole list).
public struct PropertyUpdate: Sendable, Hashable, Codable {
    /// A new label.
    public var label: String?
    /// A new group.
    public var groupName: String?
    /// The new option list (replaces the old one).
    public var options: [PropertyOption]?
    /// A new description.
    public var description: String?

    /// Creates a body.
    public init(label: String? = nil, groupName: String? = nil, options: [PropertyOption]? = nil, description: String? = nil) {
        self.label = label
        self.groupName = groupName
        self.options = options
        self.description = description
    }
}
