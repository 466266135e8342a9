/// A recursive-descent parser over the lexer's tokens, one method per production of
/// `grammar/hql.ebnf`. Expressions use precedence climbing (`Parser+Expression.swift`).
///
/// Errors are recorded as diagnostics; after one, the parser skips to the next `;` (or to a
/// statement keyword that starts a line outside parentheses) and goes on, so a script with
/// several independent mistakes reports each of them.
struct Parser {
    /// Nesting deeper than this is an error, not a stack overflow.
    static let maxDepth = 128

    /// What parsing a script produced.
    struct Result: Sendable {
        var statements: [Statement]
        var diagnostics: [Diagnostic]
        /// Whether any diagnostic is an error.
        var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Thrown to unwind to the statement loop; the diagnostic is already recorded.
    struct Failure: Error {}

    let source: SourceFile
    let tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic]
    var depth = 0
    var parenDepth = 0
    var positionalParameters = 0
    /// The input ended inside a string, quoted name or comment (already reported).
    let lexerLeftOpen: Bool

    init(source: SourceFile) {
        let lexer = Lexer.tokenize(source)
        self.source = source
        self.tokens = lexer.tokens
        self.diagnostics = lexer.diagnostics
        self.lexerLeftOpen = lexer.unterminated != nil
    }

    /// Parses a whole script: statements separated by `;` (the last may omit it).
    static func parse(_ source: SourceFile) -> Result {
        var parser = Parser(source: source)
        return parser.parseScript()
    }

    /// Parses text that must hold exactly one statement.
    static func parseStatement(_ text: String) -> (Statement?, [Diagnostic]) {
        let source = SourceFile(text)
        let result = parse(source)
        guard !result.hasErrors else { return (nil, result.diagnostics) }
        guard result.statements.count == 1 else {
            let message = result.statements.isEmpty ? "expected a statement" : "expected exactly one statement"
            return (nil, [Diagnostic(.error, message, at: .empty(at: 0), in: source)])
        }
        return (result.statements.first, result.diagnostics)
    }

    // MARK: Script

    /// script = { statement? ";" } [ statement ] ;
    mutating func parseScript() -> Result {
        var statements: [Statement] = []
        while !check(.endOfInput) {
            if match(.semicolon) { continue }
            parenDepth = 0
            positionalParameters = 0
            do {
                let statement = try parseStatement()
                if !match(.semicolon), !check(.endOfInput) {
                    throw unexpectedAfterStatement(statement)
                }
                statements.append(statement)
            } catch {
                synchronize()
            }
        }
        return Result(statements: statements, diagnostics: diagnostics)
    }

    /// Skips to just after the next `;`, or to a statement keyword that starts a line outside
    /// parentheses, so the next statement is parsed afresh.
    private mutating func synchronize() {
        var first = true
        while !check(.endOfInput) {
            if match(.semicolon) { return }
            if !first, parenDepth <= 0, let keyword = current.keyword, Self.statementStarters.contains(keyword),
               startsLine(current) {
                return
            }
            first = false
            advance()
        }
    }

    static let statementStarters: Set<Keyword> = [
        .select, .explain, .show, .describe, .insert, .update, .delete, .upsert, .associate, .dissociate,
    ]

    // MARK: Cursor

    var current: Token { tokens[position] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    var previous: Token { tokens[max(0, position - 1)] }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind == .leftParen { parenDepth += 1 }
        if token.kind == .rightParen { parenDepth -= 1 }
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool { match(.keyword(keyword)) }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String, after context: String? = nil) throws -> Token {
        if check(kind) { return advance() }
        let suffix = context.map { " after \($0)" } ?? ""
        throw error("expected \(what)\(suffix), found \(describe(current))", at: current.range)
    }

    @discardableResult
    mutating func expect(_ keyword: Keyword, after context: String? = nil) throws -> Token {
        try expect(.keyword(keyword), keyword.rawValue, after: context)
    }

    /// Consumes the `)` matching `opener`, or reports where the `(` was.
    mutating func expectClosing(_ opener: Token) throws {
        if match(.rightParen) { return }
        let at = source.location(of: opener.range.start)
        throw error(
            "expected ')' to close '(' opened at \(at), found \(describe(current))", at: current.range,
            notes: [("'(' opened here", opener.range)]
        )
    }

    /// Range from `start` through the previous token.
    func range(from start: Int) -> SourceRange {
        SourceRange(start: start, end: max(start, previous.range.end))
    }

    /// Whether a token is the first on its line.
    func startsLine(_ token: Token) -> Bool {
        var index = token.range.start - 1
        while index >= 0 {
            let byte = source.bytes[index]
            if byte == UInt8(ascii: "\n") { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") { return false }
            index -= 1
        }
        return true
    }

    // MARK: Nesting

    mutating func descend() throws {
        depth += 1
        if depth > Self.maxDepth {
            throw error("statement is too deeply nested (more than \(Self.maxDepth) levels)", at: current.range,
                        help: "split it into simpler conditions")
        }
    }

    mutating func ascend() { depth -= 1 }
}
