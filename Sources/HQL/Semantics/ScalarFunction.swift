/// The scalar functions HQL computes on the client, with the argument types each takes and the
/// type it returns. NULL in, NULL out, unless a function says otherwise (COALESCE, CONCAT, the
/// comparisons' GREATEST/LEAST skip NULLs as PostgreSQL does).
enum ScalarFunction: String, Sendable, Hashable, CaseIterable {
    // Text.
    case lower = "LOWER", upper = "UPPER", length = "LENGTH", trim = "TRIM", ltrim = "LTRIM", rtrim = "RTRIM"
    case substring = "SUBSTRING", left = "LEFT", right = "RIGHT", replace = "REPLACE", splitPart = "SPLIT_PART"
    case position = "POSITION", concat = "CONCAT", startsWith = "STARTS_WITH", regexpMatches = "REGEXP_MATCHES"
    // Numbers.
    case round = "ROUND", floor = "FLOOR", ceil = "CEIL", abs = "ABS"
    // Dates.
    case dateTrunc = "DATE_TRUNC", datePart = "DATE_PART", date = "DATE", dateDiff = "DATE_DIFF", now = "NOW"
    // Conditionals.
    case coalesce = "COALESCE", nullIf = "NULLIF", greatest = "GREATEST", least = "LEAST"

    /// Other spellings users bring from PostgreSQL, MySQL and DuckDB.
    static func named(_ name: String) -> ScalarFunction? {
        switch name {
        case "SUBSTR": .substring
        case "CEILING": .ceil
        case "DATEDIFF": .dateDiff
        case "STRPOS", "INSTR": .position
        case "CHAR_LENGTH", "CHARACTER_LENGTH", "LEN": .length
        case "IFNULL", "NVL": .coalesce
        default: ScalarFunction(rawValue: name)
        }
    }

    /// Every name a call may use, for "did you mean".
    static var allNames: [String] {
        allCases.map(\.rawValue) + ["SUBSTR", "CEILING", "LABEL", "COUNT", "SUM", "AVG", "MIN", "MAX", "OWNER"]
    }

    /// An argument's expected type: a fixed one, or the same as the other `.same` arguments.
    enum Argument: Sendable, Hashable {
        case text, number, temporal, any
    }

    /// Argument types (the last repeats for variadic functions) and how many are required.
    var signature: (arguments: [Argument], required: Int, variadic: Bool) {
        switch self {
        case .lower, .upper, .length, .trim, .ltrim, .rtrim: ([.text], 1, false)
        case .substring: ([.text, .number, .number], 2, false)
        case .left, .right: ([.text, .number], 2, false)
        case .replace: ([.text, .text, .text], 3, false)
        case .splitPart: ([.text, .text, .number], 3, false)
        case .position, .startsWith, .regexpMatches: ([.text, .text], 2, false)
        case .concat: ([.any], 1, true)
        case .round: ([.number, .number], 1, false)
        case .floor, .ceil, .abs: ([.number], 1, false)
        case .dateTrunc: ([.text, .temporal], 2, false)
        case .datePart: ([.text, .temporal], 2, false)
        case .date: ([.any], 1, false)
        case .dateDiff: ([.text, .temporal, .temporal], 3, false)
        case .now: ([], 0, false)
        case .coalesce, .greatest, .least: ([.any], 1, true)
        case .nullIf: ([.any, .any], 2, false)
        }
    }

    /// The result type for arguments of `types`.
    func resultType(_ types: [ScalarType]) -> ScalarType {
        switch self {
        case .lower, .upper, .trim, .ltrim, .rtrim, .substring, .left, .right, .replace, .splitPart, .concat: .text
        case .length, .position, .round, .floor, .ceil, .abs, .datePart, .dateDiff: .number
        case .startsWith, .regexpMatches: .bool
        case .dateTrunc: .date
        case .date: .date
        case .now: .datetime
        case .coalesce, .greatest, .least, .nullIf: types.first { $0 != .null } ?? .null
        }
    }

    /// Units DATE_TRUNC and DATE_DIFF take, and fields DATE_PART takes.
    static let truncationUnits: Set<String> = ["minute", "hour", "day", "week", "month", "quarter", "year"]
    static let dateFields: Set<String> = [
        "year", "quarter", "month", "week", "day", "dow", "isodow", "doy", "hour", "minute", "second", "epoch",
    ]
}
