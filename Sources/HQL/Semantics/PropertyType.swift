/// HubSpot's property types, as the binder coerces literals and the planner picks operators.
enum PropertyType: String, Sendable, Hashable {
    case string, number, date, datetime, enumeration, bool
    case phoneNumber = "phone_number"

    /// HubSpot's `type` string; unknown ones (e.g. `object_coordinates`) read as strings.
    init(wire: String) {
        self = PropertyType(rawValue: wire) ?? .string
    }

    var isTemporal: Bool { self == .date || self == .datetime }
    var isTextual: Bool { self == .string || self == .phoneNumber }
}

/// One property of an object type.
struct Property: Sendable, Hashable {
    struct Option: Sendable, Hashable {
        var label: String
        var value: String
    }

    var name: String
    var label: String
    var type: PropertyType
    var options: [Option]
    var readOnly: Bool
    var unique: Bool
}
