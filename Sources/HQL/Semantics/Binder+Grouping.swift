import HubSpotAPI
/// GROUP BY keys (properties, expressions, select-list aliases and ordinals, associated
/// properties), aggregates over expressions, and which sort keys HubSpot can take.
extension Binder {
    /// The bound GROUP BY keys and their types; nil when the query is not grouped (no GROUP BY
    /// and no aggregate in the select list).
    mutating func bindGroupKeys(_ select: SelectStatement, object: ObjectType, alias: String?)
        -> (keys: [ScalarExpr], types: [ScalarType], texts: [String])? {
        let aggregateSelected = select.items.contains { item in
            if case .expression(let expr, _) = item { return Self.containsAggregate(expr) }
            return false
        }
        guard !select.groupBy.isEmpty || aggregateSelected else { return nil }
        var keys: [ScalarExpr] = []
        var types: [ScalarType] = []
        var texts: [String] = []
        for written in select.groupBy {
            guard let key = groupKeyExpression(written, select.items, object: object) else { continue }
            var scope = ScalarScope(object: object, alias: alias)
            guard let bound = bindScalar(key, &scope) else { continue }
            if bound.expr.isConstant {
                report("GROUP BY a constant groups nothing", written.range, help: "GROUP BY 1 names the first select item")
                continue
            }
            keys.append(bound.expr)
            types.append(bound.type)
            texts.append(source.text(in: key.range))
        }
        // Grouping by an associated property counts a record once per associated record (as a
        // join would), and records with none under NULL.
        for key in keys {
            key.visitAssociated { index, _ in
                var hop: Int? = index
                while let current = hop {
                    if associations[current].kind == .lookup { associations[current].kind = .join(left: true) }
                    hop = associations[current].via
                }
            }
        }
        return (keys, types, texts)
    }

    /// What a GROUP BY item stands for: an ordinal names a select item, a bare name that is no
    /// property of the FROM object names a select alias (PostgreSQL's rule: a property wins).
    private mutating func groupKeyExpression(_ key: Expr, _ items: [SelectItem], object: ObjectType) -> Expr? {
        if case .literal(.number(let digits)) = key.kind {
            guard let position = Int(digits), position >= 1, position <= items.count,
                  case .expression(let item, _) = items[position - 1] else {
                report("GROUP BY \(digits) is not a position in the select list (1 to \(items.count))", key.range)
                return nil
            }
            if Self.containsAggregate(item) {
                report("GROUP BY \(digits) names an aggregate", key.range, help: "group by the other columns")
                return nil
            }
            return item
        }
        if case .column(let path) = key.kind, path.count == 1,
           object.property(ObjectType.isIDAlias(path[0].value) ? "hs_object_id" : path[0].value) == nil {
            for item in items {
                if case .expression(let expr, let alias?) = item, alias.value.lowercased() == path[0].value.lowercased() {
                    if Self.containsAggregate(expr) {
                        report("'\(alias.value)' is an aggregate and cannot be grouped by", key.range)
                        return nil
                    }
                    return expr
                }
            }
        }
        return key
    }

    /// `COUNT(x)`, `SUM(amount * 0.2)`, `MAX(DATE(closedate))`: an aggregate of an expression.
    mutating func bindExpressionAggregate(_ function: Aggregate.Function, _ call: FunctionCall, range: SourceRange,
                                          object: ObjectType, alias: String?) -> Aggregate? {
        var scope = ScalarScope(object: object, alias: alias)
        guard let argument = bindScalar(call.arguments[0], &scope) else { return nil }
        if function == .sum || function == .avg, argument.type != .number, argument.type != .null {
            report("\(call.name) needs a number; '\(source.text(in: call.arguments[0].range))' is \(argument.type.described)", range)
            return nil
        }
        let type: PropertyType = switch argument.type {
        case .number: .number
        case .bool: .bool
        case .datetime: .datetime
        case .date: .date
        case .text, .null: .string
        }
        return Aggregate(function: function, property: nil, argument: argument.expr, type: type, distinct: call.distinct)
    }

    /// The property whose order is the expression's order (and whether it is reversed): HubSpot
    /// can sort by it. Numbers and dates only (text's collation is HubSpot's own).
    static func monotonic(_ expr: ScalarExpr) -> (property: String, flipped: Bool)? {
        switch expr {
        case .property(let name, let type):
            switch type {
            case .number, .date, .datetime: return (name, false)
            default: return nil
            }
        case .arithmetic(let op, let lhs, let rhs):
            switch (op, lhs, rhs) {
            case (.add, _, .constant(.number)), (.subtract, _, .constant(.number)): return monotonic(lhs)
            case (.add, .constant(.number), _): return monotonic(rhs)
            case (.subtract, .constant(.number), _): return monotonic(rhs).map { ($0.property, !$0.flipped) }
            case (.multiply, _, .constant(.number(let k))), (.divide, _, .constant(.number(let k))):
                guard k != 0, k.isFinite else { return nil }
                return monotonic(lhs).map { ($0.property, $0.flipped != (k < 0)) }
            case (.multiply, .constant(.number(let k)), _):
                guard k != 0, k.isFinite else { return nil }
                return monotonic(rhs).map { ($0.property, $0.flipped != (k < 0)) }
            default: return nil
            }
        case .negate(let inner): return monotonic(inner).map { ($0.property, !$0.flipped) }
        case .shift(let inner, _, _): return monotonic(inner)
        case .cast(let inner, let type) where type == .number || type.isTemporal: return monotonic(inner)
        case .call(let function, let arguments):
            switch function {
            case .round, .floor, .ceil, .date: return arguments.first.flatMap(monotonic)
            case .dateTrunc where arguments.count == 2: return monotonic(arguments[1])
            default: return nil
            }
        default: return nil
        }
    }
}

extension Expr {
    var isColumn: Bool {
        if case .column = kind { return true }
        return false
    }
}
