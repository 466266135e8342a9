/// Every keyword HQL knows. `grammar/keywords` lists the same words (a test keeps them equal) and
/// the REPL completes from it.
///
/// Reserved keywords cannot be bare names (quote them: `"from"`). The others are contextual: they
/// are keywords only where the grammar expects them (`LABEL(x)`, `LAST 7 DAYS`, `TYPE 279`), so
/// HubSpot properties such as `type` or `label` need no quotes.
enum Keyword: String, CaseIterable, Sendable {
    // Reserved.
    case and = "AND", `as` = "AS", asc = "ASC", associate = "ASSOCIATE", between = "BETWEEN", by = "BY"
    case contains = "CONTAINS", delete = "DELETE", desc = "DESC", describe = "DESCRIBE"
    case dissociate = "DISSOCIATE", distinct = "DISTINCT", explain = "EXPLAIN", `false` = "FALSE"
    case from = "FROM", group = "GROUP", having = "HAVING", `in` = "IN", inner = "INNER", insert = "INSERT"
    case interval = "INTERVAL", into = "INTO", `is` = "IS", join = "JOIN", left = "LEFT", like = "LIKE"
    case limit = "LIMIT", not = "NOT", null = "NULL", offset = "OFFSET", on = "ON", or = "OR"
    case order = "ORDER", returning = "RETURNING", select = "SELECT", set = "SET", show = "SHOW"
    case `true` = "TRUE", update = "UPDATE", upsert = "UPSERT", values = "VALUES", `where` = "WHERE"
    case with = "WITH", `case` = "CASE", when = "WHEN", then = "THEN", `else` = "ELSE", end = "END"
    case ilike = "ILIKE"
    // Contextual.
    case analyze = "ANALYZE", archived = "ARCHIVED", associated = "ASSOCIATED", associations = "ASSOCIATIONS", avg = "AVG", count = "COUNT"
    case date = "DATE", day = "DAY", days = "DAYS", first = "FIRST", hour = "HOUR", hours = "HOURS"
    case label = "LABEL", last = "LAST", list = "LIST", lists = "LISTS", lastMonth = "LAST_MONTH", lastQuarter = "LAST_QUARTER"
    case lastWeek = "LAST_WEEK", lastYear = "LAST_YEAR", max = "MAX", min = "MIN", minute = "MINUTE"
    case minutes = "MINUTES", month = "MONTH", months = "MONTHS", next = "NEXT", nextMonth = "NEXT_MONTH"
    case nextQuarter = "NEXT_QUARTER", nextWeek = "NEXT_WEEK", nextYear = "NEXT_YEAR", now = "NOW"
    case nulls = "NULLS", objects = "OBJECTS", owner = "OWNER", owners = "OWNERS", pipelines = "PIPELINES"
    case properties = "PROPERTIES", quarter = "QUARTER", quarters = "QUARTERS", search = "SEARCH"
    case sum = "SUM", thisMonth = "THIS_MONTH", thisQuarter = "THIS_QUARTER", thisWeek = "THIS_WEEK"
    case thisYear = "THIS_YEAR", timestamp = "TIMESTAMP", to = "TO", today = "TODAY", tomorrow = "TOMORROW"
    case type = "TYPE", week = "WEEK", weeks = "WEEKS", year = "YEAR", years = "YEARS"
    case yesterday = "YESTERDAY"

    /// The reserved ones: never a bare name.
    static let reserved: Set<Keyword> = [
        .and, .as, .asc, .associate, .between, .by, .contains, .delete, .desc, .describe, .dissociate,
        .distinct, .explain, .false, .from, .group, .having, .in, .inner, .insert, .interval, .into, .is,
        .join, .left, .like, .limit, .not, .null, .offset, .on, .or, .order, .returning, .select, .set,
        .show, .true, .update, .upsert, .values, .where, .with, .case, .when, .then, .else, .end, .ilike,
    ]

    var isReserved: Bool { Self.reserved.contains(self) }

    private static let byName: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) }
    )

    /// The keyword spelled by `word`, in any case.
    static func lookup(_ word: String) -> Keyword? {
        byName[word.uppercased()]
    }

    /// Keywords' upper-case bytes, bucketed by length.
    private static let byLength: [[(name: [UInt8], keyword: Keyword)]] = {
        var table = [[(name: [UInt8], keyword: Keyword)]](repeating: [], count: 13)
        for keyword in allCases {
            let bytes = Array(keyword.rawValue.utf8)
            table[bytes.count].append((bytes, keyword))
        }
        return table
    }()

    /// Looks up ASCII bytes without allocating: the lexer calls this for every word.
    static func lookup(_ bytes: ArraySlice<UInt8>) -> Keyword? {
        guard bytes.count >= 2, bytes.count < byLength.count else { return nil }
        candidates: for entry in byLength[bytes.count] {
            var index = bytes.startIndex
            for expected in entry.name {
                var byte = bytes[index]
                if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
                if byte != expected { continue candidates }
                index += 1
            }
            return entry.keyword
        }
        return nil
    }
}
