import HubSpotAPI

/// One property of an object type.
struct Property: Sendable, Hashable, Codable {
    struct Option: Sendable, Hashable, Codable {
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
