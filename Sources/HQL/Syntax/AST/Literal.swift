/// A constant as written. Values stay text until the binder coerces them by property type, so
/// `1.50` prints back as `1.50` and a 20-digit id loses nothing.
enum Literal: Hashable, Sendable {
    case string(String)
    /// The digits as written (`42`, `3.5`, `1e6`).
    case number(String)
    case boolean(Bool)
    case null
    /// `2024-01-31` or `DATE '2024-01-31'`.
    case date(String)
    /// `2024-01-31T10:00:00Z` or `TIMESTAMP '…'`.
    case datetime(String)
}

/// Relative dates, resolved once per statement in the session's time zone by the binder.
/// A period compares as SOQL's date literals do: `=` means within it, `>=` from its start,
/// `>` after its end, `<` before its start, `<=` up to its end.
enum RelativeDate: Hashable, Sendable {
    /// `TODAY`, `YESTERDAY`, `TOMORROW`: one calendar day.
    case day(offset: Int)
    /// `THIS_WEEK`, `LAST_MONTH`, `NEXT_QUARTER`, …: a calendar period `offset` periods from now.
    case calendar(CalendarUnit, offset: Int)
    /// `LAST n DAYS`: from n units ago up to now. `NEXT n DAYS`: from now to n units ahead.
    case rolling(RollingDirection, count: Int, unit: TimeUnit)

    enum CalendarUnit: String, Hashable, Sendable, CaseIterable {
        case week = "WEEK", month = "MONTH", quarter = "QUARTER", year = "YEAR"
    }

    enum RollingDirection: String, Hashable, Sendable {
        case last = "LAST", next = "NEXT"
    }
}

/// Units of `LAST n …` and `INTERVAL '…'`.
enum TimeUnit: String, Hashable, Sendable, CaseIterable {
    case minute = "MINUTE", hour = "HOUR", day = "DAY", week = "WEEK", month = "MONTH"
    case quarter = "QUARTER", year = "YEAR"

    /// The keyword for `count` of them: `1 DAY`, `7 DAYS`.
    func keyword(count: Int) -> String { count == 1 ? rawValue : rawValue + "S" }
}

/// `INTERVAL '7 days'`: an amount of one unit, parsed and checked when written.
struct Interval: Hashable, Sendable {
    var count: Int
    var unit: TimeUnit
}

/// `?` (numbered left to right from 1) or `:name`.
enum Parameter: Hashable, Sendable {
    case positional(Int)
    case named(String)
}
