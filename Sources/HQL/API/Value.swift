import Foundation
import HubSpotAPI

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

    /// Appends ``text``'s UTF-8 to `bytes`; false (nothing appended) for ``null``. Renderers of
    /// large exports write cells this way, without a string made per cell.
    public func appendText(to bytes: inout [UInt8]) -> Bool {
        switch self {
        case .null: return false
        case .string(let text), .date(let text): bytes.append(contentsOf: text.utf8)
        case .datetime(let milliseconds): EpochTime.appendISO(milliseconds, to: &bytes)
        case .number, .bool: bytes.append(contentsOf: (text ?? "").utf8)
        }
        return true
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

    static func iso8601(_ milliseconds: Int64) -> String { EpochTime.iso(milliseconds) }
}

extension Value: CustomStringConvertible {
    /// The text, or `NULL`.
    public var description: String { text ?? "NULL" }
}
