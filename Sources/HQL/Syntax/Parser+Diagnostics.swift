/// Message factories: every parse error is made here, so the wording stays consistent.
extension Parser {
    /// Records an error (unless the lexer already reported this token) and returns the unwinder.
    mutating func error(
        _ message: String, at range: SourceRange, notes: [(String, SourceRange?)] = [], help: String? = nil
    ) -> Failure {
        // The lexer already reported an .invalid token, and an unterminated string or comment
        // explains everything the parser then misses at the end of input.
        let reported = current.kind == .invalid && current.range == range
        let leftOpen = current.kind == .endOfInput && lexerLeftOpen
        if !reported && !leftOpen {
            diagnostics.append(Diagnostic(.error, message, at: range, in: source, notes: notes, help: help))
        }
        return Failure()
    }

    /// `'FROM'`, `name 'email'`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfInput: "end of input"
        case .keyword(let keyword): keyword.rawValue
        case .identifier, .quotedIdentifier: "name \(source.text(in: token.range))"
        case .string: "string \(truncated(source.text(in: token.range)))"
        default: "'\(truncated(source.text(in: token.range)))'"
        }
    }

    private func truncated(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "..." : text
    }

    /// A reserved word where a name belongs.
    mutating func reservedWordAsName(_ token: Token, _ keyword: Keyword) -> Failure {
        error(
            "'\(keyword.rawValue)' is a reserved word and cannot be used as a name", at: token.range,
            help: "quote it to use it as a name: \"\(source.text(in: token.range).lowercased())\""
        )
    }

    /// A comma followed by something that cannot come next in a list.
    mutating func trailingComma(_ comma: Token) -> Failure {
        error("trailing comma before \(describe(current))", at: comma.range, help: "remove the ','")
    }

    /// Select clauses in the order they must appear.
    static let clauseOrder: [(Keyword, String)] = [
        (.from, "FROM"), (.join, "JOIN"), (.where, "WHERE"), (.group, "GROUP BY"), (.having, "HAVING"),
        (.order, "ORDER BY"), (.limit, "LIMIT"), (.offset, "OFFSET"),
    ]

    /// What to say when a statement is followed by something other than `;`.
    mutating func unexpectedAfterStatement(_ statement: Statement) -> Failure {
        let token = current
        if let keyword = token.keyword, case .select = statement.kind,
           let position = Self.clauseOrder.firstIndex(where: { $0.0 == keyword || (keyword == .left && $0.0 == .join) }) {
            let later = Self.clauseOrder[(position + 1)...].map(\.1)
            let present = presentClauses(of: statement).filter { later.contains($0) }
            if let after = present.first {
                return error("\(Self.clauseOrder[position].1) must come before \(after)", at: token.range,
                             help: "clauses go in the order SELECT, FROM, JOIN, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET")
            }
            return error("\(Self.clauseOrder[position].1) appears twice, or out of place", at: token.range)
        }
        if let keyword = token.keyword, Self.statementStarters.contains(keyword) {
            return error("expected ';' before \(keyword.rawValue)", at: token.range,
                         help: "end each statement with ';'")
        }
        return error("unexpected \(describe(token)) after the end of the statement", at: token.range,
                     help: "end each statement with ';'")
    }

    private func presentClauses(of statement: Statement) -> [String] {
        guard case .select(let select) = statement.kind else { return [] }
        var names: [String] = []
        if !select.joins.isEmpty { names.append("JOIN") }
        if select.whereClause != nil { names.append("WHERE") }
        if !select.groupBy.isEmpty { names.append("GROUP BY") }
        if select.having != nil { names.append("HAVING") }
        if !select.orderBy.isEmpty { names.append("ORDER BY") }
        if select.limit != nil { names.append("LIMIT") }
        if select.offset != nil { names.append("OFFSET") }
        return names
    }
}
