/// Walking the column references of an expression: the binder uses these to tell a condition on
/// the FROM object from one on an associated object, and to re-root a path on the associated
/// object before binding it there.
extension Expr {
    /// Every column path in the expression, left to right (subqueries are not entered: their
    /// names belong to their own FROM).
    var columnPaths: [[Identifier]] {
        var paths: [[Identifier]] = []
        visitColumns { paths.append($0) }
        return paths
    }

    /// Whether any column is written with a qualifier (`companies.name`); most conditions have
    /// none, and the binder skips classifying their paths (checked without allocating).
    var hasQualifiedColumn: Bool {
        var found = false
        visitColumns { if $0.count > 1 { found = true } }
        return found
    }

    private func visitColumns(_ visit: ([Identifier]) -> Void) {
        switch kind {
        case .column(let path): visit(path)
        case .literal, .parameter, .relativeDate, .interval, .subquery: break
        case .unary(_, let operand), .search(let operand): operand.visitColumns(visit)
        case .binary(_, let lhs, let rhs): lhs.visitColumns(visit); rhs.visitColumns(visit)
        case .and(let parts), .or(let parts): parts.forEach { $0.visitColumns(visit) }
        case .inList(let lhs, let values, _): lhs.visitColumns(visit); values.forEach { $0.visitColumns(visit) }
        case .inSubquery(let lhs, _, _): lhs.visitColumns(visit)
        case .between(let lhs, let low, let high, _): lhs.visitColumns(visit); low.visitColumns(visit); high.visitColumns(visit)
        case .isNull(let lhs, _): lhs.visitColumns(visit)
        case .like(let lhs, let pattern, _), .ilike(let lhs, let pattern, _): lhs.visitColumns(visit); pattern.visitColumns(visit)
        case .cast(let operand, _): operand.visitColumns(visit)
        case .caseWhen(let operand, let branches, let otherwise):
            operand?.visitColumns(visit)
            for branch in branches { branch.condition.visitColumns(visit); branch.result.visitColumns(visit) }
            otherwise?.visitColumns(visit)
        case .contains(let lhs, let token, _): lhs.visitColumns(visit); token.visitColumns(visit)
        case .function(let call): call.arguments.forEach { $0.visitColumns(visit) }
        }
    }

    /// The expression with every column path replaced by `transform(path)`.
    func mapColumns(_ transform: ([Identifier]) -> [Identifier]) -> Expr {
        func map(_ expr: Expr) -> Expr { expr.mapColumns(transform) }
        let mapped: Kind
        switch kind {
        case .column(let path): mapped = .column(transform(path))
        case .literal, .parameter, .relativeDate, .interval, .subquery: return self
        case .unary(let op, let operand): mapped = .unary(op, map(operand))
        case .search(let operand): mapped = .search(map(operand))
        case .binary(let op, let lhs, let rhs): mapped = .binary(op, map(lhs), map(rhs))
        case .and(let parts): mapped = .and(parts.map(map))
        case .or(let parts): mapped = .or(parts.map(map))
        case .inList(let lhs, let values, let negated): mapped = .inList(map(lhs), values.map(map), negated: negated)
        case .inSubquery(let lhs, let query, let negated): mapped = .inSubquery(map(lhs), query, negated: negated)
        case .between(let lhs, let low, let high, let negated):
            mapped = .between(map(lhs), low: map(low), high: map(high), negated: negated)
        case .isNull(let lhs, let negated): mapped = .isNull(map(lhs), negated: negated)
        case .like(let lhs, let pattern, let negated): mapped = .like(map(lhs), pattern: map(pattern), negated: negated)
        case .ilike(let lhs, let pattern, let negated): mapped = .ilike(map(lhs), pattern: map(pattern), negated: negated)
        case .cast(let operand, let type): mapped = .cast(map(operand), type: type)
        case .caseWhen(let operand, let branches, let otherwise):
            mapped = .caseWhen(operand: operand.map(map),
                               branches: branches.map { CaseBranch(condition: map($0.condition), result: map($0.result)) },
                               otherwise: otherwise.map(map))
        case .contains(let lhs, let token, let negated): mapped = .contains(map(lhs), token: map(token), negated: negated)
        case .function(var call):
            call.arguments = call.arguments.map(map)
            mapped = .function(call)
        }
        return Expr(mapped, range: range)
    }

    /// Whether an `IN (SELECT …)` or a `(SELECT …)` value appears anywhere in the expression.
    var containsSubquery: Bool { contains { if case .inSubquery = $0 { true } else if case .subquery = $0 { true } else { false } } }

    /// Whether an `IN (SELECT …)` appears anywhere in the expression (a `(SELECT …)` value is not one).
    var containsInSubquery: Bool { contains { if case .inSubquery = $0 { true } else { false } } }

    /// Whether `test` holds for the expression or any expression inside it (not entering subqueries).
    func contains(_ test: (Kind) -> Bool) -> Bool {
        if test(kind) { return true }
        switch kind {
        case .inSubquery(let lhs, _, _): return lhs.contains(test)
        case .and(let parts), .or(let parts): return parts.contains { $0.contains(test) }
        case .unary(_, let operand), .search(let operand), .cast(let operand, _), .isNull(let operand, _): return operand.contains(test)
        case .binary(_, let lhs, let rhs), .like(let lhs, let rhs, _), .ilike(let lhs, let rhs, _), .contains(let lhs, let rhs, _):
            return lhs.contains(test) || rhs.contains(test)
        case .inList(let lhs, let values, _): return lhs.contains(test) || values.contains { $0.contains(test) }
        case .between(let lhs, let low, let high, _): return lhs.contains(test) || low.contains(test) || high.contains(test)
        case .function(let call): return call.arguments.contains { $0.contains(test) }
        case .caseWhen(let operand, let branches, let otherwise):
            return operand?.contains(test) == true || otherwise?.contains(test) == true
                || branches.contains { $0.condition.contains(test) || $0.result.contains(test) }
        case .literal, .column, .parameter, .relativeDate, .interval, .subquery: return false
        }
    }
}
