import HQL
import Foundation

/// `markdown`: a GitHub pipe table, written as each row arrives (Markdown needs no padding, so
/// nothing is buffered). `|` in values is escaped as `\|` and line breaks become `<br>`.
public struct MarkdownRenderer: ResultRenderer {
    private let options: RenderOptions
    private let sink: any TextSink

    /// A renderer writing to `sink`.
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
    }

    public mutating func begin(_ columns: Columns) {
        guard !columns.isEmpty else { return }
        // Markdown requires the header row; with headers off it holds blanks.
        let names = columns.names.map { options.headers ? Self.escape($0) : " " }
        sink.write("| " + names.joined(separator: " | ") + " |\n")
        sink.write("|" + Array(repeating: "---|", count: columns.count).joined() + "\n")
    }

    public mutating func row(_ row: Row) {
        let cells = row.values.map { Self.escape($0.text ?? options.effectiveNullText) }
        sink.write("| " + cells.joined(separator: " | ") + " |\n")
    }

    public mutating func finish(complete: Bool) {}

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: "<br>")
            .replacingOccurrences(of: "\n", with: "<br>")
            .replacingOccurrences(of: "\r", with: "<br>")
    }
}
