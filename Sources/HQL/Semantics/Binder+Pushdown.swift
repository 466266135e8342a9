import HubSpotAPI
import Foundation

/// WHERE terms the client computes, and what of them HubSpot can still be told.
///
/// Every record fetched costs requests, so a computed condition still sends what it implies:
/// `LOWER(email) = 'a@b.c'` is an `EQ` on email (HubSpot compares text ignoring case),
/// `amount * 2 > 100` is `amount >= 50`, `COALESCE(x, 'n') = 'y'` is `x = 'y'`,
/// `DATE(createdate) = DATE '2024-03-01'` is that day's range and `EXTRACT(YEAR FROM d) = 2024`
/// that year's. The implied filter is a superset; the client re-checks the exact condition,
/// except where the rewrite is exact (DATE and the year), which needs no re-check at all.
extension Binder {
    /// A top-level WHERE term that is not all property-against-value: AND/OR/NOT keep their
    /// structure, simple parts bind as WHERE always did, the rest is computed.
    mutating func bindMixedTerm(_ term: Expr, object: ObjectType, alias: String?) -> BoundPredicate? {
        switch term.kind {
        case .and(let parts), .or(let parts):
            var bound: [BoundPredicate] = []
            for part in parts {
                guard let predicate = bindMixedTerm(part, object: object, alias: alias) else { return nil }
                bound.append(predicate)
            }
            if case .and = term.kind { return .and(bound) }
            return .or(bound)
        case .unary(.not, let operand):
            return bindMixedTerm(operand, object: object, alias: alias).map { .not($0) }
        default:
            if Self.isSimpleCondition(term) { return bindPredicate(term, object: object, alias: alias) }
        }
        if Self.containsAggregate(term) {
            report("aggregate functions are not allowed in WHERE", term.range, help: "use HAVING")
            return nil
        }
        var scope = ScalarScope(object: object, alias: alias, allowsAssociated: false)
        guard let condition = bindCondition(term, &scope) else { return nil }
        let computed = BoundPredicate.computed(ComputedCondition(
            expression: condition, timeZone: time.timeZone, text: source.text(in: term.range)))
        guard let (implied, exact) = impliedFilter(term, object: object, alias: alias) else { return computed }
        return exact ? implied : .and([implied, computed])
    }

    /// What HubSpot can be told of a computed comparison, and whether that is all of it.
    private mutating func impliedFilter(_ term: Expr, object: ObjectType, alias: String?) -> (BoundPredicate, exact: Bool)? {
        func bind(_ kind: Expr.Kind) -> BoundPredicate? {
            quietly { $0.bindPredicate(Expr(kind, range: term.range), object: object, alias: alias) }
        }
        switch term.kind {
        case .binary(let op, var lhs, var rhs):
            guard var comparison = ComparisonOperator(op) else { return nil }
            if Self.isConstant(lhs), !Self.isConstant(rhs) {
                swap(&lhs, &rhs)
                comparison = comparison.flipped
            }
            guard Self.isConstant(rhs), case .function(let call) = lhs.kind else {
                if case .binary(let arithmetic, _, _) = lhs.kind, Self.isConstant(rhs) {
                    return Self.arithmeticFilter(arithmetic, lhs, comparison, rhs, bind: bind)
                }
                return nil
            }
            switch (call.name, call.arguments.count) {
            case ("LOWER", 1), ("UPPER", 1):
                guard comparison == .equal, call.arguments[0].isColumn else { return nil }
                return bind(.binary(.equal, call.arguments[0], rhs)).map { ($0, false) }
            case ("DATE", 1):
                // A day compared in the session's zone is the property compared with the day's period.
                guard call.arguments[0].isColumn, Self.isDateConstant(rhs) else { return nil }
                return bind(.binary(Self.binary(comparison), call.arguments[0], rhs)).map { ($0, true) }
            case ("COALESCE", 2):
                guard comparison == .equal, call.arguments[0].isColumn, Self.isConstant(call.arguments[1]) else { return nil }
                let column = call.arguments[0]
                if call.arguments[1] == rhs {
                    guard let equal = bind(.binary(.equal, column, rhs)), let missing = bind(.isNull(column, negated: false)) else { return nil }
                    return (.or([equal, missing]), false)
                }
                return bind(.binary(.equal, column, rhs)).map { ($0, false) }
            case ("DATE_PART", 2):
                guard comparison == .equal, case .literal(.string(let field)) = call.arguments[0].kind, field.lowercased() == "year",
                      call.arguments[1].isColumn, case .literal(.number(let digits)) = rhs.kind, let year = Int(digits),
                      year > 0, year < 10_000 else { return nil }
                let first = Expr(.literal(.date(String(format: "%04d-01-01", year))), range: rhs.range)
                let last = Expr(.literal(.date(String(format: "%04d-12-31", year))), range: rhs.range)
                return bind(.between(call.arguments[1], low: first, high: last, negated: false)).map { ($0, true) }
            default:
                return nil
            }
        case .inList(let lhs, let values, false):
            guard case .function(let call) = lhs.kind, ["LOWER", "UPPER"].contains(call.name), call.arguments.count == 1,
                  call.arguments[0].isColumn, values.allSatisfy(Self.isConstant) else { return nil }
            return bind(.inList(call.arguments[0], values, negated: false)).map { ($0, false) }
        case .like(let lhs, let pattern, false), .ilike(let lhs, let pattern, false):
            guard case .function(let call) = lhs.kind, ["LOWER", "UPPER"].contains(call.name), call.arguments.count == 1,
                  call.arguments[0].isColumn else { return nil }
            return bind(.like(call.arguments[0], pattern: pattern, negated: false)).map { ($0, false) }
        default:
            return nil
        }
    }

    private static func binary(_ op: ComparisonOperator) -> BinaryOperator {
        switch op {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        }
    }

    /// `p * k op c` → `p op' c / k`, `p + k op c` → `p op c - k`, …, computed in decimal and
    /// widened to include the boundary (the client re-checks the exact condition).
    private static func arithmeticFilter(_ arithmetic: BinaryOperator, _ lhs: Expr, _ comparison: ComparisonOperator, _ rhs: Expr,
                                           bind: (Expr.Kind) -> BoundPredicate?) -> (BoundPredicate, exact: Bool)? {
        guard case .binary(_, var left, var right) = lhs.kind, let bound = Self.decimal(rhs) else { return nil }
        var op = comparison
        var constantFirst = false
        if !left.isColumn {
            swap(&left, &right)
            constantFirst = true
        }
        guard left.isColumn, let k = Self.decimal(right) else { return nil }
        let limit: Decimal
        switch arithmetic {
        case .add: limit = bound - k
        case .subtract:
            if constantFirst {  // k - p op c  ⇔  p flipped(op) k - c
                limit = k - bound
                op = op.flipped
            } else {
                limit = bound + k
            }
        case .multiply:
            guard !k.isZero else { return nil }
            limit = bound / k
            if k < 0 { op = op.flipped }
        case .divide:
            guard !constantFirst, !k.isZero else { return nil }
            limit = bound * k
            if k < 0 { op = op.flipped }
        default: return nil
        }
        // Rounded outward to 12 places (a superset); equality only when the quotient is exact.
        func rounded(_ mode: NSDecimalNumber.RoundingMode) -> Expr {
            var value = limit
            var result = Decimal()
            NSDecimalRound(&result, &value, 12, mode)
            return Expr(.literal(.number(result.description)), range: rhs.range)
        }
        let kind: Expr.Kind
        switch op {
        case .equal:
            var value = limit
            var result = Decimal()
            NSDecimalRound(&result, &value, 12, .plain)
            guard result == limit else { return nil }
            kind = .binary(.equal, left, rounded(.plain))
        case .greater, .greaterEqual: kind = .binary(.greaterEqual, left, rounded(.down))
        case .less, .lessEqual: kind = .binary(.lessEqual, left, rounded(.up))
        case .notEqual: return nil
        }
        return bind(kind).map { ($0, false) }
    }

    static func isConstant(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .literal, .parameter: true
        case .unary(.minus, let operand): isConstant(operand)
        default: false
        }
    }

    private static func isDateConstant(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .literal(.date): true
        case .literal(.string(let text)): TimeResolver.ymd(text) != nil && text.utf8.count == 10
        default: false
        }
    }

    private static func decimal(_ expr: Expr) -> Decimal? {
        switch expr.kind {
        case .literal(.number(let digits)): Decimal(string: digits)
        case .unary(.minus, let operand): decimal(operand).map { -$0 }
        default: nil
        }
    }
}
