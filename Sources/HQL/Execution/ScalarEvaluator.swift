import Foundation
import HubSpotAPI
import Synchronization

/// What a computed expression reads: the FROM record's wire values, the associated records', and
/// in a grouped query the group's keys and aggregates.
protocol ScalarRow: PredicateValues {
    func related(_ association: Int, _ property: String) -> String?
    func groupKey(_ index: Int) -> Value
    func aggregate(_ index: Int) -> Value
}

extension ScalarRow {
    func related(_ association: Int, _ property: String) -> String? { nil }
    func groupKey(_ index: Int) -> Value { .null }
    func aggregate(_ index: Int) -> Value { .null }
}

extension RecordValues: ScalarRow {}

extension JoinedRecord: ScalarRow {
    func value(of property: String) -> String? { RowProjector.raw(primary, property) }
    func related(_ association: Int, _ property: String) -> String? {
        guard association < related.count, let record = related[association] else { return nil }
        return RowProjector.raw(record, property)
    }
}

/// Computes ``ScalarExpr``s. Values are typed once, from the wire string by the property's type;
/// arithmetic on numbers is decimal (`12345.67 * 0.2` is `2469.134`, not `2469.1340000000002`);
/// text compares ignoring case, as HubSpot's search does; dates use the session's time zone.
/// A value that cannot be computed (division by zero, a cast that does not parse) is NULL.
struct ScalarEvaluator: Sendable {
    let time: TimeResolver
    private let regexes = RegexCache()

    /// Dates (no zone) shift in UTC; made once, not per value (a Calendar is costly to build).
    private let utc: TimeResolver

    init(timeZone: TimeZone, now: Int64) {
        time = TimeResolver(timeZone: timeZone, now: now)
        utc = TimeResolver(timeZone: TimeZone(identifier: "UTC") ?? timeZone, now: now)
    }

    func evaluate(_ expr: ScalarExpr, _ row: some ScalarRow) -> Value {
        switch expr {
        case .constant(let value): return value
        case .property(let name, let type): return RowProjector.typed(row.value(of: name), type)
        case .associated(let index, let name, let type): return RowProjector.typed(row.related(index, name), type)
        case .groupKey(let index): return row.groupKey(index)
        case .aggregate(let index): return row.aggregate(index)
        // Written in before the statement runs (QueryPrelude); unreachable otherwise.
        case .subquery: return .null
        case .label(let inner, let options):
            guard let raw = evaluate(inner, row).text else { return .null }
            let parts = raw.split(separator: ";", omittingEmptySubsequences: false).map { options[String($0)] ?? String($0) }
            return .string(parts.joined(separator: ";"))
        case .negate(let inner):
            guard case .number(let number) = evaluate(inner, row) else { return .null }
            return .number(-number)
        case .arithmetic(let op, let lhs, let rhs):
            return arithmetic(op, evaluate(lhs, row), evaluate(rhs, row))
        case .concat(let parts):
            var text = ""
            for part in parts {
                guard let piece = evaluate(part, row).text else { return .null }
                text += piece
            }
            return .string(text)
        case .compare, .and, .or, .not, .isNull, .inList, .between, .like, .condition:
            return truth(expr, row).map(Value.bool) ?? .null
        case .caseWhen(let arms, let otherwise):
            for arm in arms where truth(arm.condition, row) == true { return evaluate(arm.result, row) }
            return otherwise.map { evaluate($0, row) } ?? .null
        case .cast(let inner, let type):
            return cast(evaluate(inner, row), to: type)
        case .call(let function, let arguments):
            return call(function, arguments, row)
        case .shift(let inner, let interval, let forward):
            switch evaluate(inner, row) {
            case .datetime(let instant): return .datetime(time.shift(instant, by: interval, forward: forward))
            case .date(let day):
                guard let midnight = TimeResolver.midnightUTC(day) else { return .null }
                let shifted = utc.shift(midnight, by: interval, forward: forward)
                return .date(EpochTime.day(shifted))
            default: return .null
            }
        }
    }

    /// A condition's three-valued truth: nil is SQL's unknown.
    func truth(_ expr: ScalarExpr, _ row: some ScalarRow) -> Bool? {
        switch expr {
        case .compare(let op, let lhs, let rhs):
            guard let order = Self.compare(evaluate(lhs, row), evaluate(rhs, row), time) else { return nil }
            switch op {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessEqual: return order <= 0
            case .greater: return order > 0
            case .greaterEqual: return order >= 0
            }
        case .and(let parts):
            var unknown = false
            for part in parts {
                switch truth(part, row) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case .or(let parts):
            var unknown = false
            for part in parts {
                switch truth(part, row) {
                case true?: return true
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? nil : false
        case .not(let inner): return truth(inner, row).map { !$0 }
        case .isNull(let inner, let negated): return evaluate(inner, row).isNull != negated
        case .inList(let lhs, let values, let negated):
            let value = evaluate(lhs, row)
            guard !value.isNull else { return nil }
            var unknown = false
            for candidate in values {
                switch Self.compare(value, evaluate(candidate, row), time) {
                case 0?: return !negated
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : negated
        case .between(let value, let low, let high, let negated):
            let subject = evaluate(value, row)
            guard let lower = Self.compare(subject, evaluate(low, row), time),
                  let upper = Self.compare(subject, evaluate(high, row), time) else { return nil }
            return (lower >= 0 && upper <= 0) != negated
        case .like(let lhs, let pattern, let negated):
            guard let text = evaluate(lhs, row).text, let pattern = evaluate(pattern, row).text else { return nil }
            return PredicateEvaluator.like(text.lowercased(), pattern.lowercased()) != negated
        case .condition(let predicate):
            return PredicateEvaluator().evaluate(predicate, row)
        default:
            switch evaluate(expr, row) {
            case .bool(let flag): return flag
            case .null: return nil
            case .number(let number): return number != 0
            case .string(let text): return ["true", "t", "yes", "1"].contains(text.lowercased())
            default: return nil
            }
        }
    }

    // MARK: Values

    /// SQL comparison of two values (nil when either is NULL): numbers and instants numerically,
    /// a date against an instant at the date's midnight in the session's zone, text ignoring case.
    static func compare(_ lhs: Value, _ rhs: Value, _ time: TimeResolver) -> Int? {
        switch (lhs, rhs) {
        case (.null, _), (_, .null): return nil
        case (.number(let a), .number(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.datetime(let a), .datetime(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.date(let a), .date(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.date(let day), .datetime), (.datetime, .date(let day)):
            guard let start = time.day(day)?.start else { return nil }
            if case .datetime(let instant) = lhs { return compare(.datetime(instant), .datetime(start), time) }
            return compare(.datetime(start), rhs, time)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        case (.number(let a), .string(let text)):
            guard let b = Double(text) else { return nil }
            return a < b ? -1 : a > b ? 1 : 0
        case (.string, .number): return compare(rhs, lhs, time).map { -$0 }
        default:
            let a = (lhs.text ?? "").lowercased()
            let b = (rhs.text ?? "").lowercased()
            return a < b ? -1 : a > b ? 1 : 0
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ lhs: Value, _ rhs: Value) -> Value {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            if op == .modulo {
                guard b != 0 else { return .null }
                return .number(a.truncatingRemainder(dividingBy: b))
            }
            // Whole numbers well inside 2^53 add, subtract and multiply exactly as doubles: no
            // detour through decimal text (the common case, and the costly one).
            let exact = 9_007_199_254_740_992.0
            if op != .divide, a == a.rounded(), b == b.rounded(), abs(a) < 94_906_265, abs(b) < 94_906_265 {
                let result = op == .add ? a + b : op == .subtract ? a - b : a * b
                if abs(result) < exact { return .number(result) }
            }
            // Decimal through the shortest text: amounts keep their cents exactly.
            guard let x = Decimal(string: Value.format(a)), let y = Decimal(string: Value.format(b)) else { return .null }
            let result: Decimal
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            case .divide:
                guard !y.isZero else { return .null }
                result = x / y
            case .modulo: return .null
            }
            return .number(GroupAggregator.double(result))
        case (.date(let day), .number(let days)) where op == .add || op == .subtract:
            guard let midnight = TimeResolver.midnightUTC(day), days.isFinite, abs(days) < 1e7 else { return .null }
            let shift = Int64(days) * 86_400_000 * (op == .add ? 1 : -1)
            return .date(EpochTime.day(midnight + shift))
        case (.number, .date) where op == .add: return arithmetic(op, rhs, lhs)
        case (.date(let a), .date(let b)) where op == .subtract:
            guard let x = TimeResolver.midnightUTC(a), let y = TimeResolver.midnightUTC(b) else { return .null }
            return .number(Double((x - y) / 86_400_000))
        default:
            return .null
        }
    }

    func cast(_ value: Value, to type: ScalarType) -> Value {
        if value.isNull { return .null }
        switch type {
        case .null: return .null
        case .text:
            if case .string = value { return value }
            return value.text.map(Value.string) ?? .null
        case .number:
            switch value {
            case .number: return value
            case .bool(let flag): return .number(flag ? 1 : 0)
            case .datetime(let instant): return .number(Double(instant))
            default:
                let text = (value.text ?? "").trimmingCharacters(in: .whitespaces)
                return Double(text).map(Value.number) ?? .null
            }
        case .bool:
            switch value {
            case .bool: return value
            case .number(let number): return .bool(number != 0)
            default:
                switch (value.text ?? "").lowercased() {
                case "true", "t", "yes", "y", "1", "on": return .bool(true)
                case "false", "f", "no", "n", "0", "off": return .bool(false)
                default: return .null
                }
            }
        case .date:
            switch value {
            case .date: return value
            case .datetime(let instant): return .date(localDay(instant))
            case .number(let number): return .date(localDay(Int64(number)))
            default:
                let text = value.text ?? ""
                if TimeResolver.ymd(text) != nil, text.utf8.count == 10 { return .date(text) }
                return time.instant(text).map { .date(localDay($0)) } ?? .null
            }
        case .datetime:
            switch value {
            case .datetime: return value
            case .date(let day): return time.day(day).map { .datetime($0.start) } ?? .null
            case .number(let number): return number.isFinite && abs(number) < 1e16 ? .datetime(Int64(number)) : .null
            default:
                let text = value.text ?? ""
                if let instant = time.instant(text) { return .datetime(instant) }
                if TimeResolver.ymd(text) != nil { return time.day(text).map { .datetime($0.start) } ?? .null }
                return .null
            }
        }
    }

    // MARK: Dates

    /// The calendar day of an instant in the session's zone.
    func localDay(_ instant: Int64) -> String {
        time.localDay(instant)
    }

    /// The instant moved by the zone's offset then: its local wall time read as UTC.
    func localMilliseconds(_ instant: Int64) -> Int64 {
        time.localMilliseconds(instant)
    }

    /// Local wall-clock parts of a value (dates at midnight).
    func parts(_ value: Value) -> (days: Int64, milliseconds: Int64)? {
        let local: Int64
        switch value {
        case .datetime(let instant): local = localMilliseconds(instant)
        case .date(let day):
            guard let midnight = TimeResolver.midnightUTC(day) else { return nil }
            local = midnight
        default: return nil
        }
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return (days, local - days * 86_400_000)
    }

    // MARK: Regular expressions

    /// REGEXP_MATCHES compiles each distinct pattern once per statement.
    final class RegexCache: Sendable {
        private let compiled = Mutex<[String: NSRegularExpression]>([:])

        func matches(_ text: String, _ pattern: String) -> Bool? {
            let regex: NSRegularExpression? = compiled.withLock { cache in
                if let known = cache[pattern] { return known }
                guard cache.count < 256, let made = try? NSRegularExpression(pattern: pattern) else { return nil }
                cache[pattern] = made
                return made
            }
            guard let regex else { return nil }
            let range = NSRange(text.startIndex..., in: text)
            return regex.firstMatch(in: text, range: range) != nil
        }
    }

    func regexMatches(_ text: String, _ pattern: String) -> Bool? { regexes.matches(text, pattern) }
}
