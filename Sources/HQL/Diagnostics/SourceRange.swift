/// A half-open range of UTF-8 byte offsets into a ``SourceFile``.
///
/// Ranges stay out of AST equality (see `Expr ==`), so tests can build expected trees by hand.
public struct SourceRange: Sendable, Hashable, Codable {
    /// The offset of the first byte.
    public var start: Int
    /// The offset just past the last byte.
    public var end: Int

    /// Creates a range; `end` is clamped to be no less than `start`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty range at `offset`.
    static func empty(at offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }
}

/// A position a person reads: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    /// A position; both are 1-based.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `text` preceded by blank lines and spaces up to this position: a statement cut out of a
    /// script and run on its own then reports the script's own lines and columns.
    public func placing(_ text: String) -> String {
        String(repeating: "\n", count: max(0, line - 1)) + String(repeating: " ", count: max(0, column - 1)) + text
    }
}
