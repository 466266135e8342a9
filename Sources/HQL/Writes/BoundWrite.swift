import Foundation
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

/// What one SET assignment writes into a selected record: a literal or parameter bound once
/// (``constant``), or an expression of the record's own values (`SET amount = amount * 1.1`,
/// `SET lifecyclestage = CASE … END`) computed per record from the values the selection read —
/// before the first write, so a value that does not fit stops the statement with nothing sent.
enum ValueProducer: Sendable, Hashable {
    /// A wire value (`""` clears the property, as HubSpot does).
    case constant(String)
    case computed(ComputedValue)

    /// The value to write into a record whose current wire values are `current`; `evaluator`
    /// (from ``makeEvaluator()``, once a statement) computes an expression.
    func value(for current: [String: String?], using evaluator: ScalarEvaluator? = nil) throws -> String {
        switch self {
        case .constant(let text): text
        case .computed(let computed): try computed.wire(for: current, using: evaluator ?? computed.makeEvaluator())
        }
    }

    /// What computes it, made once for every record of a statement (nil for a constant).
    func makeEvaluator() -> ScalarEvaluator? {
        guard case .computed(let computed) = self else { return nil }
        return computed.makeEvaluator()
    }

    /// How EXPLAIN and the dry run name it.
    var written: String {
        switch self {
        case .constant(let text): text.isEmpty ? "NULL" : "'\(text)'"
        case .computed(let computed): computed.text
        }
    }

    /// The properties it reads of each selected record.
    var reads: [String] {
        guard case .computed(let computed) = self else { return [] }
        var names: [String] = []
        computed.expression.visitProperties { if !names.contains($0) { names.append($0) } }
        return names
    }
}

/// A SET expression, with what turning its value into the property's wire form needs.
struct ComputedValue: Sendable, Hashable {
    var expression: ScalarExpr
    var property: Property
    var timeZone: TimeZone
    /// The expression as written.
    var text: String

    struct Unfit: Error, CustomStringConvertible {
        var description: String
    }

    /// The evaluator of the expression (its calendar is costly: make it once a statement).
    func makeEvaluator() -> ScalarEvaluator { ScalarEvaluator(timeZone: timeZone, now: 0) }

    /// The wire value for a record, or ``Unfit`` naming why it cannot be written.
    func wire(for current: [String: String?], using evaluator: ScalarEvaluator) throws -> String {
        let value = evaluator.evaluate(expression, CurrentValues(values: current))
        func unfit(_ why: String) -> Unfit {
            Unfit(description: "SET \(property.name) = \(text) gives \(value) for record \(current["hs_object_id"].flatMap { $0 } ?? "?"): \(why)")
        }
        if value.isNull { return "" }
        switch property.type {
        case .number:
            if case .number(let number) = value, number.isFinite { return Value.format(number) }
            if let number = value.text.flatMap(Double.init), number.isFinite { return Value.format(number) }
            throw unfit("not a number")
        case .bool:
            guard case .bool(let flag) = evaluator.cast(value, to: .bool) else { throw unfit("not TRUE or FALSE") }
            return flag ? "true" : "false"
        case .datetime:
            guard case .datetime(let instant) = evaluator.cast(value, to: .datetime) else { throw unfit("not a date or timestamp") }
            return String(instant)
        case .date:
            guard case .date(let day) = evaluator.cast(value, to: .date), let midnight = TimeResolver.midnightUTC(day) else {
                throw unfit("not a date")
            }
            return String(midnight)
        case .string, .phoneNumber:
            return value.text ?? ""
        case .enumeration:
            let text = value.text ?? ""
            guard !property.options.isEmpty else { return text }
            var parts: [String] = []
            for part in text.split(separator: ";", omittingEmptySubsequences: false).map(String.init) {
                if let option = property.options.first(where: { $0.value == part })
                    ?? property.options.first(where: { $0.label.lowercased() == part.lowercased() || $0.value.lowercased() == part.lowercased() }) {
                    parts.append(option.value)
                } else {
                    throw unfit("'\(part)' is not an option of \(property.name)")
                }
            }
            return parts.joined(separator: ";")
        }
    }
}

/// A selected record's wire values, as a computed SET reads them.
struct CurrentValues: ScalarRow {
    let values: [String: String?]
    func value(of property: String) -> String? {
        guard let value = values[property] ?? nil, !value.isEmpty else { return nil }
        return value
    }
}

struct BoundAssignment: Sendable {
    var property: Property
    var value: ValueProducer
}

struct BoundUpdate: Sendable {
    var object: ObjectType
    var assignments: [BoundAssignment]
    /// What the selection reads of each record: its id, the SET properties (old values) and
    /// what their expressions read.
    var reads: [String] {
        var names = ["hs_object_id"] + assignments.map(\.property.name)
        for assignment in assignments { for name in assignment.value.reads where !names.contains(name) { names.append(name) } }
        return names
    }
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
