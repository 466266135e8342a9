import HubSpotAPI
import Foundation

/// The type of a computed value, as the binder checks it. Enumerations, phone numbers and strings
/// are all `text`; `null` is the type of a bare NULL (it fits anywhere).
enum ScalarType: String, Sendable, Hashable {
    case text, number, bool, datetime, date, null

    init(_ type: PropertyType) {
        switch type {
        case .number: self = .number
        case .bool: self = .bool
        case .datetime: self = .datetime
        case .date: self = .date
        case .string, .enumeration, .phoneNumber: self = .text
        }
    }

    var isTemporal: Bool { self == .date || self == .datetime }

    /// How a diagnostic names it: "a number", "text".
    var described: String {
        switch self {
        case .text: "text"
        case .number: "a number"
        case .bool: "a boolean"
        case .datetime: "a timestamp"
        case .date: "a date"
        case .null: "NULL"
        }
    }

    /// Whether a value of `other` may stand where this type is expected.
    func accepts(_ other: ScalarType) -> Bool {
        other == self || other == .null || self == .null || (isTemporal && other.isTemporal)
    }
}

/// A bound scalar expression: names resolved, literals typed, functions checked. Evaluated on the
/// client by ``ScalarEvaluator`` over one record (or one group).
indirect enum ScalarExpr: Sendable, Hashable {
    case constant(Value)
    /// A property of the FROM object.
    case property(String, PropertyType)
    /// A property of ``BoundQuery/associations``[`association`]'s record.
    case associated(association: Int, property: String, PropertyType)
    /// `LABEL(x)`: the option label of an enumeration value (`;`-separated values each mapped).
    case label(ScalarExpr, options: [String: String])
    /// In a grouped query: the N-th GROUP BY key of the group.
    case groupKey(Int)
    /// In a grouped query: the N-th aggregate of the group.
    case aggregate(Int)
    case negate(ScalarExpr)
    case arithmetic(ArithmeticOperator, ScalarExpr, ScalarExpr)
    case concat([ScalarExpr])
    case compare(ComparisonOperator, ScalarExpr, ScalarExpr)
    case and([ScalarExpr])
    case or([ScalarExpr])
    case not(ScalarExpr)
    case isNull(ScalarExpr, negated: Bool)
    case inList(ScalarExpr, [ScalarExpr], negated: Bool)
    case between(ScalarExpr, low: ScalarExpr, high: ScalarExpr, negated: Bool)
    /// LIKE / ILIKE (both ignore case, as HubSpot's string comparisons do).
    case like(ScalarExpr, pattern: ScalarExpr, negated: Bool)
    /// A condition in the form WHERE binds (property against values), evaluated as WHERE is.
    case condition(BoundPredicate)
    case caseWhen([CaseArm], otherwise: ScalarExpr?)
    case cast(ScalarExpr, ScalarType)
    case call(ScalarFunction, [ScalarExpr])
    /// `x ± INTERVAL '…'`, in the session's calendar.
    case shift(ScalarExpr, Interval, forward: Bool)
    /// The value of ``BoundQuery/valueSubqueries``[N]: it runs before the statement and its value
    /// is written in as a constant (``replacingSubqueries(_:)``) before anything is evaluated.
    case subquery(Int)

    struct CaseArm: Sendable, Hashable {
        var condition: ScalarExpr
        var result: ScalarExpr
    }

    /// The FROM object's properties it reads.
    func visitProperties(_ visit: (String) -> Void) {
        switch self {
        case .property(let name, _): visit(name)
        case .condition(let predicate): predicate.visitProperties(visit)
        case .constant, .associated, .groupKey, .aggregate, .subquery: break
        case .label(let inner, _), .negate(let inner), .not(let inner), .isNull(let inner, _), .cast(let inner, _),
             .shift(let inner, _, _):
            inner.visitProperties(visit)
        case .arithmetic(_, let lhs, let rhs), .compare(_, let lhs, let rhs), .like(let lhs, let rhs, _):
            lhs.visitProperties(visit)
            rhs.visitProperties(visit)
        case .concat(let parts), .and(let parts), .or(let parts), .call(_, let parts):
            for part in parts { part.visitProperties(visit) }
        case .inList(let lhs, let values, _):
            lhs.visitProperties(visit)
            for value in values { value.visitProperties(visit) }
        case .between(let value, let low, let high, _):
            for part in [value, low, high] { part.visitProperties(visit) }
        case .caseWhen(let arms, let otherwise):
            for arm in arms {
                arm.condition.visitProperties(visit)
                arm.result.visitProperties(visit)
            }
            otherwise?.visitProperties(visit)
        }
    }

    /// The associated properties it reads, as (association index, property).
    func visitAssociated(_ visit: (Int, String) -> Void) {
        switch self {
        case .associated(let index, let name, _): visit(index, name)
        case .constant, .property, .groupKey, .aggregate, .condition, .subquery: break
        case .label(let inner, _), .negate(let inner), .not(let inner), .isNull(let inner, _), .cast(let inner, _),
             .shift(let inner, _, _):
            inner.visitAssociated(visit)
        case .arithmetic(_, let lhs, let rhs), .compare(_, let lhs, let rhs), .like(let lhs, let rhs, _):
            lhs.visitAssociated(visit)
            rhs.visitAssociated(visit)
        case .concat(let parts), .and(let parts), .or(let parts), .call(_, let parts):
            for part in parts { part.visitAssociated(visit) }
        case .inList(let lhs, let values, _):
            lhs.visitAssociated(visit)
            for value in values { value.visitAssociated(visit) }
        case .between(let value, let low, let high, _):
            for part in [value, low, high] { part.visitAssociated(visit) }
        case .caseWhen(let arms, let otherwise):
            for arm in arms {
                arm.condition.visitAssociated(visit)
                arm.result.visitAssociated(visit)
            }
            otherwise?.visitAssociated(visit)
        }
    }

    /// Whether it reads no record at all (a constant folded at bind time would do).
    var isConstant: Bool {
        var reads = false
        visitProperties { _ in reads = true }
        visitAssociated { _, _ in reads = true }
        if reads { return false }
        switch self {
        case .groupKey, .aggregate: return false
        default: return !containsGroupReference
        }
    }

    /// A group's key or aggregate, or a subquery's value: none is known when binding.
    private var containsGroupReference: Bool {
        switch self {
        case .groupKey, .aggregate, .subquery: return true
        case .constant, .property, .associated, .condition: return false
        case .label(let inner, _), .negate(let inner), .not(let inner), .isNull(let inner, _), .cast(let inner, _),
             .shift(let inner, _, _):
            return inner.containsGroupReference
        case .arithmetic(_, let lhs, let rhs), .compare(_, let lhs, let rhs), .like(let lhs, let rhs, _):
            return lhs.containsGroupReference || rhs.containsGroupReference
        case .concat(let parts), .and(let parts), .or(let parts), .call(_, let parts):
            return parts.contains { $0.containsGroupReference }
        case .inList(let lhs, let values, _):
            return lhs.containsGroupReference || values.contains { $0.containsGroupReference }
        case .between(let value, let low, let high, _):
            return [value, low, high].contains { $0.containsGroupReference }
        case .caseWhen(let arms, let otherwise):
            return arms.contains { $0.condition.containsGroupReference || $0.result.containsGroupReference }
                || (otherwise?.containsGroupReference ?? false)
        }
    }
}

extension ScalarExpr {
    /// The expression with each ``subquery(_:)`` replaced by its value.
    func replacingSubqueries(_ values: [Value]) -> ScalarExpr {
        func map(_ expr: ScalarExpr) -> ScalarExpr { expr.replacingSubqueries(values) }
        switch self {
        case .subquery(let index): return .constant(index < values.count ? values[index] : .null)
        case .constant, .property, .associated, .groupKey, .aggregate: return self
        case .label(let inner, let options): return .label(map(inner), options: options)
        case .negate(let inner): return .negate(map(inner))
        case .arithmetic(let op, let lhs, let rhs): return .arithmetic(op, map(lhs), map(rhs))
        case .concat(let parts): return .concat(parts.map(map))
        case .compare(let op, let lhs, let rhs): return .compare(op, map(lhs), map(rhs))
        case .and(let parts): return .and(parts.map(map))
        case .or(let parts): return .or(parts.map(map))
        case .not(let inner): return .not(map(inner))
        case .isNull(let inner, let negated): return .isNull(map(inner), negated: negated)
        case .inList(let lhs, let list, let negated): return .inList(map(lhs), list.map(map), negated: negated)
        case .between(let value, let low, let high, let negated):
            return .between(map(value), low: map(low), high: map(high), negated: negated)
        case .like(let lhs, let pattern, let negated): return .like(map(lhs), pattern: map(pattern), negated: negated)
        case .condition(let predicate): return .condition(predicate.replacingSubqueries(values))
        case .caseWhen(let arms, let otherwise):
            return .caseWhen(arms.map { CaseArm(condition: map($0.condition), result: map($0.result)) }, otherwise: otherwise.map(map))
        case .cast(let inner, let type): return .cast(map(inner), type)
        case .call(let function, let arguments): return .call(function, arguments.map(map))
        case .shift(let inner, let interval, let forward): return .shift(map(inner), interval, forward: forward)
        }
    }
}

extension BoundPredicate {
    /// The condition with the subqueries' values written into its computed parts.
    func replacingSubqueries(_ values: [Value]) -> BoundPredicate {
        switch self {
        case .and(let parts): return .and(parts.map { $0.replacingSubqueries(values) })
        case .or(let parts): return .or(parts.map { $0.replacingSubqueries(values) })
        case .not(let inner): return .not(inner.replacingSubqueries(values))
        case .computed(var condition):
            condition.expression = condition.expression.replacingSubqueries(values)
            return .computed(condition)
        case .compare, .inList, .between, .isNull, .like, .containsToken, .constant: return self
        }
    }
}

enum ArithmeticOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

/// A WHERE condition the client computes (`firstname = lastname`, `LENGTH(email) > 20`), with the
/// session's time zone its date functions use.
struct ComputedCondition: Sendable, Hashable {
    var expression: ScalarExpr
    var timeZone: TimeZone
    /// The condition as written, for EXPLAIN.
    var text: String
}
