import Foundation
import HubSpotAPI

/// Evaluates a bound predicate on one record's wire values, as HubSpot's search compares them:
/// strings case-insensitively, enumerations exactly (multi-select values split on `;`), numbers
/// and dates numerically (dates in epoch ms). SQL's rule for missing values holds: a record
/// without the property is unknown to every test but `IS NULL`.
///
/// It re-checks rows where the plan could only narrow the search (`residual`), and lets tests
/// compare a plan's answer with the predicate's own.
struct PredicateEvaluator: Sendable {
    /// Whether the predicate is true for the record (unknown counts as not matching).
    func matches(_ predicate: BoundPredicate, _ values: some PredicateValues) -> Bool {
        evaluate(predicate, values) == true
    }

    /// SQL's three-valued logic: a comparison with a missing value is unknown (nil), and
    /// `NOT unknown` stays unknown — the same rule the planner's negation normal form relies on.
    func evaluate(_ predicate: BoundPredicate, _ values: some PredicateValues) -> Bool? {
        switch predicate {
        case .and(let parts): return junction(parts, values, deciding: false)
        case .or(let parts): return junction(parts, values, deciding: true)
        case .not(let inner): return evaluate(inner, values).map { !$0 }
        case .constant(let value): return value
        case .isNull(let property, let negated):
            let present = !(values.value(of: property) ?? "").isEmpty
            return present == negated
        case .compare(let property, let type, let op, let expected):
            guard let value = present(values, property) else { return nil }
            return Self.compare(value, expected, type: type) { order in
                switch op {
                case .equal: order == 0
                case .notEqual: order != 0
                case .less: order < 0
                case .lessEqual: order <= 0
                case .greater: order > 0
                case .greaterEqual: order >= 0
                }
            }
        case .inList(let property, let type, let expected, let negated):
            guard let value = present(values, property) else { return nil }
            let hit = expected.contains { candidate in Self.compare(value, candidate, type: type) { $0 == 0 } }
            return hit != negated
        case .between(let property, let type, let low, let high, let negated):
            guard let value = present(values, property) else { return nil }
            let inside = Self.compare(value, low, type: type) { $0 >= 0 } && Self.compare(value, high, type: type) { $0 <= 0 }
            return inside != negated
        case .like(let property, let pattern, let negated):
            guard let value = present(values, property) else { return nil }
            return Self.like(value.lowercased(), pattern.lowercased()) != negated
        case .computed(let condition):
            let evaluator = ScalarEvaluator(timeZone: condition.timeZone, now: 0)
            return evaluator.truth(condition.expression, ComputedRow(values: values))
        case .containsToken(let property, let token, let negated):
            guard let value = present(values, property) else { return nil }
            let tokens = Tokenizer.tokens(value, folding: true)
            let patterns = Tokenizer.tokens(token, folding: true).map(TokenPattern.init)
            let hit = patterns.allSatisfy { pattern in tokens.contains { pattern.matches($0) } }
            return hit != negated
        }
    }

    private func junction(_ parts: [BoundPredicate], _ values: some PredicateValues, deciding: Bool) -> Bool? {
        Self.kleene(parts, deciding: deciding) { evaluate($0, values) }
    }

    /// AND (`deciding` false) or OR (`deciding` true) in Kleene's logic: one `deciding` part
    /// decides; otherwise any unknown part makes the whole unknown. Shared with the compiled form.
    static func kleene<Part>(_ parts: [Part], deciding: Bool, _ evaluate: (Part) -> Bool?) -> Bool? {
        var result: Bool? = !deciding
        for part in parts {
            guard let value = evaluate(part) else {
                result = nil
                continue
            }
            if value == deciding { return deciding }
        }
        return result
    }

    private func present(_ values: some PredicateValues, _ property: String) -> String? {
        guard let value = values.value(of: property), !value.isEmpty else { return nil }
        return value
    }

    /// Compares a record's value with a wire value by type; `test` receives -1, 0 or 1.
    /// An enumeration with several values (`a;b`) satisfies `test` if any of them does.
    static func compare(_ value: String, _ expected: String, type: PropertyType, _ test: (Int) -> Bool) -> Bool {
        switch type {
        case .number:
            guard let lhs = Double(value), let rhs = Double(expected) else { return false }
            return test(lhs < rhs ? -1 : lhs > rhs ? 1 : 0)
        case .date, .datetime:
            guard let lhs = epochMilliseconds(value), let rhs = Int64(expected) else { return false }
            return test(lhs < rhs ? -1 : lhs > rhs ? 1 : 0)
        case .enumeration, .bool:
            let parts = value.contains(";") ? value.split(separator: ";").map(String.init) : [value]
            return parts.contains { test($0 < expected ? -1 : $0 > expected ? 1 : 0) }
        case .string, .phoneNumber:
            let lhs = value.lowercased()
            let rhs = expected.lowercased()
            return test(lhs < rhs ? -1 : lhs > rhs ? 1 : 0)
        }
    }

    /// Records carry datetimes as ISO-8601 UTC and dates as `YYYY-MM-DD`; filters use epoch ms.
    static func epochMilliseconds(_ text: String) -> Int64? {
        if let number = Int64(text) { return number }
        if text.count == 10 { return TimeResolver.midnightUTC(text) }
        // The parser the projector types values with, so a re-check and a column agree.
        return ISO8601Milliseconds.parse(text) ?? utc.instant(text)
    }

    /// Record datetimes carry their zone; the resolver only parses them.
    private static let utc = TimeResolver(timeZone: .gmt, now: 0)

    /// SQL LIKE: `%` any run, `_` one character (iterative, with backtracking on the last `%`).
    static func like(_ text: String, _ pattern: String) -> Bool {
        let s = Array(text)
        let p = Array(pattern)
        var si = 0
        var pi = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "_" || (p[pi] != "%" && p[pi] == s[si]) {
                si += 1
                pi += 1
            } else if pi < p.count, p[pi] == "%" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "%" { pi += 1 }
        return pi == p.count
    }
}

/// Any predicate values as a row for computed conditions (no associations, no groups).
struct ComputedRow<Values: PredicateValues>: ScalarRow {
    let values: Values
    func value(of property: String) -> String? { values.value(of: property) }
}
