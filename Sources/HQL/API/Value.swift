import Foundation

/// One typed cell of a result row.
///
/// HubSpot sends every property value as a string; HQL types it from the schema: numbers,
/// booleans, instants (`datetime` properties, epoch milliseconds) and calendar dates (`date`
/// properties, `YYYY-MM-DD`). A property with no value is ``null``.
public enum Value: Sendable, Hashable {
    case null
    case string(String)
    /// A number property, an aggregate or a count. Whole numbers print without a fraction.
    case number(Double)
    case bool(Bool)
    /// An instant, in epoch milliseconds (UTC).
    case datetime(Int64)
    /// A calendar date, `YYYY-MM-DD`.
    case date(String)

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }

    /// The value as text: what CSV, `line` mode and the table print (`nil` for ``null``).
    /// Instants print as ISO-8601 UTC with milliseconds, as HubSpot writes them.
    public var text: String? {
        switch self {
        case .null: nil
        case .string(let text): text
        case .number(let number): Value.format(number)
        case .bool(let flag): flag ? "true" : "false"
        case .datetime(let milliseconds): Value.iso8601(milliseconds)
        case .date(let day): day
        }
    }

    /// Whether renderers align it to the right.
    public var isNumeric: Bool {
        if case .number = self { return true }
        return false
    }

    /// The Swift value for JSON output and `Decodable` rows: `String`, `Double`, `Bool` or `nil`
    /// (dates as their ISO text).
    var jsonObject: (any Sendable)? {
        switch self {
        case .null: nil
        case .string(let text), .date(let text): text
        case .number(let number): number
        case .bool(let flag): flag
        case .datetime: text
        }
    }

    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    static func iso8601(_ milliseconds: Int64) -> String {
        let seconds = milliseconds.floorDivided(by: 1000)
        let millis = milliseconds - seconds * 1000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)).\(fraction)Z"
    }

    /// Howard Hinnant's days-from-civil inverse: no Calendar, no allocation.
    static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Value: CustomStringConvertible {
    /// The text, or `NULL`.
    public var description: String { text ?? "NULL" }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
