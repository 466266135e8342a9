/// A parsed HQL script: its statements, or the diagnostics that say why it is not valid.
///
/// ```swift
/// let script = Script(SourceFile("select email from contacts where lifecyclestage = 'lead'"))
/// if script.diagnostics.isEmpty {
///     print(script.formatted())   // SELECT email FROM contacts WHERE lifecyclestage = 'lead';
/// } else {
///     print(DiagnosticRenderer().render(script.diagnostics, in: script.source))
/// }
/// ```
public struct Script: Sendable {
    /// The text the script was parsed from.
    public let source: SourceFile
    /// Every problem found, in source order; empty when the script is valid.
    public let diagnostics: [Diagnostic]
    let statements: [Statement]

    /// Parses `source`.
    public init(_ source: SourceFile) {
        let result = Parser.parse(source)
        self.source = source
        self.statements = result.statements
        self.diagnostics = result.diagnostics.sorted { $0.range.start < $1.range.start }
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// How many statements parsed.
    public var statementCount: Int { statements.count }

    /// The canonical text of each statement, without its `;`.
    public func canonicalStatements(pretty: Bool = false) -> [String] {
        statements.map { Printer.print($0, pretty: pretty) }
    }

    /// Each statement's text as written (without its `;`).
    public var statementTexts: [String] {
        statements.map { source.text(in: $0.range) }
    }

    /// Where each statement starts (1-based line and column), for diagnostics that name the
    /// script's own positions when a statement is run on its own.
    public var statementLocations: [SourceLocation] {
        statements.map { source.location(of: $0.range.start) }
    }

    /// The whole script in canonical form: each statement followed by `;` and a newline, with a
    /// blank line between statements when `pretty`.
    public func formatted(pretty: Bool = false) -> String {
        let separator = pretty ? ";\n\n" : ";\n"
        let text = canonicalStatements(pretty: pretty).joined(separator: separator)
        return text.isEmpty ? "" : text + ";\n"
    }

    /// Every keyword of the language with whether it is reserved, for completion.
    public static var keywords: [(word: String, reserved: Bool)] {
        Keyword.allCases.map { ($0.rawValue, $0.isReserved) }
    }
}
