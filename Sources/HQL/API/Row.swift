/// The columns of a result: names in order, shared by every row.
public struct Columns: Sendable, Hashable, RandomAccessCollection {
    /// The column names as headers print them.
    public let names: [String]
    private let positions: [String: Int]

    /// Columns with these names (a repeated name resolves to its first position).
    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name.lowercased()] == nil {
            positions[name.lowercased()] = index
        }
        self.positions = positions
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { names.count }
    public subscript(position: Int) -> String { names[position] }

    /// The position of a column, by name, ignoring case.
    public func index(of name: String) -> Int? { positions[name.lowercased()] }
}

/// One result row: values in column order, readable by position or by column name.
public struct Row: Sendable, Hashable {
    /// The row's columns (the same for every row of a result).
    public let columns: Columns
    /// The values, in column order.
    public let values: [Value]

    /// A row of `values` under `columns` (as many values as columns).
    public init(columns: Columns, values: [Value]) {
        self.columns = columns
        self.values = values
    }

    /// The value at a position.
    public subscript(position: Int) -> Value { values[position] }

    /// The value of a column, by name (ignoring case); nil when there is no such column.
    public subscript(name: String) -> Value? {
        columns.index(of: name).map { values[$0] }
    }
}
