import HQL
import Foundation

/// `csv`, `tabs` and `list`: one line per record, written as each row arrives.
///
/// CSV follows RFC 4180 with LF line ends (what Unix tools and every spreadsheet read; RFC 4180's
/// CRLF only matters to strict parsers): a field holding a comma, a quote, CR or LF is quoted and
/// its quotes doubled. NULL is an empty field, while an empty string is `""`, so the two stay
/// apart. `tabs` and `list` (`|`) never quote, as in the sqlite3 shell: they are for eyes and for
/// `cut`; tabs and line breaks inside values become spaces there so records stay one line.
public struct DelimitedRenderer: ResultRenderer {
    private let options: RenderOptions
    private let sink: any TextSink
    private let separator: String

    /// A renderer for `options.mode` (`csv`, `tabs` or `list`).
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
        switch options.mode {
        case .tabs: separator = "\t"
        case .list: separator = "|"
        default: separator = ","
        }
    }

    public mutating func begin(_ columns: Columns) {
        guard options.headers, !columns.isEmpty else { return }
        sink.write(columns.names.map { field($0) }.joined(separator: separator) + "\n")
    }

    public mutating func row(_ row: Row) {
        let fields = row.values.map { value -> String in
            guard let text = value.text else { return options.effectiveNullText }
            if options.mode == .csv, text.isEmpty { return "\"\"" }
            return field(text)
        }
        sink.write(fields.joined(separator: separator) + "\n")
    }

    public mutating func finish(complete: Bool) {}

    private func field(_ text: String) -> String {
        guard options.mode == .csv else {
            guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
            return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
        }
        return Self.csvField(text)
    }

    /// One RFC 4180 field.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
