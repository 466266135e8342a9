import HubSpotAPI

/// A query's rows read as a table: `WITH name AS (SELECT …)` and `FROM (SELECT …) AS name`.
/// The inner query runs as any query does (pushed down to HubSpot); the outer one computes over
/// its rows on the client, so everything the outer query does costs no request.
struct DerivedTable: Sendable {
    /// The rows' columns as the properties of an object named after the table.
    var object: ObjectType
    var query: BoundQuery

    /// Marks the objects made here (they have no associations and no HubSpot id).
    static let typeIdPrefix = "derived:"
}

extension ObjectType {
    var isDerived: Bool { typeId.hasPrefix(DerivedTable.typeIdPrefix) }
}

extension Binder {
    /// Binds `select` and registers its rows as the table `name`.
    mutating func bindDerived(_ select: SelectStatement, named name: Identifier) {
        var inner = Binder(schema: schema, source: source, time: time, parameters: parameters)
        inner.derivedTables = derivedTables
        let query: BoundQuery
        do {
            query = try inner.bind(select)
        } catch let failure as Failure {
            diagnostics += failure.diagnostics
            return
        } catch {
            return
        }
        if derivedTables[name.value.lowercased()] != nil {
            report("'\(name.value)' is defined twice", name.range)
            return
        }
        var properties: [String: Property] = [:]
        for column in query.columns {
            var property = Self.columnProperty(column, of: query)
            property.name = column.name
            property.label = column.name
            guard properties[column.name.lowercased()] == nil else {
                report("'\(name.value)' has two columns named '\(column.name)'", name.range, help: "give one an alias")
                continue
            }
            properties[column.name.lowercased()] = property
        }
        let object = ObjectType(name: name.value, singular: name.value, typeId: DerivedTable.typeIdPrefix + name.value.lowercased(),
                                isCustom: false, properties: properties, defaultSearchProperties: query.columns.map(\.name))
        derivedTables[name.value.lowercased()] = DerivedTable(object: object, query: query)
    }

    /// The property a column of an inner query is to the outer one: its type (and for an
    /// enumeration its options, so labels still map to values).
    static func columnProperty(_ column: BoundColumn, of query: BoundQuery) -> Property {
        func plain(_ type: PropertyType) -> Property {
            Property(name: column.name, label: column.name, type: type, options: [], readOnly: true, unique: false)
        }
        switch column.source {
        case .property(let name): return query.object.property(name) ?? plain(.string)
        case .label: return plain(.string)
        case .countAll: return plain(.number)
        case .aggregate(let aggregate):
            return plain(aggregate.function == .min || aggregate.function == .max ? aggregate.type : .number)
        case .associated(let index, let name, let label):
            guard !label, index < query.associations.count else { return plain(.string) }
            return query.associations[index].target.property(name) ?? plain(.string)
        case .history(let name, let part):
            switch part {
            case .value: return query.object.property(name) ?? plain(.string)
            case .timestamp: return plain(.datetime)
            case .source: return plain(.string)
            }
        case .computed:
            switch column.type ?? .text {
            case .number: return plain(.number)
            case .bool: return plain(.bool)
            case .datetime: return plain(.datetime)
            case .date: return plain(.date)
            case .text, .null: return plain(.string)
            }
        }
    }
}
