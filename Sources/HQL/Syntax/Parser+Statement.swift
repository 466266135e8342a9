/// Statements other than SELECT and the writes, and the names they share.
extension Parser {
    /// statement = select | explain | show | describe | set | insert | upsert | update | delete
    ///           | associate | dissociate ;
    mutating func parseStatement() throws -> Statement {
        let start = current.range.start
        let kind: Statement.Kind
        switch current.kind {
        case .keyword(.select): kind = .select(try parseSelect())
        case .keyword(.with): kind = .select(try parseWith())
        case .keyword(.explain): kind = try parseExplain()
        case .keyword(.show): kind = try parseShow()
        case .keyword(.describe): kind = try parseDescribe()
        case .keyword(.set): kind = try parseSet()
        case .keyword(.insert), .keyword(.upsert): kind = .insert(try parseInsert())
        case .keyword(.update): kind = .update(try parseUpdate())
        case .keyword(.delete): kind = .delete(try parseDelete())
        case .keyword(.associate), .keyword(.dissociate): kind = .associate(try parseAssociate())
        case .identifier where atPropertyStatement: kind = .property(try parsePropertyStatement())
        case .identifier where atUndo: kind = try parseUndo()
        case .identifier where source.text(in: current.range).uppercased() == "PURGE" && peek().kind == .keyword(.from):
            kind = .delete(try parseDelete())
        case .leftParen:
            throw error("a statement cannot start with '('", at: current.range, help: "remove the parentheses around the SELECT")
        default:
            var help: String? = nil
            if case .identifier = current.kind,
               let guess = Suggestions.closest(to: source.text(in: current.range), among: Self.statementStarters.map(\.rawValue)).first {
                help = "did you mean '\(guess)'?"
            }
            throw error("expected a statement (SELECT, EXPLAIN, SHOW, DESCRIBE, SET, INSERT, UPDATE, DELETE, UPSERT, ASSOCIATE, DISSOCIATE), found \(describe(current))",
                        at: current.range, help: help)
        }
        return Statement(kind, range: range(from: start))
    }

    /// explain = "EXPLAIN" [ "ANALYZE" ] statement ;
    mutating func parseExplain() throws -> Statement.Kind {
        let keyword = advance()
        let analyze = check(.analyze) && (peek().kind == .keyword(.select) || peek().kind == .keyword(.with))
        if analyze { advance() }
        if check(.explain) {
            throw error("EXPLAIN cannot explain an EXPLAIN", at: current.range, notes: [("first EXPLAIN here", keyword.range)])
        }
        let inner = try parseStatement()
        return analyze ? .explainAnalyze(inner) : .explain(inner)
    }

    /// show = "SHOW" ( "OBJECTS" | "OWNERS" | "LISTS" [ "LIKE" string ] | "PROPERTIES" "FROM" object [ "LIKE" string ]
    ///        | "ASSOCIATIONS" "FROM" object | "PIPELINES" "FROM" object ) ;
    mutating func parseShow() throws -> Statement.Kind {
        advance()
        switch current.keyword {
        case .objects:
            advance()
            return .showObjects
        case .owners:
            advance()
            return .showOwners
        case .lists:
            advance()
            var pattern: String?
            if match(.like) { pattern = try parseStringLiteral("a pattern", after: "LIKE") }
            return .showLists(like: pattern)
        case .properties:
            advance()
            try expect(.from, after: "SHOW PROPERTIES")
            let object = try parseObjectName()
            var pattern: String?
            if match(.like) { pattern = try parseStringLiteral("a pattern", after: "LIKE") }
            return .showProperties(object, like: pattern)
        case .associations:
            advance()
            try expect(.from, after: "SHOW ASSOCIATIONS")
            return .showAssociations(try parseObjectName())
        case .pipelines:
            advance()
            try expect(.from, after: "SHOW PIPELINES")
            return .showPipelines(try parseObjectName())
        default:
            throw error("expected OBJECTS, PROPERTIES, ASSOCIATIONS, PIPELINES, OWNERS or LISTS after SHOW, found \(describe(current))",
                        at: current.range)
        }
    }

    /// describe = "DESCRIBE" object ;
    mutating func parseDescribe() throws -> Statement.Kind {
        advance()
        return .describe(try parseObjectName())
    }

    /// set = "SET" name ( "=" | "TO" ) expression ;
    mutating func parseSet() throws -> Statement.Kind {
        advance()
        let name = try parseName("a setting name", after: "SET")
        if !match(.equal), !match(.to) {
            throw error("expected '=' or TO after SET \(name.value), found \(describe(current))", at: current.range)
        }
        // `SET dry_run = on`: ON is a keyword, read here as the text 'on'.
        if current.kind == .keyword(.on) {
            return .set(name: name, value: Expr(.literal(.string("on")), range: advance().range))
        }
        return .set(name: name, value: try parseExpression())
    }

    // MARK: Names

    /// Whether the current token can be a name: an identifier, a quoted name, or a contextual keyword.
    var atName: Bool {
        switch current.kind {
        case .identifier, .quotedIdentifier: true
        case .keyword(let keyword): !keyword.isReserved
        default: false
        }
    }

    /// name = identifier | quoted_identifier | contextual_keyword ;
    mutating func parseName(_ what: String = "a name", after context: String? = nil) throws -> Identifier {
        let token = current
        switch token.kind {
        case .identifier:
            advance()
            return Identifier(source.text(in: token.range), range: token.range)
        case .quotedIdentifier:
            advance()
            return Identifier(unquote(token), range: token.range)
        case .keyword(let keyword) where !keyword.isReserved:
            advance()
            return Identifier(source.text(in: token.range), range: token.range)
        case .keyword(let keyword) where !Self.clauseKeywords.contains(keyword):
            throw reservedWordAsName(token, keyword)
        default:
            let suffix = context.map { " after \($0)" } ?? ""
            throw error("expected \(what)\(suffix), found \(describe(token))", at: token.range)
        }
    }

    /// Keywords that begin a clause: seeing one where a name belongs means the name is missing,
    /// not that a reserved word was used as one.
    static let clauseKeywords: Set<Keyword> = [
        .from, .where, .group, .having, .limit, .offset, .join, .left, .inner, .on, .values, .returning,
        .set, .with, .into, .select, .and, .or,
    ]

    /// object = name | custom_object_id ;  custom_object_id = digits "-" digits ;
    /// `2-1234567` may be written bare; it prints quoted.
    mutating func parseObjectName() throws -> ObjectName {
        if check(.number), peek().kind == .minus, !peek().precededBySpace, peek(2).kind == .number,
           !peek(2).precededBySpace {
            let start = current.range.start
            advance(); advance(); advance()
            let range = range(from: start)
            return Identifier(source.text(in: range), range: range)
        }
        return try parseName("an object name")
    }

    /// The text of a `'string'` token, quotes removed and `''` undoubled.
    func unquote(_ token: Token) -> String {
        let inner = source.bytes[(token.range.start + 1)..<(token.range.end - 1)]
        let quote = source.bytes[token.range.start]
        guard inner.contains(quote) else { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var skip = false
        for byte in inner {
            if skip { skip = false; continue }
            out.append(byte)
            if byte == quote { skip = true }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func parseStringLiteral(_ what: String, after context: String) throws -> String {
        let token = try expect(.string, what, after: context)
        return unquote(token)
    }
}
