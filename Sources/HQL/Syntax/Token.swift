/// What kind of token the lexer found.
enum TokenKind: Hashable, Sendable {
    case identifier
    case quotedIdentifier
    case keyword(Keyword)
    case string
    case number
    /// `2024-01-31`
    case date
    /// `2024-01-31T10:00:00Z`
    case datetime
    /// `?`
    case positionalParameter
    /// `:name`
    case namedParameter
    case comma, dot, semicolon, leftParen, rightParen, star
    case plus, minus, slash, percent
    /// `||`
    case concat
    /// `::` (a cast)
    case doubleColon
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// A character or sequence the lexer already reported; the parser stays quiet about it.
    case invalid
    case endOfInput
}

/// A token: its kind and where it is. The text is read back from the source when needed.
struct Token: Hashable, Sendable {
    var kind: TokenKind
    var range: SourceRange
    /// Whether whitespace or a comment comes right before it (for `2-1234567` object ids).
    var precededBySpace: Bool

    var keyword: Keyword? {
        if case .keyword(let keyword) = kind { return keyword }
        return nil
    }
}
