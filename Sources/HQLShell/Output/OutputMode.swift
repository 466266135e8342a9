/// How results print, as `.mode` names them (the sqlite3 shell's names where they exist).
public enum OutputMode: String, Sendable, CaseIterable {
    /// A table drawn with Unicode box characters (the interactive default).
    case box
    /// The same table drawn with ASCII `+-|`.
    case table
    /// RFC 4180 CSV.
    case csv
    /// Tab-separated values, no quoting.
    case tabs
    /// Values separated by `|`, as sqlite3's default `list` mode.
    case list
    /// One JSON array of objects keyed by column name.
    case json
    /// One JSON object a line (JSON Lines).
    case ndjson
    /// One `column = value` a line, a blank line between records (psql's `\x`).
    case line
    /// A Markdown pipe table.
    case markdown

    /// Whether the output is data for another program (CSV, JSON, …): then standard output
    /// carries only the rows, and statistics and timings go to standard error.
    public var isData: Bool {
        switch self {
        case .csv, .tabs, .list, .json, .ndjson: true
        case .box, .table, .line, .markdown: false
        }
    }

    /// Other names `.mode` accepts.
    static let aliases: [String: OutputMode] = [
        "jsonl": .ndjson, "jsonlines": .ndjson, "md": .markdown, "tsv": .tabs, "ascii": .table,
        "vertical": .line, "expanded": .line,
    ]

    /// The mode called `name` (any case, aliases included).
    public init?(named name: String) {
        let lowered = name.lowercased()
        if let mode = OutputMode(rawValue: lowered) ?? Self.aliases[lowered] {
            self = mode
        } else {
            return nil
        }
    }

    /// Whether the mode draws a table that must see every row before printing.
    var isTabular: Bool { self == .box || self == .table }

    /// What NULL prints as when `.nullvalue` was not set: empty in formats programs read.
    var defaultNullText: String {
        switch self {
        case .box, .table, .line, .markdown: "NULL"
        case .csv, .tabs, .list, .json, .ndjson: ""
        }
    }
}

/// Everything a renderer needs to know; the shell builds it from its settings.
public struct RenderOptions: Sendable, Equatable {
    /// The format.
    public var mode: OutputMode
    /// Whether a header row prints (table, CSV, tabs, list, markdown).
    public var headers: Bool
    /// What NULL prints as; nil means the mode's default (`NULL`, or empty for CSV, tabs, list).
    public var nullText: String?
    /// Whether ANSI colours may be used (only when writing to a terminal).
    public var colors: Bool
    /// The terminal width tables shrink to fit; nil means no limit (a file or a pipe).
    public var maxWidth: Int?
    /// Per-column maximum widths from `.width` (0 or missing: automatic).
    public var columnWidths: [Int]
    /// How many rows a table holds before it prints; later rows stream in the same widths.
    public var tableBuffer: Int

    /// Options for `mode`, with sqlite3's defaults (headers on).
    public init(mode: OutputMode = .box, headers: Bool = true, nullText: String? = nil, colors: Bool = false,
                maxWidth: Int? = nil, columnWidths: [Int] = [], tableBuffer: Int = 10_000) {
        self.mode = mode
        self.headers = headers
        self.nullText = nullText
        self.colors = colors
        self.maxWidth = maxWidth
        self.columnWidths = columnWidths
        self.tableBuffer = tableBuffer
    }

    /// The text NULL prints as in this mode.
    var effectiveNullText: String { nullText ?? mode.defaultNullText }
}
