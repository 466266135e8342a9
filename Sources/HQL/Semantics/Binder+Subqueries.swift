import HubSpotAPI

/// `p [NOT] IN (SELECT …)` and `(SELECT …)` values: subqueries run before the statement, and their
/// values become an IN list, a HubSpot filter's value (`p < (SELECT …)` AND-ed at the top of
/// WHERE) or a constant in an expression the client computes.
extension Binder {
    /// `p [NOT] IN (SELECT column FROM …)`: the subquery is bound on its own. Its one column may be
    /// a property, an aggregate (`SELECT MAX(amount) FROM deals`) or a grouped query's key.
    mutating func bindSubquery(_ lhs: Expr, _ select: SelectStatement, negated: Bool, object: ObjectType,
                               alias: String?, range: SourceRange) -> BoundSubquery? {
        guard let property = resolveProperty(lhs, object: object, alias: alias) else { return nil }
        if select.from.list {
            // The members of a HubSpot list of the FROM object: ids, read when the query runs.
            guard let id = object.property("hs_object_id") else { return nil }
            var members = BoundQuery(object: object, columns: [BoundColumn(name: "hs_object_id", source: .property(id.name))],
                                     predicate: nil, searchText: nil, orderBy: [], limit: nil, offset: 0, distinct: false,
                                     isCountOnly: false, startedAt: time.now)
            members.listMembership = select.from.object.value
            return BoundSubquery(property: property.name, type: property.type, negated: negated, query: members)
        }
        guard let query = bindInner(select, range: range, example: "IN (SELECT hs_object_id FROM companies WHERE …)") else { return nil }
        return BoundSubquery(property: property.name, type: property.type, negated: negated, query: query)
    }

    /// `p op (SELECT …)`, `(SELECT …) op p` or `NOT p op (SELECT …)`, which HubSpot's filters
    /// apply once the value is known; nil when `term` is none of these.
    /// The subquery must give one column whose type compares with `p`'s; that it gives at most one
    /// row is checked when it has run (an aggregate without GROUP BY always does).
    mutating func bindScalarSubquery(_ term: Expr, object: ObjectType, alias: String?) -> BoundSubquery?? {
        var negated = false
        var comparison = term
        if case .unary(.not, let inner) = term.kind {
            negated = true
            comparison = inner
        }
        guard case .binary(let op, let lhs, let rhs) = comparison.kind, var compare = ComparisonOperator(op) else { return nil }
        let propertySide: Expr
        let select: SelectStatement
        switch (lhs.kind, rhs.kind) {
        case (_, .subquery(let query)) where !lhs.containsSubquery:
            (propertySide, select) = (lhs, query)
        case (.subquery(let query), _) where !rhs.containsSubquery:
            (propertySide, select) = (rhs, query)
            compare = compare.flipped
        default:
            return nil
        }
        // Anything but a property (`amount * 2 > (SELECT …)`) is a condition the client computes.
        guard case .column = propertySide.kind else { return nil }
        guard let property = resolveProperty(propertySide, object: object, alias: alias) else { return .some(nil) }
        if select.from.list {
            report("IN LIST names a list's members, not a value", select.from.object.range)
            return .some(nil)
        }
        guard let query = bindInner(select, range: comparison.range, example: "(SELECT MAX(amount) FROM deals)") else { return .some(nil) }
        if let given = Self.valueType(of: query), !Self.subqueryValue(given, compares: property.type) {
            report("the subquery gives \(given.described), and \(property.name) is \(ScalarType(property.type).described)",
                   comparison.range, help: property.type == .date && given == .datetime
                       ? "select CAST(… AS DATE) in the subquery to compare days" : nil)
            return .some(nil)
        }
        var subquery = BoundSubquery(property: property.name, type: property.type, negated: negated, query: query)
        subquery.comparison = compare
        return .some(subquery)
    }

    /// `(SELECT …)` inside an expression: one column, at most one row (checked when it has run);
    /// its value is written in before the statement runs.
    mutating func bindValueSubquery(_ select: SelectStatement, range: SourceRange) -> Typed? {
        if select.from.list {
            report("IN LIST names a list's members, not a value", select.from.object.range)
            return nil
        }
        if let index = valueSubquerySources.firstIndex(of: select) {
            return (.subquery(index), Self.valueType(of: valueSubqueries[index]) ?? .null)
        }
        guard let query = bindInner(select, range: range, example: "(SELECT SUM(amount) FROM deals)") else { return nil }
        valueSubqueries.append(query)
        valueSubquerySources.append(select)
        return (.subquery(valueSubqueries.count - 1), Self.valueType(of: query) ?? .null)
    }

    /// Binds a subquery on its own; it must select exactly one column.
    private mutating func bindInner(_ select: SelectStatement, range: SourceRange, example: String) -> BoundQuery? {
        var inner = Binder(schema: schema, source: source, time: time, parameters: parameters)
        let query: BoundQuery
        do {
            query = try inner.bind(select)
        } catch let failure as Failure {
            diagnostics += failure.diagnostics
            return nil
        } catch {
            return nil
        }
        guard query.columns.count == 1, query.history == nil else {
            report("the subquery must select exactly one column", range, help: "for example \(example)")
            return nil
        }
        return query
    }

    /// The type of a one-column subquery's values; nil when the binder cannot tell.
    static func valueType(of query: BoundQuery) -> ScalarType? {
        guard let column = query.columns.first else { return nil }
        if let type = column.type { return type }
        switch column.source {
        case .property(let name): return query.object.property(name).map { ScalarType($0.type) }
        case .label: return .text
        case .countAll: return .number
        case .aggregate(let aggregate):
            switch aggregate.function {
            case .count, .sum, .avg: return .number
            case .min, .max: return ScalarType(aggregate.type)
            }
        case .associated(let association, let name, let label):
            if label { return .text }
            return query.associations[association].target.property(name).map { ScalarType($0.type) }
        case .computed, .history: return nil
        }
    }

    /// Whether values of `given` compare with a property of `type` as HubSpot's filters do.
    static func subqueryValue(_ given: ScalarType, compares type: PropertyType) -> Bool {
        switch (given, ScalarType(type)) {
        case (.null, _): true
        case (.datetime, .datetime), (.date, .date), (.date, .datetime): true
        case (let a, let b): a == b
        }
    }
}
