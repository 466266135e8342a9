import HQL
import HubSpotAPI
/// `json` and `ndjson`, written as each row arrives.
///
/// `json` is one array of objects keyed by column name: `[` then one object a line separated by
/// commas, then `]` (an empty result is `[]`). `ndjson` is one object a line. Numbers print as
/// JSON numbers (infinities and NaN, which JSON cannot hold, as null), booleans as booleans,
/// NULL as null, dates and instants as ISO-8601 strings.
public struct JSONRenderer: ResultRenderer {
    private let options: RenderOptions
    private let sink: any TextSink
    private var keys: [String] = []
    private var count = 0

    /// A renderer for `options.mode` (`json` or `ndjson`).
    public init(options: RenderOptions, sink: any TextSink) {
        self.options = options
        self.sink = sink
    }

    public mutating func begin(_ columns: Columns) {
        keys = columns.names.map { Self.quoted($0) + ":" }
        if options.mode == .json { sink.write("[") }
    }

    public mutating func row(_ row: Row) {
        var object = "{"
        for (index, value) in row.values.enumerated() where index < keys.count {
            if index > 0 { object += "," }
            object += keys[index] + Self.literal(value)
        }
        object += "}"
        if options.mode == .json {
            sink.write((count == 0 ? "\n" : ",\n") + object)
        } else {
            sink.write(object + "\n")
        }
        count += 1
    }

    public mutating func finish(complete: Bool) {
        guard options.mode == .json else { return }
        sink.write(count == 0 ? "]\n" : "\n]\n")
    }

    /// A value as a JSON literal.
    static func literal(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.isFinite ? (value.text ?? "null") : "null"
        case .string, .date, .datetime: quoted(value.text ?? "")
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (the writer of
    /// HQL's search bodies).
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
