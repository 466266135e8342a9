import HubSpotAPI

/// A write statement bound against the schema: every property resolved and writable, every value
/// coerced to the wire string HubSpot stores. Nothing in it has been sent.
struct BoundWrite: Sendable {
    enum Kind: Sendable {
        /// INSERT (`upsertKey` nil) or UPSERT: rows known before anything is sent.
        case insert(BoundInsert)
        /// UPDATE: a selection (the WHERE as a read query), then a batch update per 100 records.
        case update(BoundUpdate)
        /// DELETE: a selection, then a batch archive per 100 records.
        case delete(BoundDelete)
        /// ASSOCIATE / DISSOCIATE of one pair.
        case associate(BoundAssociate)
    }

    var kind: Kind
    /// The statement as written, for the journal and the report.
    var text: String

    var object: ObjectType {
        switch kind {
        case .insert(let insert): insert.object
        case .update(let update): update.object
        case .delete(let delete): delete.object
        case .associate(let associate): associate.from
        }
    }

    var verb: String {
        switch kind {
        case .insert(let insert): insert.upsertKey == nil ? "INSERT" : "UPSERT"
        case .update: "UPDATE"
        case .delete(let delete): delete.purge ? "PURGE" : "DELETE"
        case .associate(let associate): associate.dissociate ? "DISSOCIATE" : "ASSOCIATE"
        }
    }
}

/// One row of INSERT / UPSERT: wire values by property name, and associations to make.
struct BoundRow: Sendable, Hashable {
    /// 1-based, as the statement lists them (reports name it).
    var number: Int
    var properties: [String: String]
    var associations: [AssociationInput] = []
}

struct BoundInsert: Sendable {
    var object: ObjectType
    var rows: [BoundRow]
    /// UPSERT's unique property.
    var upsertKey: String?
    /// A unique property every row carries: what a lost answer is resolved by (nil: none).
    var readBackKey: String?
    var returning: Bool
    var columns: [InsertColumn] = []
    /// INSERT … SELECT: the rows come from this query, checked before anything is written.
    var selection: SelectStatement?
}

/// One column of INSERT: a property, or an associated object whose record ids the values are.
struct InsertColumn: Sendable {
    enum Kind: Sendable {
        case property(Property)
        case association(ObjectType, Int)
        case invalid
    }
    var name: Identifier
    var kind: Kind
}

/// What one SET assignment writes into a selected record.
///
/// Today the right-hand side is a literal or a parameter, bound once (``constant``). The
/// expressions issue (#12) adds a bound scalar expression evaluated per record against the
/// selection's current values — which the selection already fetches (the dry run and the undo
/// journal need them) — so only ``value(for:)`` changes.
enum ValueProducer: Sendable, Hashable {
    /// A wire value (`""` clears the property, as HubSpot does).
    case constant(String)

    /// The value to write into a record whose current wire values are `current`.
    func value(for current: [String: String?]) -> String {
        switch self {
        case .constant(let text): text
        }
    }
}

struct BoundAssignment: Sendable {
    var property: Property
    var value: ValueProducer
}

struct BoundUpdate: Sendable {
    var object: ObjectType
    var assignments: [BoundAssignment]
    /// The WHERE as a SELECT of `hs_object_id` and the SET properties (their current values).
    var selection: SelectStatement
    var hasWhere: Bool
    var returning: Bool
}

struct BoundDelete: Sendable {
    var object: ObjectType
    /// The WHERE as a SELECT of `hs_object_id` and every writable property (what undo re-creates).
    var selection: SelectStatement
    var hasWhere: Bool
    /// A GDPR purge: one `gdpr-delete` a record, permanent; nothing of the records is journalled.
    var purge = false
}

struct BoundAssociate: Sendable {
    var from: ObjectType
    /// The record id; empty when ``fromSelection`` chooses the records.
    var fromId: String
    var to: ObjectType
    var toId: String
    /// A side given by a query: `SELECT hs_object_id[, match property] FROM … WHERE …`.
    var fromSelection: SelectStatement?
    var toSelection: SelectStatement?
    /// `ON a = b`: the properties whose equal values pair the two sides' records.
    var match: (from: String, to: String)?
    /// Nil: the default (unlabelled) type, looked up in ``AssociationDefaults`` or read from
    /// HubSpot's labels before anything is written.
    var typeId: Int?
    var label: String?
    var dissociate: Bool
    /// Whether the statement named a label or type (DISSOCIATE then removes only that one;
    /// without, every type between the pair).
    var explicitType = false

    var isBulk: Bool { fromSelection != nil || toSelection != nil }
}

/// HubSpot's default (unlabelled) association type ids between standard objects (the contract).
enum AssociationDefaults {
    static let typeIds: [String: Int] = [
        "0-1>0-2": 279, "0-2>0-1": 280, "0-3>0-1": 3, "0-1>0-3": 4, "0-3>0-2": 341, "0-2>0-3": 342,
        "0-5>0-1": 16, "0-1>0-5": 15, "0-5>0-2": 339, "0-2>0-5": 340, "0-3>0-5": 27, "0-5>0-3": 28,
        "0-3>0-8": 19, "0-8>0-3": 20,
    ]

    static func typeId(from: ObjectType, to: ObjectType) -> Int? { typeIds["\(from.typeId)>\(to.typeId)"] }
}

/// HubSpot's required properties on create (the contract): checked before anything is sent.
enum RequiredProperties {
    static let onCreate: [String: [String]] = [
        "deals": ["dealname", "dealstage", "pipeline"], "tickets": ["subject", "hs_pipeline", "hs_pipeline_stage"],
    ]
}
