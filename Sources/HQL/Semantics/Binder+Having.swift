extension Binder {
    /// Whether HAVING has the shape its own binder takes: AND/OR/NOT of an aggregate compared
    /// with a value, or a key compared with values. Anything else is computed per group.
    static func isPlainHaving(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .and(let parts), .or(let parts): return parts.allSatisfy(isPlainHaving)
        case .unary(.not, let operand): return isPlainHaving(operand)
        case .binary(let op, let lhs, let rhs) where ComparisonOperator(op) != nil && (containsAggregate(lhs) || containsAggregate(rhs)):
            let (aggregate, value) = containsAggregate(lhs) ? (lhs, rhs) : (rhs, lhs)
            guard case .function(let call) = aggregate.kind, call.isAggregate, call.arguments.allSatisfy(\.isColumn) else { return false }
            return isConstant(value) || !containsAggregate(value) && isSimpleCondition(Expr(.binary(op, Expr(.column([])), value)))
        default:
            return isSimpleCondition(expr)
        }
    }
}

/// HAVING: conditions over groups. Aggregates compare as the client computes them (named `#N`);
/// group keys compare like WHERE conditions on the key's property.
extension Binder {
    mutating func bindHaving(
        _ expr: Expr, object: ObjectType, alias: String?, groupBy: [String], aggregates: inout [Aggregate]
    ) -> BoundPredicate? {
        switch expr.kind {
        case .and(let parts):
            let bound = parts.compactMap { bindHaving($0, object: object, alias: alias, groupBy: groupBy, aggregates: &aggregates) }
            return bound.count == parts.count ? .and(bound) : nil
        case .or(let parts):
            let bound = parts.compactMap { bindHaving($0, object: object, alias: alias, groupBy: groupBy, aggregates: &aggregates) }
            return bound.count == parts.count ? .or(bound) : nil
        case .unary(.not, let operand):
            return bindHaving(operand, object: object, alias: alias, groupBy: groupBy, aggregates: &aggregates).map { .not($0) }
        case .binary(let op, var lhs, var rhs) where Self.containsAggregate(lhs) || Self.containsAggregate(rhs):
            guard var comparison = ComparisonOperator(op) else {
                report("expected a condition, found arithmetic", expr.range)
                return nil
            }
            if Self.containsAggregate(rhs) {
                swap(&lhs, &rhs)
                comparison = comparison.flipped
            }
            guard case .function(let call) = lhs.kind, call.isAggregate,
                  let aggregate = bindAggregate(call, range: lhs.range, object: object, alias: alias) else {
                report("HAVING compares an aggregate with a value", expr.range)
                return nil
            }
            let name = "#\(aggregates.count)"
            aggregates.append(aggregate)
            var valueType = aggregate.type
            var options: [Property.Option] = []
            if aggregate.function == .min || aggregate.function == .max, let property = aggregate.property.flatMap(object.property) {
                valueType = property.type
                options = property.options
            } else {
                valueType = .number
            }
            let target = Property(name: name, label: name, type: valueType, options: options, readOnly: true, unique: false)
            guard let operand = coerce(rhs, to: target) else {
                if !diagnostics.isEmpty { return nil }
                report("HAVING compares an aggregate with a plain value", rhs.range)
                return nil
            }
            // A day or a relative period (`MAX(createdate) > '2026-06-29'`, `>= LAST 7 DAYS`)
            // compares as in WHERE.
            return compare(target, comparison, operand)
        default:
            guard let bound = bindPredicate(expr, object: object, alias: alias) else { return nil }
            for property in bound.properties where !groupBy.contains(property) {
                report("HAVING can only test GROUP BY keys and aggregates; \(property) is neither", expr.range,
                       help: "move the condition to WHERE")
                return nil
            }
            return bound
        }
    }
}
