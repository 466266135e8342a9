/// Whether typed text is a finished statement, from the same lexer the parser uses (no second
/// lexer in the shell). Like `sqlite3_complete`, plus *what* is missing, for the REPL's
/// continuation prompt.
public struct Completeness: Sendable, Hashable {
    /// What keeps the text from being complete.
    public enum Missing: Sendable, Hashable {
        /// A `'string` is open since `location`.
        case closingQuote(opened: SourceLocation)
        /// A `"quoted name` is open since `location`.
        case closingDoubleQuote(opened: SourceLocation)
        /// A `/* comment` is open since `location`.
        case commentEnd(opened: SourceLocation)
        /// `count` parentheses are open; the innermost since `location`.
        case closingParenthesis(count: Int, opened: SourceLocation)
        /// Everything is closed but the statement has no `;` yet.
        case semicolon
    }

    /// Nil when the text is complete (or holds nothing but blanks and comments).
    public let missing: Missing?
    /// True when the text holds no statement at all.
    public let isEmpty: Bool

    /// Ready to run: ends with `;` outside any quote, comment or parenthesis.
    public var isComplete: Bool { missing == nil && !isEmpty }

    /// Checks `text`.
    public init(_ text: String) {
        let source = SourceFile(text)
        let lexer = Lexer.tokenize(source)
        switch lexer.unterminated {
        case .string(let opener)?:
            self.init(missing: .closingQuote(opened: source.location(of: opener.start)))
            return
        case .quotedIdentifier(let opener)?:
            self.init(missing: .closingDoubleQuote(opened: source.location(of: opener.start)))
            return
        case .blockComment(let opener)?:
            self.init(missing: .commentEnd(opened: source.location(of: opener.start)))
            return
        case nil:
            break
        }
        var openers: [SourceRange] = []
        var last: TokenKind?
        for token in lexer.tokens where token.kind != .endOfInput {
            last = token.kind
            if token.kind == .leftParen { openers.append(token.range) }
            // A `;` ends the statement whatever is open: unbalanced input is the parser's to report.
            if token.kind == .semicolon { openers.removeAll() }
            if token.kind == .rightParen, !openers.isEmpty { openers.removeLast() }
        }
        guard let last else {
            self.init(missing: nil, isEmpty: true)
            return
        }
        if let innermost = openers.last {
            self.init(missing: .closingParenthesis(count: openers.count, opened: source.location(of: innermost.start)))
        } else if last != .semicolon {
            self.init(missing: .semicolon)
        } else {
            self.init(missing: nil)
        }
    }

    private init(missing: Missing?, isEmpty: Bool = false) {
        self.missing = missing
        self.isEmpty = isEmpty
    }

    /// A short phrase for a continuation prompt: `'`, `"`, `/*`, `(` or `;`.
    public var promptHint: String {
        switch missing {
        case .closingQuote: "'"
        case .closingDoubleQuote: "\""
        case .commentEnd: "/*"
        case .closingParenthesis: "("
        case .semicolon, nil: ""
        }
    }
}
