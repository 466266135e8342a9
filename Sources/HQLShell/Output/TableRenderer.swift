import HQL
/// The `box` and `table` modes: a bordered table that fits the terminal.
///
/// A table must know its column widths before its first line, so it buffers rows, up to
/// ``RenderOptions/tableBuffer`` (10,000 by default). When a result has more, the first chunk
/// prints and fixes the widths, and every later row streams out at once in those widths (cells
/// that no longer fit are cut with `…`): memory stays bounded and nothing is lost.
///
/// Columns wider than the terminal allows shrink, widest first; cut cells end in `…`. Numbers
/// align right, NULL prints as the null text (dim in colour), and line breaks inside a value
/// show as `↵` so each record keeps one line. `(N rows)` follows, as in psql.
public struct TableRenderer: ResultRenderer {
    private struct Cell {
        var text: String
        var width: Int
        var numeric: Bool
        var null: Bool
    }

    private let options: RenderOptions
    private let sink: any TextSink
    private let glyphs: Glyphs
    private var columns = Columns([])
    private var buffered: [[Cell]] = []
    private var widths: [Int]?
    private var count = 0

    /// A table renderer writing to `sink`.
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
        self.glyphs = options.mode == .table ? .ascii : .unicode
    }

    public mutating func begin(_ columns: Columns) {
        self.columns = columns
    }

    public mutating func row(_ row: Row) {
        count += 1
        let cells = row.values.map(cell)
        if let widths {
            sink.write(line(cells, widths))
            return
        }
        buffered.append(cells)
        if buffered.count >= max(1, options.tableBuffer) { flushBuffered() }
    }

    public mutating func finish(complete: Bool) {
        if widths == nil { flushBuffered() }
        if let widths, !columns.isEmpty { sink.write(rule(glyphs.bottom, widths)) }
        if complete { sink.write("(\(count.grouped) \(count == 1 ? "row" : "rows"))\n") }
    }

    /// Fixes the widths from what is buffered and prints the head and the buffered rows.
    private mutating func flushBuffered() {
        let fitted = fittedWidths()
        widths = fitted
        guard !columns.isEmpty else { return }
        var out = rule(glyphs.top, fitted)
        if options.headers {
            let header = columns.names.map { name -> Cell in
                let text = Self.sanitize(name)
                return Cell(text: text, width: DisplayWidth.of(text), numeric: false, null: false)
            }
            out += line(header, fitted, bold: true)
            out += rule(glyphs.middle, fitted)
        }
        sink.write(out)
        for cells in buffered { sink.write(line(cells, fitted)) }
        buffered = []
    }

    private func cell(_ value: Value) -> Cell {
        guard let raw = value.text else {
            let text = Self.sanitize(options.effectiveNullText)
            return Cell(text: text, width: DisplayWidth.of(text), numeric: false, null: true)
        }
        let text = Self.sanitize(raw)
        return Cell(text: text, width: DisplayWidth.of(text), numeric: value.isNumeric, null: false)
    }

    /// Natural widths (widest cell or header), capped by `.width`, then shrunk to the terminal.
    private func fittedWidths() -> [Int] {
        var natural = columns.names.map { options.headers ? DisplayWidth.of(Self.sanitize($0)) : 1 }
        for cells in buffered {
            for (index, cell) in cells.enumerated() where index < natural.count {
                natural[index] = max(natural[index], cell.width)
            }
        }
        for (index, cap) in options.columnWidths.enumerated() where index < natural.count && cap > 0 {
            natural[index] = min(natural[index], cap)
        }
        natural = natural.map { max(1, $0) }
        guard let maxWidth = options.maxWidth else { return natural }
        return Self.shrink(natural, toFit: maxWidth - (3 * natural.count + 1))
    }

    /// Lowers the widest columns to a common limit until the total fits `available`, then hands
    /// any slack back to them; a column keeps at least 3 columns (`ab…`) when it had that many.
    static func shrink(_ widths: [Int], toFit available: Int) -> [Int] {
        guard widths.reduce(0, +) > available, let widest = widths.max() else { return widths }
        let floor = 3
        var limit = widest
        while limit > floor, widths.reduce(0, { $0 + min($1, limit) }) > available { limit -= 1 }
        var fitted = widths.map { min($0, limit) }
        var slack = available - fitted.reduce(0, +)
        for index in fitted.indices where slack > 0 && widths[index] > fitted[index] {
            let extra = min(slack, widths[index] - fitted[index])
            fitted[index] += extra
            slack -= extra
        }
        return fitted
    }

    private func line(_ cells: [Cell], _ widths: [Int], bold: Bool = false) -> String {
        var out = glyphs.vertical
        for (index, width) in widths.enumerated() {
            let cell = index < cells.count ? cells[index] : Cell(text: "", width: 0, numeric: false, null: false)
            var text = cell.width > width ? DisplayWidth.truncate(cell.text, to: width) : cell.text
            text = DisplayWidth.pad(text, to: width, right: cell.numeric)
            if options.colors, cell.null { text = ANSI.dim + text + ANSI.reset }
            if options.colors, bold { text = ANSI.bold + text + ANSI.reset }
            out += " " + text + " " + glyphs.vertical
        }
        return out + "\n"
    }

    private func rule(_ corners: (String, String, String), _ widths: [Int]) -> String {
        let segments = widths.map { String(repeating: glyphs.horizontal, count: $0 + 2) }
        return corners.0 + segments.joined(separator: corners.1) + corners.2 + "\n"
    }

    /// One line per record: line breaks become `↵`, tabs a space, other controls their symbol.
    static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousCR: continue
            case 0x0A, 0x0D: out.append("↵")
            case 0x09: out.append(" ")
            case 0..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
            case 0x7F: out.append("␡")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private struct Glyphs {
        var horizontal: String
        var vertical: String
        var top: (String, String, String)
        var middle: (String, String, String)
        var bottom: (String, String, String)

        static let unicode = Glyphs(horizontal: "─", vertical: "│", top: ("┌", "┬", "┐"),
                                    middle: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
        static let ascii = Glyphs(horizontal: "-", vertical: "|", top: ("+", "+", "+"),
                                  middle: ("+", "+", "+"), bottom: ("+", "+", "+"))
    }
}
