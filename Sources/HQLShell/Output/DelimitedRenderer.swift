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
    /// The line being written, kept between rows for its capacity.
    private var line: [UInt8] = []
    private let nullBytes: [UInt8]

    /// A renderer for `options.mode` (`csv`, `tabs` or `list`).
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
        nullBytes = Array(options.effectiveNullText.utf8)
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
        guard options.mode != .csv else { return csvRow(row) }
        // `tabs` and `list`: a string a row.
        var line = ""
        line.reserveCapacity(32 * row.values.count)
        for (index, value) in row.values.enumerated() {
            if index > 0 { line += separator }
            guard let text = value.text else {
                line += options.effectiveNullText
                continue
            }
            line += field(text)
        }
        line += "\n"
        sink.write(line)
    }

    /// A CSV line built as bytes, each cell appended straight from its value (no string per
    /// cell or per line): rendering was a tenth of an export's CPU.
    private mutating func csvRow(_ row: Row) {
        line.removeAll(keepingCapacity: true)
        for (index, value) in row.values.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            let start = line.count
            guard value.appendText(to: &line) else {
                line += nullBytes
                continue
            }
            if line.count == start {
                line += [UInt8(ascii: "\""), UInt8(ascii: "\"")]
            } else {
                Self.quoteCSVField(in: &line, from: start)
            }
        }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { sink.write(utf8: $0) }
    }

    /// Makes the field at `line[start...]` one RFC 4180 field: quoted, its quotes doubled, when
    /// it holds a comma, a quote, CR or LF (all ASCII, so its bytes tell without decoding).
    private static func quoteCSVField(in line: inout [UInt8], from start: Int) {
        let special: (UInt8) -> Bool = {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard line[start...].contains(where: special) else { return }
        let field = Array(line[start...])
        line.removeSubrange(start...)
        line.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }

    public mutating func finish(complete: Bool) {}

    private func field(_ text: String) -> String {
        guard options.mode == .csv else {
            guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
            return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
        }
        return Self.csvField(text)
    }

    /// One RFC 4180 field (the header's names; rows take ``csvRow(_:)``).
    static func csvField(_ text: String) -> String {
        var field = Array(text.utf8)
        quoteCSVField(in: &field, from: 0)
        return String(decoding: field, as: UTF8.self)
    }
}
