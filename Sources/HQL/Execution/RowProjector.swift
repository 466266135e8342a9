import HubSpotAPI

/// Turns records' wire strings into typed values, by the schema's property types.
struct RowProjector: Sendable {
    let object: ObjectType
    /// Types by the exact (bound) property name: looked up for every cell, so no lower-casing.
    private let types: [String: PropertyType]

    init(object: ObjectType) {
        self.object = object
        var types: [String: PropertyType] = [:]
        for property in object.properties.values { types[property.name] = property.type }
        self.types = types
    }

    /// The raw wire value of `property` (`hs_object_id` falls back to the record id).
    static func raw(_ record: CRMObject, _ property: String) -> String? {
        if let value = record.value(of: property), !value.isEmpty { return value }
        if property == "archivedAt" { return record.archivedAt }
        return property == "hs_object_id" ? record.id : nil
    }

    /// A wire value typed by `property`'s type.
    func value(_ raw: String?, property name: String) -> Value {
        value(raw, type: type(of: name))
    }

    /// The schema type of a property (text when unknown).
    func type(of name: String) -> PropertyType {
        types[name] ?? object.property(name)?.type ?? .string
    }

    /// A wire value typed as `type`.
    func value(_ raw: String?, type: PropertyType) -> Value {
        Self.typed(raw, type)
    }

    /// A wire value typed as `type`: the one place a page's strings become values.
    static func typed(_ raw: String?, _ type: PropertyType) -> Value {
        guard let raw, !raw.isEmpty else { return .null }
        switch type {
        case .number:
            return Double(raw).map(Value.number) ?? .string(raw)
        case .bool:
            return .bool(raw.lowercased() == "true")
        case .datetime:
            if let milliseconds = Int64(raw) { return .datetime(milliseconds) }
            return ISO8601Milliseconds.parse(raw).map(Value.datetime) ?? .string(raw)
        case .date:
            if raw.utf8.count > 10, ISO8601Milliseconds.parse(raw) != nil { return .date(String(raw.prefix(10))) }
            if let milliseconds = Int64(raw) { return .date(EpochTime.day(milliseconds)) }
            return .date(raw)
        case .string, .enumeration, .phoneNumber:
            return .string(raw)
        }
    }

    /// `LABEL(p)`: the option label of each value (multi-select values joined with `;`).
    func label(_ raw: String?, property name: String) -> Value {
        guard let raw, !raw.isEmpty else { return .null }
        let options = object.property(name)?.options ?? []
        let parts = raw.split(separator: ";", omittingEmptySubsequences: false).map { part in
            options.first { $0.value == part }?.label ?? String(part)
        }
        return .string(parts.joined(separator: ";"))
    }

    /// One column of a record (not an aggregate).
    func column(_ source: BoundColumn.Source, _ record: CRMObject) -> Value {
        switch source {
        case .property(let name): value(Self.raw(record, name), property: name)
        case .label(let name): label(Self.raw(record, name), property: name)
        case .countAll, .aggregate, .associated, .computed, .history: .null
        }
    }
}

extension Value {
    /// SQL ordering for client sorts: numbers and instants numerically, text ignoring case;
    /// NULL sorts after every value (so first in DESC), as in PostgreSQL.
    static func order(_ lhs: Value, _ rhs: Value) -> Int {
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.number(let a), .number(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.datetime(let a), .datetime(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default:
            let a = lhs.text ?? ""
            let b = rhs.text ?? ""
            let folded = a.lowercased().compare(b.lowercased())
            if folded != .orderedSame { return folded == .orderedAscending ? -1 : 1 }
            return a < b ? -1 : a > b ? 1 : 0
        }
    }
}
