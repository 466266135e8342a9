/// HubSpot's property types: how values are stored, compared and validated (the sandbox), and
/// how literals coerce and which operators apply (the binder and planner). One definition for both.
public enum PropertyType: String, Sendable, Hashable, Codable {
    case string, number, date, datetime, enumeration, bool
    case phoneNumber = "phone_number"

    /// HubSpot's `type` string; unknown ones (e.g. `object_coordinates`) read as strings.
    public init(wire: String) {
        self = PropertyType(rawValue: wire) ?? .string
    }

    /// Dates and datetimes.
    public var isTemporal: Bool { self == .date || self == .datetime }
    /// Compared as text, case-insensitively, with lower-case `IN` values.
    public var isTextual: Bool { self == .string || self == .phoneNumber }
    /// Compared as numbers (dates and datetimes as epoch milliseconds).
    public var isOrdered: Bool { self == .number || self == .date || self == .datetime }
}
