import Foundation
import HubSpotAPI

/// Range tightening: AND-ed bounds on one ordered property (a number, date or datetime) become
/// the one range they leave — `createdate >= A AND createdate >= B` is `createdate >= max(A, B)`,
/// two BETWEENs their intersection, disjoint bounds FALSE. Fewer filters fit HubSpot's limits more
/// often (fewer searches, fewer client re-checks) and say the same thing.
extension FilterPlanner {
    /// The predicate with every AND's bounds tightened (recursively); the same value when there is
    /// nothing to tighten.
    static func tightenRanges(_ predicate: BoundPredicate) -> BoundPredicate {
        switch predicate {
        case .and(let parts):
            var changed = false
            var mapped = parts
            for index in parts.indices {
                // Only an OR holding an AND can hold bounds to merge.
                if case .or(let alternatives) = parts[index], alternatives.contains(where: \.isConjunction) {
                    mapped[index] = tightenRanges(parts[index])
                    changed = true
                }
            }
            if let tight = tightened(mapped) { return .and(tight) }
            return changed ? .and(mapped) : predicate
        case .or(let parts):
            guard parts.contains(where: \.isConjunction) else { return predicate }
            return .or(parts.map(tightenRanges))
        default:
            return predicate
        }
    }

    /// A conjunction with each ordered property's bounds merged into one range, or nil when no
    /// property has two bounds (then nothing is allocated).
    static func tightened(_ atoms: [BoundPredicate]) -> [BoundPredicate]? {
        // Most conjunctions have fewer than two bounds: decided without allocating.
        var bounds = 0
        for atom in atoms where rangeProperty(atom) != nil { bounds += 1 }
        guard bounds >= 2 else { return nil }
        var named: [String] = []
        var repeated: [String] = []
        for atom in atoms {
            guard let name = rangeProperty(atom) else { continue }
            if named.contains(name) {
                if !repeated.contains(name) { repeated.append(name) }
            } else {
                named.append(name)
            }
        }
        guard !repeated.isEmpty else { return nil }

        var result: [BoundPredicate] = []
        result.reserveCapacity(atoms.count)
        var done: [String] = []
        for atom in atoms {
            guard let name = rangeProperty(atom), repeated.contains(name) else {
                result.append(atom)
                continue
            }
            if done.contains(name) { continue }
            done.append(name)
            let bounds = atoms.filter { rangeProperty($0) == name }
            // A bound that does not parse as a number: keep them all as written.
            result += merge(bounds) ?? bounds
        }
        return result
    }

    /// The property a range atom bounds (a comparison other than `=`/`!=`, or BETWEEN) on an
    /// ordered property.
    private static func rangeProperty(_ atom: BoundPredicate) -> String? {
        switch atom {
        case .compare(let property, let type, let op, _) where type.isOrdered && op != .equal && op != .notEqual: property
        case .between(let property, let type, _, _, false) where type.isOrdered: property
        default: nil
        }
    }

    private struct Bound {
        var number: Number
        var text: String
        var inclusive: Bool
    }

    /// Integers compare as integers (epoch milliseconds, the common case); others as decimals.
    private enum Number: Comparable {
        case integer(Int64)
        case decimal(Decimal)

        var decimal: Decimal {
            switch self {
            case .integer(let value): Decimal(value)
            case .decimal(let value): value
            }
        }

        static func < (lhs: Number, rhs: Number) -> Bool {
            if case .integer(let a) = lhs, case .integer(let b) = rhs { return a < b }
            return lhs.decimal < rhs.decimal
        }

        static func == (lhs: Number, rhs: Number) -> Bool {
            if case .integer(let a) = lhs, case .integer(let b) = rhs { return a == b }
            return lhs.decimal == rhs.decimal
        }
    }

    /// One property's bounds as the fewest atoms: a BETWEEN, one or two comparisons, or FALSE.
    private static func merge(_ atoms: [BoundPredicate]) -> [BoundPredicate]? {
        var lower: Bound?
        var upper: Bound?
        var property = ""
        var type = PropertyType.number
        // The higher lower bound wins, the lower upper bound; at the same number, exclusive wins.
        func raise(_ text: String, inclusive: Bool) -> Bool {
            guard let number = number(text) else { return false }
            if let current = lower, current.number >= number {
                if current.number == number { lower?.inclusive = current.inclusive && inclusive }
                return true
            }
            lower = Bound(number: number, text: text, inclusive: inclusive)
            return true
        }
        func lowerCeiling(_ text: String, inclusive: Bool) -> Bool {
            guard let number = number(text) else { return false }
            if let current = upper, current.number <= number {
                if current.number == number { upper?.inclusive = current.inclusive && inclusive }
                return true
            }
            upper = Bound(number: number, text: text, inclusive: inclusive)
            return true
        }
        for atom in atoms {
            switch atom {
            case .compare(let name, let kind, let op, let value):
                property = name
                type = kind
                let parsed = switch op {
                case .greater: raise(value, inclusive: false)
                case .greaterEqual: raise(value, inclusive: true)
                case .less: lowerCeiling(value, inclusive: false)
                case .lessEqual: lowerCeiling(value, inclusive: true)
                case .equal, .notEqual: false
                }
                if !parsed { return nil }
            case .between(let name, let kind, let low, let high, _):
                property = name
                type = kind
                guard raise(low, inclusive: true), lowerCeiling(high, inclusive: true) else { return nil }
            default:
                return nil
            }
        }
        switch (lower, upper) {
        case let (low?, high?):
            if low.number > high.number || (low.number == high.number && !(low.inclusive && high.inclusive)) {
                return [.constant(false)]
            }
            if low.inclusive && high.inclusive {
                return [.between(property: property, type: type, low: low.text, high: high.text, negated: false)]
            }
            return [.compare(property: property, type: type, low.inclusive ? .greaterEqual : .greater, value: low.text),
                    .compare(property: property, type: type, high.inclusive ? .lessEqual : .less, value: high.text)]
        case let (low?, nil):
            return [.compare(property: property, type: type, low.inclusive ? .greaterEqual : .greater, value: low.text)]
        case let (nil, high?):
            return [.compare(property: property, type: type, high.inclusive ? .lessEqual : .less, value: high.text)]
        case (nil, nil):
            return nil
        }
    }

    /// A wire value as an exact number (`-12`, `3.5`, `1e3`): integers (epoch milliseconds,
    /// counts) without Foundation, decimals through `Decimal`; nil for anything else (an ISO date).
    private static func number(_ text: String) -> Number? {
        if let integer = Int64(text) { return .integer(integer) }
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit).count
        bytes = bytes.dropFirst(whole)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fraction)
        }
        guard whole + fraction > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit).count
            guard exponent > 0 else { return nil }
            bytes = bytes.dropFirst(exponent)
        }
        guard bytes.isEmpty else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map(Number.decimal)
    }
}

extension BoundPredicate {
    var isConjunction: Bool {
        if case .and = self { true } else { false }
    }
}
