import HQL
/// Turns a stream of rows into text, pushed one row at a time: `begin`, `row` for each row,
/// then `finish`. Streaming formats write each row as it arrives; tables buffer (see
/// ``TableRenderer``).
public protocol ResultRenderer {
    /// The result's columns, before any row.
    mutating func begin(_ columns: Columns)
    /// One row.
    mutating func row(_ row: Row)
    /// After the last row. `complete` is false when the stream failed or was cancelled: what
    /// arrived is still printed, but no `(N rows)` footer claims it is the whole result.
    mutating func finish(complete: Bool)
}

/// Builds the renderer for a mode.
public enum Renderers {
    /// A renderer for `options.mode` writing to `sink`.
    public static func make(_ options: RenderOptions, sink: any TextSink) -> any ResultRenderer {
        switch options.mode {
        case .box, .table: TableRenderer(options: options, sink: sink)
        case .csv, .tabs, .list: DelimitedRenderer(options: options, sink: sink)
        case .json, .ndjson: JSONRenderer(options: options, sink: sink)
        case .line: LineModeRenderer(options: options, sink: sink)
        case .markdown: MarkdownRenderer(options: options, sink: sink)
        }
    }

    /// Renders a whole result at once (tests, small outputs).
    public static func render(_ columns: Columns, _ rows: [[Value]], options: RenderOptions) -> String {
        let sink = StringSink()
        var renderer = make(options, sink: sink)
        renderer.begin(columns)
        for values in rows { renderer.row(Row(columns: columns, values: values)) }
        renderer.finish(complete: true)
        return sink.text
    }
}

/// ANSI styles, used only when the options allow colours.
enum ANSI {
    static let dim = "\u{1B}[2m"
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"
}

extension Int {
    /// `1,234,567`: row counts in footers and messages.
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}
