/// A problem found in a statement, as data: what, where, and what might fix it.
/// Rendered once, by ``DiagnosticRenderer``; no stage prints.
public struct Diagnostic: Sendable, Hashable, Error {
    /// How serious it is.
    public enum Severity: String, Sendable, Hashable {
        /// The statement cannot run.
        case error
        /// The statement runs, but probably not as meant.
        case warning
    }

    /// A secondary remark, optionally pointing somewhere else in the source.
    public struct Note: Sendable, Hashable {
        /// The remark.
        public var message: String
        /// Where it points, if anywhere.
        public var range: SourceRange?
        /// Where it points, for people.
        public var location: SourceLocation?
    }

    /// Error or warning.
    public var severity: Severity
    /// One sentence: what is wrong ("expected ')' to close '(' opened at 1:23").
    public var message: String
    /// The offending bytes.
    public var range: SourceRange
    /// The start of `range`, as line and column.
    public var location: SourceLocation
    /// Related places.
    public var notes: [Note]
    /// A suggestion ("did you mean 'email'?").
    public var help: String?

    init(
        _ severity: Severity = .error, _ message: String, at range: SourceRange, in source: SourceFile,
        notes: [(String, SourceRange?)] = [], help: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.range = range
        self.location = source.location(of: range.start)
        self.notes = notes.map { message, range in
            Note(message: message, range: range, location: range.map { source.location(of: $0.start) })
        }
        self.help = help
    }
}
