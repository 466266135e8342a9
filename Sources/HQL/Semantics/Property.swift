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
    /// HubSpot's property group (`contactinformation`, `deal_activity` …): DESCRIBE groups by it.
    var group: String = ""
    /// HubSpot computes the value (read-only, often a rollup or a formula).
    var calculated: Bool = false
}
