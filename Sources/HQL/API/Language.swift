/// What a shell needs to know about HQL's lexical structure, from the same lexer the parser uses:
/// the keyword list for completion, the words of a (possibly unfinished) statement, and where
/// statements end. Nothing here parses; unfinished text is fine.
public enum Language {
    /// One token of typed text.
    public struct Word: Sendable, Hashable {
        /// What the token is.
        public enum Kind: Sendable, Hashable {
            /// A keyword, reserved or contextual (`FROM`, `LAST`).
            case keyword
            /// A bare name (`email`).
            case name
            /// A double-quoted name (`"0-1"`); ``Word/text`` keeps the quotes.
            case quotedName
            /// A string, number, date or parameter.
            case literal
            /// `.`
            case dot
            /// `,`
            case comma
            /// `;`
            case semicolon
            /// `(` or `)`
            case parenthesis
            /// An operator or anything else.
            case other
        }

        /// What the token is.
        public let kind: Kind
        /// The token as written.
        public let text: String
        /// Where it is, in UTF-8 byte offsets into the text.
        public let range: SourceRange
        /// Whether whitespace or a comment comes right before it.
        public let precededBySpace: Bool
    }

    /// Every keyword, upper case, in alphabetical order.
    public static var keywords: [String] { Keyword.allCases.map(\.rawValue).sorted() }

    /// Whether `word` (any case) is a reserved keyword, which must be quoted to be a name.
    public static func isReserved(_ word: String) -> Bool {
        Keyword.lookup(word)?.isReserved ?? false
    }

    /// Whether `word` (any case) is a keyword at all.
    public static func isKeyword(_ word: String) -> Bool { Keyword.lookup(word) != nil }

    /// The tokens of `text`, which need not be a finished statement. An unterminated string or
    /// comment at the end yields no word for the open part.
    public static func words(in text: String) -> [Word] {
        let source = SourceFile(text)
        return Lexer.tokenize(source).tokens.compactMap { token in
            let kind: Word.Kind
            switch token.kind {
            case .endOfInput: return nil
            case .keyword: kind = .keyword
            case .identifier: kind = .name
            case .quotedIdentifier: kind = .quotedName
            case .string, .number, .date, .datetime, .positionalParameter, .namedParameter: kind = .literal
            case .dot: kind = .dot
            case .comma: kind = .comma
            case .semicolon: kind = .semicolon
            case .leftParen, .rightParen: kind = .parenthesis
            default: kind = .other
            }
            return Word(kind: kind, text: source.text(in: token.range), range: token.range,
                        precededBySpace: token.precededBySpace)
        }
    }

    /// The UTF-8 offsets just past each `;` that ends a statement (not one inside a string,
    /// quoted name or comment), so a shell can split `select 1; select 2;` as the parser would.
    public static func statementEnds(in text: String) -> [Int] {
        let source = SourceFile(text)
        return Lexer.tokenize(source).tokens.filter { $0.kind == .semicolon }.map(\.range.end)
    }
}
