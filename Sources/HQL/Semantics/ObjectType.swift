import HubSpotAPI

/// An object type of the portal (standard or custom) with its properties.
struct ObjectType: Sendable, Codable {
    /// The plural API name: `contacts`, `line_items`, or a custom object's name.
    var name: String
    var singular: String
    /// `0-1`, `2-1234567`.
    var typeId: String
    var isCustom: Bool
    /// Properties by lower-cased name.
    var properties: [String: Property]
    /// What search returns when `properties` is not named.
    var defaultSearchProperties: [String]

    /// The stamp that never changes: windows past 10,000 results split on it.
    var creationProperty: String { isCustom ? "hs_createdate" : "createdate" }

    func property(_ name: String) -> Property? {
        // Names are usually written as HubSpot spells them (lower case): skip lower-casing then.
        properties[name] ?? properties[name.lowercased()]
    }

    /// `id` (any case) names `hs_object_id`.
    static func isIDAlias(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == 2, let first = utf8.first, let last = utf8.last else { return false }
        return first | 0x20 == UInt8(ascii: "i") && last | 0x20 == UInt8(ascii: "d")
    }

    /// The standard objects HQL knows by name (the contract's table).
    static let standard: [(name: String, singular: String, typeId: String, defaults: [String])] = [
        ("contacts", "contact", "0-1", ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"]),
        ("companies", "company", "0-2", ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"]),
        ("deals", "deal", "0-3", ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
                                  "hs_lastmodifieddate", "hs_object_id"]),
        ("tickets", "ticket", "0-5", ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                                      "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"]),
        ("products", "product", "0-7", ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"]),
        ("line_items", "line_item", "0-8", ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"]),
    ]
}

/// The portal's schema: object types, properties, owners. Cached per session; built from the API
/// by ``SchemaLoader`` or from a snapshot.
struct Schema: Sendable {
    var objects: [ObjectType]
    var owners: [Owner]

    /// An object by plural name, singular, upper-case singular or type id (case-insensitive).
    func object(named name: String) -> ObjectType? {
        let lowered = name.lowercased()
        return objects.first {
            $0.name.lowercased() == lowered || $0.singular.lowercased() == lowered || $0.typeId == name
        }
    }

    /// Every object's name, for suggestions: the standard ones whether read yet or not (a
    /// statement reads only the objects it names), and the custom ones read.
    var objectNames: [String] {
        ObjectType.standard.map(\.name) + objects.filter(\.isCustom).map(\.name)
    }
}
