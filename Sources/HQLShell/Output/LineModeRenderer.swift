import HQL
/// `line` mode: each record vertically, one `column = value` a line with the names aligned,
/// and a blank line between records, as the sqlite3 shell prints it. Good for wide CRM records.
public struct LineModeRenderer: ResultRenderer {
    private let options: RenderOptions
    private let sink: any TextSink
    private var labels: [String] = []
    private var count = 0

    /// A renderer writing to `sink`.
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
    }

    public mutating func begin(_ columns: Columns) {
        let width = columns.names.map(DisplayWidth.of).max() ?? 0
        labels = columns.names.map { DisplayWidth.pad($0, to: width, right: true) + " = " }
    }

    public mutating func row(_ row: Row) {
        var out = count > 0 ? "\n" : ""
        for (index, value) in row.values.enumerated() where index < labels.count {
            var text = value.text ?? options.effectiveNullText
            if value.isNull, options.colors { text = ANSI.dim + text + ANSI.reset }
            out += labels[index] + text + "\n"
        }
        sink.write(out)
        count += 1
    }

    public mutating func finish(complete: Bool) {}
}
