/// WHERE: predicates over one object's properties, with literals coerced by property type.
extension Binder {
    /// A coerced operand: one wire value, or a period (relative dates and DATE literals on
    /// temporal properties), which comparisons treat as SOQL treats its date literals.
    enum Operand: Hashable {
        case value(String)
        case period(TimeResolver.Period)
    }

    mutating func bindPredicate(_ expr: Expr, object: ObjectType, alias: String?) -> BoundPredicate? {
        switch expr.kind {
        case .and(let parts):
            let bound = parts.compactMap { bindPredicate($0, object: object, alias: alias) }
            return bound.count == parts.count ? .and(bound) : nil
        case .or(let parts):
            let bound = parts.compactMap { bindPredicate($0, object: object, alias: alias) }
            return bound.count == parts.count ? .or(bound) : nil
        case .unary(.not, let operand):
            return bindPredicate(operand, object: object, alias: alias).map { .not($0) }
        case .literal(.boolean(let value)):
            return .constant(value)
        case .binary(let op, var lhs, var rhs):
            if Self.containsAggregate(lhs) || Self.containsAggregate(rhs) {
                report("aggregate functions are not allowed in WHERE", expr.range, help: "use HAVING")
                return nil
            }
            guard var comparison = ComparisonOperator(op) else {
                report("expected a condition, found arithmetic", expr.range)
                return nil
            }
            if case .column = rhs.kind, !isColumn(lhs) {
                swap(&lhs, &rhs)
                comparison = comparison.flipped
            }
            if isColumn(lhs), isColumn(rhs) {
                report("comparing two properties is not supported", expr.range,
                       help: "HubSpot's search compares a property with a value only, and HQL does not compute such comparisons on the client; compare with a value")
                return nil
            }
            guard let property = resolveProperty(lhs, object: object, alias: alias) else { return nil }
            if case .literal(.null) = rhs.kind {
                report("comparison with NULL is never true", rhs.range, help: "write IS NULL or IS NOT NULL")
                return nil
            }
            guard let operand = coerce(rhs, to: property) else { return nil }
            return compare(property, comparison, operand)
        case .inList(let lhs, let values, let negated):
            guard let property = resolveProperty(lhs, object: object, alias: alias) else { return nil }
            var wire: [String] = []
            wire.reserveCapacity(values.count)
            for value in values {
                guard case .value(let text)? = coerce(value, to: property) else {
                    report("IN takes plain values here", value.range)
                    return nil
                }
                // HubSpot matches string IN values only in lower case; its string comparisons ignore case.
                wire.append(property.type.isTextual ? text.lowercased() : text)
            }
            return .inList(property: property.name, type: property.type, values: wire, negated: negated)
        case .inSubquery(_, let query, _):
            report("IN (SELECT …) is not planned yet", query.from.object.range, help: "the association-planning issue adds semi-joins")
            return nil
        case .between(let lhs, let low, let high, let negated):
            guard let property = resolveProperty(lhs, object: object, alias: alias),
                  let lowOperand = coerce(low, to: property), let highOperand = coerce(high, to: property) else { return nil }
            let lowValue: String
            let highValue: String
            switch (lowOperand, highOperand) {
            case (.value(let a), .value(let b)): (lowValue, highValue) = (a, b)
            case (.period(let a), .value(let b)): (lowValue, highValue) = (String(a.start), b)
            case (.value(let a), .period(let b)): (lowValue, highValue) = (a, String(b.end - 1))
            case (.period(let a), .period(let b)): (lowValue, highValue) = (String(a.start), String(b.end - 1))
            }
            return .between(property: property.name, type: property.type, low: lowValue, high: highValue, negated: negated)
        case .isNull(let lhs, let negated):
            guard let property = resolveProperty(lhs, object: object, alias: alias) else { return nil }
            return .isNull(property: property.name, negated: negated)
        case .like(let lhs, let pattern, let negated), .ilike(let lhs, let pattern, let negated):
            // LIKE already ignores case (HubSpot compares text so): ILIKE is the same test.
            guard let property = resolveProperty(lhs, object: object, alias: alias) else { return nil }
            guard property.type.isTextual || property.type == .enumeration else {
                report("LIKE needs a text property; \(property.name) is \(property.type.rawValue)", expr.range)
                return nil
            }
            guard let text = constantString(pattern) else { return nil }
            return .like(property: property.name, pattern: text, negated: negated)
        case .contains(let lhs, let token, let negated):
            guard let property = resolveProperty(lhs, object: object, alias: alias), let text = constantString(token) else {
                return nil
            }
            return .containsToken(property: property.name, token: text, negated: negated)
        case .search:
            report("SEARCH must be one of the top-level AND-ed conditions", expr.range,
                   help: "HubSpot's full-text query applies to the whole search")
            return nil
        case .function(let call) where call.isAggregate:
            report("aggregate functions are not allowed in WHERE", expr.range, help: "use HAVING")
            return nil
        default:
            report("expected a condition", expr.range)
            return nil
        }
    }

    /// Whether an aggregate appears anywhere in `expr` (not inside a subquery: that is its own query).
    static func containsAggregate(_ expr: Expr) -> Bool {
        expr.contains { if case .function(let call) = $0 { call.isAggregate } else { false } }
    }

    private func isColumn(_ expr: Expr) -> Bool {
        if case .column = expr.kind { return true }
        return false
    }

    /// Maps a comparison with a period the way SOQL's date literals compare.
    func compare(_ property: Property, _ op: ComparisonOperator, _ operand: Operand) -> BoundPredicate {
        switch operand {
        case .value(let value):
            return .compare(property: property.name, type: property.type, op, value: value)
        case .period(let period):
            let start = String(period.start)
            let last = String(period.end - 1)
            let name = property.name
            let type = property.type
            switch op {
            case .equal: return .between(property: name, type: type, low: start, high: last, negated: false)
            case .notEqual: return .between(property: name, type: type, low: start, high: last, negated: true)
            case .greaterEqual: return .compare(property: name, type: type, .greaterEqual, value: start)
            case .greater: return .compare(property: name, type: type, .greater, value: last)
            case .less: return .compare(property: name, type: type, .less, value: start)
            case .lessEqual: return .compare(property: name, type: type, .lessEqual, value: last)
            }
        }
    }

    /// A literal, parameter or date expression as the wire value `property` compares with.
    mutating func coerce(_ expr: Expr, to property: Property) -> Operand? {
        // `-5` parses as minus applied to 5: the value is the negative number.
        if case .unary(let sign, let operand) = expr.kind, sign != .not, case .literal(.number(let digits)) = operand.kind {
            let text = sign == .minus ? (digits.hasPrefix("-") ? String(digits.dropFirst()) : "-" + digits) : digits
            return coerce(Expr(.literal(.number(text)), range: expr.range), to: property)
        }
        if case .parameter(let parameter) = expr.kind {
            guard let literal = parameters[parameter] else {
                report("no value for parameter \(Self.describe(parameter))", expr.range)
                return nil
            }
            return coerce(Expr(.literal(literal), range: expr.range), to: property)
        }
        if case .function(let call) = expr.kind, call.name == "OWNER" {
            return ownerId(call, range: expr.range).map { .value($0) }
        }
        switch property.type {
        case .date, .datetime:
            return coerceTemporal(expr, to: property)
        case .number:
            guard case .literal(let literal) = expr.kind else { return unsupportedValue(expr, property) }
            switch literal {
            case .number(let digits): return .value(digits)
            case .string(let text) where Double(text) != nil: return .value(text)
            default:
                report("'\(source.text(in: expr.range))' is not a number; \(property.name) is a number property", expr.range)
                return nil
            }
        case .bool:
            guard case .literal(let literal) = expr.kind else { return unsupportedValue(expr, property) }
            switch literal {
            case .boolean(let value): return .value(value ? "true" : "false")
            case .string(let text) where ["true", "false"].contains(text.lowercased()): return .value(text.lowercased())
            default:
                report("\(property.name) is a boolean property: compare it with TRUE or FALSE", expr.range)
                return nil
            }
        case .enumeration:
            guard let text = literalText(expr) else { return unsupportedValue(expr, property) }
            return enumerationValue(text, property: property, range: expr.range).map { .value($0) }
        case .string, .phoneNumber:
            guard let text = literalText(expr) else { return unsupportedValue(expr, property) }
            return .value(text)
        }
    }

    /// Enumerations compare case-sensitively on HubSpot: accept the internal value, or a label
    /// (any case) mapped to its value; anything else is an error naming the options.
    mutating func enumerationValue(_ text: String, property: Property, range: SourceRange) -> String? {
        if property.options.isEmpty || property.options.contains(where: { $0.value == text }) { return text }
        if let byLabel = property.options.first(where: { $0.label.lowercased() == text.lowercased() }) { return byLabel.value }
        if let byValue = property.options.first(where: { $0.value.lowercased() == text.lowercased() }) { return byValue.value }
        let values = property.options.map(\.value)
        let labels = property.options.map(\.label).filter { label in !values.contains { $0.lowercased() == label.lowercased() } }
        let names = values + labels
        let listed = property.options.prefix(8).map { "'\($0.value)'" }.joined(separator: ", ")
        report("'\(text)' is not an option of \(property.name)", range,
               help: Suggestions.didYouMean(text, among: names) ?? "its options are \(listed)\(property.options.count > 8 ? ", …" : "")")
        return nil
    }

    /// `OWNER('ana@x.com')`: the owner's id, for `hubspot_owner_id`.
    private mutating func ownerId(_ call: FunctionCall, range: SourceRange) -> String? {
        guard call.arguments.count == 1, let email = constantString(call.arguments[0]) else {
            report("OWNER takes one e-mail address", range)
            return nil
        }
        if let owner = schema.owners.first(where: { $0.email.lowercased() == email.lowercased() }) { return owner.id }
        report("no owner has the e-mail '\(email)'", range,
               help: Suggestions.didYouMean(email, among: schema.owners.map(\.email)) ?? "SHOW OWNERS lists them")
        return nil
    }

    private mutating func coerceTemporal(_ expr: Expr, to property: Property) -> Operand? {
        let isDate = property.type == .date
        func adapt(_ period: TimeResolver.Period) -> Operand { .period(isDate ? time.datePeriod(period) : period) }
        switch expr.kind {
        case .relativeDate(let date):
            return adapt(time.period(date))
        case .literal(.date(let text)):
            if isDate { return TimeResolver.midnightUTC(text).map { .value(String($0)) } }
            return time.day(text).map { .period($0) }
        case .literal(.datetime(let text)):
            guard let instant = time.instant(text) else { return invalidTemporal(expr, property) }
            return .value(String(instant))
        case .literal(.string(let text)):
            if TimeResolver.ymd(text) != nil {
                return coerceTemporal(Expr(.literal(.date(text)), range: expr.range), to: property)
            }
            if let instant = time.instant(text) { return .value(String(instant)) }
            return invalidTemporal(expr, property)
        case .literal(.number(let digits)) where Int64(digits) != nil:
            return .value(digits)
        case .function(let call) where call.name == "NOW" && call.arguments.isEmpty:
            return .value(String(time.now))
        case .binary(let op, let lhs, let rhs) where op == .add || op == .subtract:
            guard case .interval(let interval) = rhs.kind, let base = coerceTemporal(lhs, to: property) else {
                return invalidTemporal(expr, property)
            }
            switch base {
            case .value(let text):
                guard let instant = Int64(text) else { return invalidTemporal(expr, property) }
                return .value(String(time.shift(instant, by: interval, forward: op == .add)))
            case .period(let period):
                return .period(TimeResolver.Period(
                    start: time.shift(period.start, by: interval, forward: op == .add),
                    end: time.shift(period.end, by: interval, forward: op == .add)))
            }
        default:
            return invalidTemporal(expr, property)
        }
    }

    private mutating func invalidTemporal(_ expr: Expr, _ property: Property) -> Operand? {
        report("'\(source.text(in: expr.range))' is not a \(property.type.rawValue)", expr.range,
               help: "write DATE 'YYYY-MM-DD', TIMESTAMP 'YYYY-MM-DDTHH:MM:SSZ', TODAY, LAST 7 DAYS or NOW() - INTERVAL '1 day'")
        return nil
    }

    private mutating func unsupportedValue(_ expr: Expr, _ property: Property) -> Operand? {
        report("expected a value for \(property.name) (\(property.type.rawValue))", expr.range)
        return nil
    }

    /// A string, number or boolean literal as text.
    private func literalText(_ expr: Expr) -> String? {
        guard case .literal(let literal) = expr.kind else { return nil }
        switch literal {
        case .string(let text), .number(let text), .date(let text), .datetime(let text): return text
        case .boolean(let value): return value ? "true" : "false"
        case .null: return nil
        }
    }

    /// A string literal or a parameter bound to one.
    mutating func constantString(_ expr: Expr) -> String? {
        switch expr.kind {
        case .literal(.string(let text)): return text
        case .parameter(let parameter):
            if case .string(let text)? = parameters[parameter] { return text }
            report("no text value for parameter \(Self.describe(parameter))", expr.range)
            return nil
        default:
            report("expected a quoted string", expr.range)
            return nil
        }
    }
}

extension ComparisonOperator {
    init?(_ op: BinaryOperator) {
        switch op {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        default: return nil
        }
    }

    /// The operator with its operands swapped: `5 < x` is `x > 5`.
    var flipped: ComparisonOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: self
        }
    }
}
