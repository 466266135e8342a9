/// Turns a ``SourceFile`` into tokens, eagerly (HQL statements are small; the parser then gets
/// cheap look-ahead). Problems become diagnostics and `.invalid` tokens; the lexer never throws.
struct Lexer {
    /// Why a statement is not finished yet, as the completeness check reports it.
    enum OpenConstruct: Hashable, Sendable {
        case string(opener: SourceRange)
        case quotedIdentifier(opener: SourceRange)
        case blockComment(opener: SourceRange)
    }

    let source: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    private(set) var tokens: [Token] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Constructs left open at the end of input.
    private(set) var unterminated: OpenConstruct?

    init(_ source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    /// Lexes the whole source, ending with `.endOfInput`.
    static func tokenize(_ source: SourceFile) -> Lexer {
        var lexer = Lexer(source)
        lexer.run()
        return lexer
    }

    private mutating func run() {
        if let offset = source.invalidUTF8Offset {
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            report("input is not valid UTF-8 (byte 0x\(byte))", SourceRange(start: offset, end: offset + 1),
                   help: "save the script as UTF-8")
        }
        tokens.reserveCapacity(bytes.count / 4 + 1)
        index = source.byteOrderMarkLength  // invisible, and no token
        var sawSpace = true
        while true {
            sawSpace = skipTrivia() || sawSpace
            guard index < bytes.count else {
                tokens.append(Token(kind: .endOfInput, range: .empty(at: bytes.count), precededBySpace: sawSpace))
                return
            }
            let start = index
            let kind = lexToken()
            tokens.append(Token(kind: kind, range: SourceRange(start: start, end: index), precededBySpace: sawSpace))
            sawSpace = false
        }
    }

    // MARK: Trivia

    /// Skips whitespace and comments; true when it skipped anything.
    private mutating func skipTrivia() -> Bool {
        let begin = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                skipBlockComment()
            } else {
                break
            }
        }
        return index > begin
    }

    /// Block comments nest, as in PostgreSQL, so commenting out a block that has one works.
    private mutating func skipBlockComment() {
        let opener = SourceRange(start: index, end: index + 2)
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
        unterminated = .blockComment(opener: opener)
        report("unterminated comment", opener, help: "close it with '*/'")
    }

    // MARK: Tokens

    private mutating func lexToken() -> TokenKind {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            return lexWord()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return lexNumberOrDate()
        case UInt8(ascii: "."):
            if let next = peek(1), isDigit(next) { return lexNumberOrDate() }
            index += 1
            return .dot
        case UInt8(ascii: "'"):
            return lexQuoted(UInt8(ascii: "'"))
        case UInt8(ascii: "\""):
            return lexQuoted(UInt8(ascii: "\""))
        case UInt8(ascii: "?"):
            index += 1
            return .positionalParameter
        case UInt8(ascii: ":"):
            if peek(1) == UInt8(ascii: ":") { index += 2; return .doubleColon }
            if let next = peek(1), isWordStart(next) {
                index += 2
                while index < bytes.count, isWordPart(bytes[index]) { index += 1 }
                return .namedParameter
            }
            return invalidCharacter(help: "named parameters are written ':name'")
        case UInt8(ascii: ","): index += 1; return .comma
        case UInt8(ascii: ";"): index += 1; return .semicolon
        case UInt8(ascii: "("): index += 1; return .leftParen
        case UInt8(ascii: ")"): index += 1; return .rightParen
        case UInt8(ascii: "*"): index += 1; return .star
        case UInt8(ascii: "+"): index += 1; return .plus
        case UInt8(ascii: "-"): index += 1; return .minus
        case UInt8(ascii: "/"): index += 1; return .slash
        case UInt8(ascii: "%"): index += 1; return .percent
        case UInt8(ascii: "|"):
            if peek(1) == UInt8(ascii: "|") { index += 2; return .concat }
            return invalidCharacter(help: "'||' concatenates text; OR is the logical or")
        case UInt8(ascii: "="):
            index += peek(1) == UInt8(ascii: "=") ? 2 : 1
            return .equal
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") {
                index += 2
                return .notEqual
            }
            return invalidCharacter(help: "use NOT for negation and != or <> for inequality")
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { index += 2; return .lessEqual }
            if peek(1) == UInt8(ascii: ">") { index += 2; return .notEqual }
            index += 1
            return .less
        case UInt8(ascii: ">"):
            if peek(1) == UInt8(ascii: "=") { index += 2; return .greaterEqual }
            index += 1
            return .greater
        case UInt8(ascii: "`"):
            return invalidCharacter(help: "quote names with double quotes: \"name\"")
        default:
            return invalidCharacter(help: nil)
        }
    }

    private mutating func lexWord() -> TokenKind {
        let start = index
        while index < bytes.count, isWordPart(bytes[index]) { index += 1 }
        if let keyword = Keyword.lookup(bytes[start..<index]) { return .keyword(keyword) }
        return .identifier
    }

    /// Numbers (`42`, `3.5`, `.5`, `1e6`), and ISO dates and datetimes written bare as in SOQL
    /// (`2024-01-31`, `2024-01-31T10:00:00.000Z`): `2024-01-31` is never arithmetic in HQL.
    private mutating func lexNumberOrDate() -> TokenKind {
        let start = index
        if let end = matchDate(from: start) {
            index = end
            if let timeEnd = matchTime(from: end) {
                index = timeEnd
                return finishLiteral(.datetime, start: start)
            }
            return finishLiteral(.date, start: start)
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var probe = index + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") {
                probe += 1
            }
            if probe < bytes.count, isDigit(bytes[probe]) {
                index = probe
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
        }
        return finishLiteral(.number, start: start)
    }

    /// A literal glued to letters (`12abc`) is one bad token, not two good ones.
    private mutating func finishLiteral(_ kind: TokenKind, start: Int) -> TokenKind {
        guard index < bytes.count, isWordPart(bytes[index]) else { return kind }
        while index < bytes.count, isWordPart(bytes[index]) { index += 1 }
        report("invalid number '\(source.text(in: SourceRange(start: start, end: index)))'",
               SourceRange(start: start, end: index), help: "put a space between a number and a name")
        return .invalid
    }

    private func matchDate(from start: Int) -> Int? {
        // YYYY-MM-DD
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        guard start + pattern.count <= bytes.count else { return nil }
        for (offset, isDigitSlot) in pattern.enumerated() {
            let byte = bytes[start + offset]
            if isDigitSlot ? !isDigit(byte) : byte != UInt8(ascii: "-") { return nil }
        }
        let end = start + pattern.count
        if end < bytes.count, isDigit(bytes[end]) { return nil }
        return end
    }

    private func matchTime(from start: Int) -> Int? {
        // THH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM]
        var at = start
        func digits(_ count: Int) -> Bool {
            guard at + count <= bytes.count else { return false }
            for offset in 0..<count where !isDigit(bytes[at + offset]) { return false }
            at += count
            return true
        }
        func literal(_ char: Character) -> Bool {
            guard at < bytes.count, let ascii = char.asciiValue, bytes[at] == ascii else { return false }
            at += 1
            return true
        }
        guard at < bytes.count, bytes[at] == UInt8(ascii: "T") || bytes[at] == UInt8(ascii: "t") else { return nil }
        at += 1
        guard digits(2), literal(":"), digits(2) else { return nil }
        if literal(":") {
            guard digits(2) else { return nil }
            if literal(".") {
                guard at < bytes.count, isDigit(bytes[at]) else { return nil }
                while at < bytes.count, isDigit(bytes[at]) { at += 1 }
            }
        }
        if literal("Z") || literal("z") { return at }
        if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") {
            let save = at
            at += 1
            if digits(2), literal(":"), digits(2) { return at }
            at = save
        }
        return at
    }

    /// `'it''s'` strings and `"quoted ""names"""`: the quote doubles to escape itself.
    private mutating func lexQuoted(_ quote: UInt8) -> TokenKind {
        let opener = SourceRange(start: index, end: index + 1)
        index += 1
        while index < bytes.count {
            if bytes[index] == quote {
                if peek(1) == quote {
                    index += 2
                    continue
                }
                index += 1
                if quote == UInt8(ascii: "\""), index - opener.start == 2 {
                    report("empty quoted name", SourceRange(start: opener.start, end: index))
                    return .invalid
                }
                return quote == UInt8(ascii: "'") ? .string : .quotedIdentifier
            }
            index += 1
        }
        if quote == UInt8(ascii: "'") {
            unterminated = .string(opener: opener)
            report("unterminated string literal", opener, help: "close it with a single quote; write '' for a quote inside")
        } else {
            unterminated = .quotedIdentifier(opener: opener)
            report("unterminated quoted name", opener, help: "close it with a double quote")
        }
        return .invalid
    }

    private mutating func invalidCharacter(help: String?) -> TokenKind {
        let start = index
        // Take the whole UTF-8 sequence so the caret covers one character.
        index += 1
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        let range = SourceRange(start: start, end: index)
        report("unexpected character '\(source.text(in: range))'", range, help: help)
        return .invalid
    }

    private mutating func report(_ message: String, _ range: SourceRange, help: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: range, in: source, help: help))
    }

    private func peek(_ ahead: Int) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

@inline(__always) private func isWordStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_")
}

@inline(__always) private func isWordPart(_ byte: UInt8) -> Bool { isWordStart(byte) || isDigit(byte) }
