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

    /// The stamp that never changes: windows past 10,000 results split on it (`createdate` for
    /// contacts, companies, deals, tickets, products and line items; `hs_createdate` for the rest).
    var creationProperty: String {
        if isCustom { return "hs_createdate" }
        return Self.standard.first { $0.name == name }?.created ?? "createdate"
    }

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

    /// The standard objects HQL knows by name (the contract's table, then the activities and
    /// the other objects HubSpot serves through the same endpoints).
    static let standard: [(name: String, singular: String, typeId: String, defaults: [String], created: String)] = [
        ("contacts", "contact", "0-1", ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"],
         "createdate"),
        ("companies", "company", "0-2", ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"], "createdate"),
        ("deals", "deal", "0-3", ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
                                  "hs_lastmodifieddate", "hs_object_id"], "createdate"),
        ("tickets", "ticket", "0-5", ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                                      "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"],
         "createdate"),
        ("products", "product", "0-7", ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
         "createdate"),
        ("line_items", "line_item", "0-8", ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
         "createdate"),
        ("quotes", "quote", "0-14", ["hs_expiration_date", "hs_public_url_key", "hs_status", "hs_title", "hs_createdate",
                                     "hs_lastmodifieddate", "hs_object_id"], "hs_createdate"),
        ("calls", "call", "0-48", engagementDefaults, "hs_createdate"),
        ("emails", "email", "0-49", engagementDefaults, "hs_createdate"),
        ("meetings", "meeting", "0-47", engagementDefaults, "hs_createdate"),
        ("notes", "note", "0-46", engagementDefaults, "hs_createdate"),
        ("tasks", "task", "0-27", engagementDefaults, "hs_createdate"),
        ("communications", "communication", "0-18", engagementDefaults, "hs_createdate"),
        ("postal_mail", "postal_mail", "0-116", engagementDefaults, "hs_createdate"),
        ("leads", "lead", "0-136", ["hs_lead_name"] + engagementDefaults, "hs_createdate"),
        ("goal_targets", "goal_target", "0-74", engagementDefaults, "hs_createdate"),
        ("feedback_submissions", "feedback_submission", "0-19", engagementDefaults, "hs_createdate"),
    ]

    private static let engagementDefaults = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]

    /// Standard objects whose names are also common property names (`email`, `note`, `call`…):
    /// a statement names one of them only where an object is expected (``SchemaNeeds``), and
    /// the first six count wherever they appear, as before the list grew.
    static let objectsNamedOnlyInPlace: Set<String> = Set(standard.dropFirst(6).map(\.name))
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
