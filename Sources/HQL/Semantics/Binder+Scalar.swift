import HubSpotAPI
import Foundation

/// Scalar expressions: the select list's computed columns, computed WHERE conditions, GROUP BY and
/// ORDER BY expressions. Types are checked here, so a mistake is a diagnostic under the expression,
/// never a NULL at run time.
extension Binder {
    /// Where an expression is bound.
    struct ScalarScope {
        var object: ObjectType
        var alias: String?
        /// In a grouped query: the bound GROUP BY keys (an expression that binds to one reads the
        /// group's key) and their types; properties outside them are errors.
        var groupKeys: [ScalarExpr]?
        var groupKeyTypes: [ScalarType] = []
        /// Aggregates met in a grouped query's expressions (``ScalarExpr/aggregate(_:)`` indexes).
        var aggregates: [Aggregate] = []
        /// Whether associated properties (`companies.name`) may be read.
        var allowsAssociated = true
    }

    typealias Typed = (expr: ScalarExpr, type: ScalarType)

    mutating func bindScalar(_ expr: Expr, _ scope: inout ScalarScope) -> Typed? {
        if let keys = scope.groupKeys, let index = groupKeyIndex(expr, keys, scope) {
            return (.groupKey(index), scope.groupKeyTypes[index])
        }
        switch expr.kind {
        case .literal(let literal):
            return constant(literal, range: expr.range)
        case .parameter(let parameter):
            guard let literal = parameters[parameter] else {
                report("no value for parameter \(Self.describe(parameter))", expr.range)
                return nil
            }
            return constant(literal, range: expr.range)
        case .relativeDate(.day(let offset)):
            let day = time.localDay(time.period(.day(offset: offset)).start)
            return (.constant(.date(day)), .date)
        case .relativeDate:
            report("a period such as this one compares with a property directly", expr.range,
                   help: "write createdate >= LAST 7 DAYS, or use TODAY - INTERVAL '7 days' in an expression")
            return nil
        case .interval:
            report("an interval is added to or subtracted from a date", expr.range, help: "write closedate + INTERVAL '30 days'")
            return nil
        case .column(let path):
            return bindColumn(path, expr, &scope)
        case .unary(.not, let operand):
            guard let inner = bindCondition(operand, &scope) else { return nil }
            return (.not(inner), .bool)
        case .unary(let op, let operand):
            guard let inner = bindScalar(operand, &scope) else { return nil }
            guard inner.type == .number || inner.type == .null else {
                report("\(op.rawValue) needs a number; '\(source.text(in: operand.range))' is \(inner.type.described)", expr.range)
                return nil
            }
            return op == .minus ? (.negate(inner.expr), .number) : inner
        case .binary(let op, let lhs, let rhs):
            return bindBinary(op, lhs, rhs, expr, &scope)
        case .and(let parts), .or(let parts):
            var bound: [ScalarExpr] = []
            for part in parts {
                guard let condition = bindCondition(part, &scope) else { return nil }
                bound.append(condition)
            }
            if case .and = expr.kind { return (.and(bound), .bool) }
            return (.or(bound), .bool)
        case .inList(let lhs, let values, let negated):
            if let condition = simpleCondition(expr, scope) { return condition }
            guard let subject = bindScalar(lhs, &scope) else { return nil }
            var bound: [ScalarExpr] = []
            for value in values {
                guard let candidate = bindScalar(value, &scope),
                      let coerced = comparable(subject, candidate, range: value.range) else { return nil }
                bound.append(coerced.1)
            }
            return (.inList(subject.expr, bound, negated: negated), .bool)
        case .between(let lhs, let low, let high, let negated):
            if let condition = simpleCondition(expr, scope) { return condition }
            guard let subject = bindScalar(lhs, &scope), let lower = bindScalar(low, &scope), let upper = bindScalar(high, &scope),
                  let first = comparable(subject, lower, range: low.range), let second = comparable(subject, upper, range: high.range)
            else { return nil }
            return (.between(subject.expr, low: first.1, high: second.1, negated: negated), .bool)
        case .isNull(let lhs, let negated):
            guard let subject = bindScalar(lhs, &scope) else { return nil }
            return (.isNull(subject.expr, negated: negated), .bool)
        case .like(let lhs, let pattern, let negated), .ilike(let lhs, let pattern, let negated):
            if let condition = simpleCondition(expr, scope) { return condition }
            guard let subject = bindScalar(lhs, &scope), let text = bindScalar(pattern, &scope) else { return nil }
            return (.like(subject.expr, pattern: text.expr, negated: negated), .bool)
        case .contains:
            if let condition = simpleCondition(expr, scope) { return condition }
            report("CONTAINS tests a property of the FROM object against a value", expr.range)
            return nil
        case .search, .inSubquery:
            report("\(expr.kind.isSearch ? "SEARCH" : "IN (SELECT …)") must be one of the top-level AND-ed conditions of WHERE", expr.range)
            return nil
        case .subquery(let select):
            return bindValueSubquery(select, range: expr.range)
        case .function(let call):
            return bindCall(call, expr, &scope)
        case .caseWhen(let operand, let branches, let otherwise):
            return bindCase(operand, branches, otherwise, &scope)
        case .cast(let operand, let typeName):
            guard let inner = bindScalar(operand, &scope) else { return nil }
            guard let (type, integer) = Self.castType(typeName) else {
                report("unknown type '\(typeName)'", expr.range,
                       help: Suggestions.didYouMean(typeName, among: Self.castTypeNames) ?? "types: TEXT, NUMBER, INTEGER, BOOLEAN, DATE, TIMESTAMP")
                return nil
            }
            let cast = ScalarExpr.cast(inner.expr, type)
            return (integer ? .call(.round, [cast]) : cast, type)
        }
    }

    /// The GROUP BY key `expr` binds to, if any (bound quietly outside the grouping: names
    /// resolve as they do in the keys, whatever their spelling).
    private mutating func groupKeyIndex(_ expr: Expr, _ keys: [ScalarExpr], _ scope: ScalarScope) -> Int? {
        switch expr.kind {
        case .literal, .parameter: return nil
        case .function(let call) where call.isAggregate: return nil
        default: break
        }
        if Self.containsAggregate(expr) { return nil }
        var plain = scope
        plain.groupKeys = nil
        guard let bound = quietly({ $0.bindScalar(expr, &plain) }) else { return nil }
        return keys.firstIndex(of: bound.expr)
    }

    /// Runs `body`, dropping what it reports; nil when it reported anything.
    mutating func quietly<T>(_ body: (inout Binder) -> T?) -> T? {
        let mark = diagnostics.count
        let result = body(&self)
        guard diagnostics.count == mark else {
            diagnostics.removeLast(diagnostics.count - mark)
            return nil
        }
        return result
    }

    /// A condition: bound as a boolean expression.
    mutating func bindCondition(_ expr: Expr, _ scope: inout ScalarScope) -> ScalarExpr? {
        guard let bound = bindScalar(expr, &scope) else { return nil }
        guard bound.type == .bool || bound.type == .null else {
            report("expected a condition; '\(source.text(in: expr.range))' is \(bound.type.described)", expr.range)
            return nil
        }
        return bound.expr
    }

    // MARK: Leaves

    private mutating func constant(_ literal: Literal, range: SourceRange) -> Typed? {
        switch literal {
        case .string(let text): return (.constant(.string(text)), .text)
        case .number(let digits):
            guard let number = Double(digits) else {
                report("'\(digits)' is not a number", range)
                return nil
            }
            return (.constant(.number(number)), .number)
        case .boolean(let flag): return (.constant(.bool(flag)), .bool)
        case .null: return (.constant(.null), .null)
        case .date(let text): return (.constant(.date(text)), .date)
        case .datetime(let text):
            guard let instant = time.instant(text) else {
                report("invalid timestamp '\(text)'", range)
                return nil
            }
            return (.constant(.datetime(instant)), .datetime)
        }
    }

    private mutating func bindColumn(_ path: [Identifier], _ expr: Expr, _ scope: inout ScalarScope) -> Typed? {
        switch classify(path, object: scope.object, alias: scope.alias, range: expr.range) {
        case nil: return nil
        case .associated(let index, let name)?:
            guard scope.allowsAssociated else {
                report("'\(source.text(in: expr.range))' is a property of an associated object; computed conditions read the FROM object's own properties",
                       expr.range, help: "compare an associated property with a value directly: companies.industry = 'X'")
                return nil
            }
            guard let property = associatedProperty(index, name) else { return nil }
            if scope.groupKeys != nil {
                return notGrouped(expr)
            }
            return (.associated(association: index, property: property.name, property.type), ScalarType(property.type))
        case .own?:
            guard let property = resolveProperty(expr, object: scope.object, alias: scope.alias) else { return nil }
            if scope.groupKeys != nil {
                return notGrouped(expr)
            }
            return (.property(property.name, property.type), ScalarType(property.type))
        }
    }

    private mutating func notGrouped(_ expr: Expr) -> Typed? {
        report("'\(source.text(in: expr.range))' must be in GROUP BY or inside an aggregate", expr.range,
               help: "add it to GROUP BY, or aggregate it: MIN(…), MAX(…), COUNT(…)")
        return nil
    }

    // MARK: Operators

    private mutating func bindBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr, _ scope: inout ScalarScope) -> Typed? {
        if let comparison = ComparisonOperator(op) {
            if let condition = simpleCondition(expr, scope) { return condition }
            guard let left = bindScalar(lhs, &scope), let right = bindScalar(rhs, &scope) else { return nil }
            if left.expr == .constant(.null) || right.expr == .constant(.null) {
                report("comparison with NULL is never true", expr.range, help: "write IS NULL or IS NOT NULL")
                return nil
            }
            guard let (a, b) = comparable(left, right, range: expr.range) else { return nil }
            return (.compare(comparison, a, b), .bool)
        }
        // `date ± INTERVAL '…'`
        if (op == .add || op == .subtract), case .interval(let interval) = rhs.kind {
            guard let base = bindScalar(lhs, &scope) else { return nil }
            let temporal = coerceConstant(base, to: .datetime) ?? base
            guard temporal.type.isTemporal || temporal.type == .null else {
                report("an interval is added to a date or timestamp; '\(source.text(in: lhs.range))' is \(base.type.described)", expr.range)
                return nil
            }
            return (.shift(temporal.expr, interval, forward: op == .add), temporal.type)
        }
        guard let left = bindScalar(lhs, &scope), let right = bindScalar(rhs, &scope) else { return nil }
        if op == .concat { return (.concat([left.expr, right.expr]), .text) }
        let arithmetic: ArithmeticOperator = switch op {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        default: .modulo
        }
        // Dates: date ± whole days, date - date in days.
        if left.type == .date, right.type == .number, op == .add || op == .subtract {
            return (.arithmetic(arithmetic, left.expr, right.expr), .date)
        }
        if left.type == .date, right.type == .date, op == .subtract {
            return (.arithmetic(.subtract, left.expr, right.expr), .number)
        }
        for (side, typed) in [(lhs, left), (rhs, right)] where typed.type != .number && typed.type != .null {
            report("\(op.rawValue) needs numbers; '\(source.text(in: side.range))' is \(typed.type.described)", side.range,
                   help: typed.type == .text ? "CAST(… AS NUMBER) converts text; || joins text" : nil)
            return nil
        }
        return (.arithmetic(arithmetic, left.expr, right.expr), .number)
    }

    /// Both sides of a comparison made comparable: a text constant takes the other side's type
    /// (a date, a number, an enumeration's option value from its label).
    mutating func comparable(_ left: Typed, _ right: Typed, range: SourceRange) -> (ScalarExpr, ScalarExpr)? {
        var a = left
        var b = right
        if let coerced = coerceConstant(b, to: a.type, matching: a.expr, range: range) { b = coerced }
        if let coerced = coerceConstant(a, to: b.type, matching: b.expr, range: range) { a = coerced }
        if a.type.accepts(b.type) || (a.type == .text && b.type == .text) { return (a.expr, b.expr) }
        report("cannot compare \(a.type.described) with \(b.type.described)", range,
               help: "CAST one side: CAST(x AS TEXT), CAST(x AS NUMBER), CAST(x AS DATE)")
        return nil
    }

    /// A text constant converted to `type` (nil when it is not a text constant, or already fits).
    mutating func coerceConstant(_ typed: Typed, to type: ScalarType, matching other: ScalarExpr? = nil, range: SourceRange? = nil) -> Typed? {
        guard case .constant(.string(let text)) = typed.expr else { return nil }
        switch type {
        case .number:
            guard let number = Double(text) else { return nil }
            return (.constant(.number(number)), .number)
        case .bool:
            switch text.lowercased() {
            case "true": return (.constant(.bool(true)), .bool)
            case "false": return (.constant(.bool(false)), .bool)
            default: return nil
            }
        case .date:
            if TimeResolver.ymd(text) != nil, text.utf8.count == 10 { return (.constant(.date(text)), .date) }
            return time.instant(text).map { (.constant(.date(time.localDay($0))), .date) }
        case .datetime:
            if let instant = time.instant(text) { return (.constant(.datetime(instant)), .datetime) }
            if TimeResolver.ymd(text) != nil, text.utf8.count == 10 { return (.constant(.date(text)), .date) }
            return nil
        case .text:
            // An enumeration compares by option value: accept its label too.
            let property: Property?
            switch other {
            case .property(let name, .enumeration)?: property = scopeProperty(name)
            case .associated(let index, let name, .enumeration)?: property = associations[index].target.property(name)
            default: property = nil
            }
            guard let property, let range else { return nil }
            guard let value = enumerationValue(text, property: property, range: range) else { return nil }
            return (.constant(.string(value)), .text)
        case .null:
            return nil
        }
    }

    /// The FROM object's property by bound name (the binder's current object).
    private func scopeProperty(_ name: String) -> Property? {
        currentObject?.property(name)
    }

    /// A condition WHERE's own binder can take whole (a property of the FROM object tested
    /// against values): bound there, so it means exactly what it means in WHERE (periods for
    /// `LAST 7 DAYS`, option labels, case-insensitive text). Nil when it has another shape.
    private mutating func simpleCondition(_ expr: Expr, _ scope: ScalarScope) -> Typed? {
        guard scope.groupKeys == nil, Self.isSimpleCondition(expr), !expr.hasQualifiedColumn else { return nil }
        return bindPredicate(expr, object: scope.object, alias: scope.alias).map { (.condition($0), .bool) }
    }

    /// Whether WHERE's binder takes `expr` as written: AND/OR/NOT of a property compared with
    /// values (literals, parameters, relative dates, NOW() ± intervals, OWNER(…)).
    static func isSimpleCondition(_ expr: Expr) -> Bool {
        func isValue(_ expr: Expr) -> Bool {
            switch expr.kind {
            case .literal, .parameter, .relativeDate: return true
            case .function(let call): return (call.name == "NOW" && call.arguments.isEmpty) || call.name == "OWNER"
            case .binary(let op, let lhs, let rhs) where op == .add || op == .subtract:
                if case .interval = rhs.kind { return isValue(lhs) }
                return false
            case .unary(let sign, let operand) where sign != .not:
                if case .literal(.number) = operand.kind { return true }
                return false
            default: return false
            }
        }
        func isProperty(_ expr: Expr) -> Bool {
            if case .column = expr.kind { return true }
            return false
        }
        switch expr.kind {
        case .and(let parts), .or(let parts): return parts.allSatisfy(isSimpleCondition)
        case .unary(.not, let operand): return isSimpleCondition(operand)
        case .literal(.boolean): return true
        case .binary(let op, let lhs, let rhs) where ComparisonOperator(op) != nil:
            return (isProperty(lhs) && isValue(rhs)) || (isValue(lhs) && isProperty(rhs))
        case .inList(let lhs, let values, _): return isProperty(lhs) && values.allSatisfy(isValue)
        case .between(let lhs, let low, let high, _): return isProperty(lhs) && isValue(low) && isValue(high)
        case .isNull(let lhs, _): return isProperty(lhs)
        case .like(let lhs, let pattern, _), .ilike(let lhs, let pattern, _): return isProperty(lhs) && isValue(pattern)
        case .contains(let lhs, let token, _): return isProperty(lhs) && isValue(token)
        case .search, .inSubquery: return true
        default: return false
        }
    }

    // MARK: CASE and CAST

    private mutating func bindCase(_ operand: Expr?, _ branches: [CaseBranch], _ otherwise: Expr?, _ scope: inout ScalarScope) -> Typed? {
        var subject: Typed?
        if let operand {
            guard let bound = bindScalar(operand, &scope) else { return nil }
            subject = bound
        }
        var arms: [ScalarExpr.CaseArm] = []
        var results: [(Typed, SourceRange)] = []
        for branch in branches {
            let condition: ScalarExpr
            if let subject {
                guard let value = bindScalar(branch.condition, &scope),
                      let (a, b) = comparable(subject, value, range: branch.condition.range) else { return nil }
                condition = .compare(.equal, a, b)
            } else {
                guard let bound = bindCondition(branch.condition, &scope) else { return nil }
                condition = bound
            }
            guard let result = bindScalar(branch.result, &scope) else { return nil }
            arms.append(ScalarExpr.CaseArm(condition: condition, result: result.expr))
            results.append((result, branch.result.range))
        }
        var fallback: ScalarExpr?
        if let otherwise {
            guard let bound = bindScalar(otherwise, &scope) else { return nil }
            fallback = bound.expr
            results.append((bound, otherwise.range))
        }
        let type = results.map(\.0.type).first { $0 != .null } ?? .null
        for (result, range) in results where !type.accepts(result.type) && !(type == .text && result.type == .text) {
            report("CASE results must have one type: this one is \(result.type.described), the first is \(type.described)", range,
                   help: "CAST the results to one type")
            return nil
        }
        return (.caseWhen(arms, otherwise: fallback), type)
    }

    static let castTypeNames = ["TEXT", "VARCHAR", "STRING", "NUMBER", "NUMERIC", "DECIMAL", "DOUBLE", "FLOAT", "REAL",
                                "INTEGER", "INT", "BIGINT", "BOOLEAN", "BOOL", "DATE", "TIMESTAMP", "TIMESTAMPTZ", "DATETIME"]

    /// A type name's type, and whether it is an integer type (the cast rounds).
    static func castType(_ name: String) -> (ScalarType, Bool)? {
        switch name {
        case "TEXT", "VARCHAR", "STRING", "CHAR": (.text, false)
        case "NUMBER", "NUMERIC", "DECIMAL", "DOUBLE", "FLOAT", "REAL": (.number, false)
        case "INTEGER", "INT", "BIGINT", "SMALLINT": (.number, true)
        case "BOOLEAN", "BOOL": (.bool, false)
        case "DATE": (.date, false)
        case "TIMESTAMP", "TIMESTAMPTZ", "DATETIME": (.datetime, false)
        default: nil
        }
    }
}

extension Expr.Kind {
    var isSearch: Bool {
        if case .search = self { return true }
        return false
    }
}
