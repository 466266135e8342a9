/// Expressions, by precedence climbing over the levels of ``Precedence``:
/// OR < AND < NOT < comparison (= <> < IN BETWEEN LIKE ILIKE CONTAINS IS) < || < + - < * / % < unary
/// < `::` < primary.
extension Parser {
    /// expression = disjunction ;  (the levels are spelled out in grammar/hql.ebnf)
    mutating func parseExpression() throws -> Expr {
        try parseExpression(above: .lowest)
    }

    mutating func parseExpression(above minimum: Precedence) throws -> Expr {
        try descend()
        defer { ascend() }
        var lhs = try parsePrefix()
        var chain = 0
        while let precedence = infixPrecedence(), precedence > minimum {
            if precedence == .or || precedence == .and {
                lhs = try parseJunction(lhs, precedence)
                continue
            }
            chain += 1
            lhs = try parseInfix(lhs, precedence: precedence)
            if precedence >= .additive, chain > Self.maxDepth {
                throw error("expression is too long (more than \(Self.maxDepth) operators in a row)", at: lhs.range)
            }
        }
        return lhs
    }

    /// The precedence of the infix operator at the cursor, if there is one.
    private func infixPrecedence() -> Precedence? {
        switch current.kind {
        case .keyword(.or): return .or
        case .keyword(.and): return .and
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .comparison
        case .keyword(.is), .keyword(.in), .keyword(.between), .keyword(.like), .keyword(.ilike), .keyword(.contains):
            return .comparison
        case .keyword(.not):
            switch peek().kind {
            case .keyword(.in), .keyword(.between), .keyword(.like), .keyword(.ilike), .keyword(.contains): return .comparison
            default: return nil
            }
        case .concat: return .concat
        case .plus, .minus: return .additive
        case .star, .slash, .percent: return .multiplicative
        default: return nil
        }
    }

    /// Builds one infix node with `lhs` on its left.
    private mutating func parseInfix(_ lhs: Expr, precedence: Precedence) throws -> Expr {
        let start = lhs.range.start
        let token = advance()
        switch token.kind {
        case .plus, .minus, .star, .slash, .percent, .concat:
            let op: BinaryOperator = switch token.kind {
            case .plus: .add
            case .minus: .subtract
            case .star: .multiply
            case .percent: .modulo
            case .concat: .concat
            default: .divide
            }
            let rhs = try parseExpression(above: op.precedence)
            return Expr(.binary(op, lhs, rhs), range: range(from: start))
        default:
            let node = try parsePredicate(lhs, operatorToken: token)
            if infixPrecedence() == .comparison {
                throw error("comparisons cannot be chained: \(describe(current)) follows a complete comparison",
                            at: current.range, help: "combine comparisons with AND or OR")
            }
            return node
        }
    }

    /// The comparison level: `=`, `IS [NOT] NULL`, `[NOT] IN`, `[NOT] BETWEEN`, `[NOT] LIKE`, `[NOT] CONTAINS`.
    private mutating func parsePredicate(_ lhs: Expr, operatorToken token: Token) throws -> Expr {
        let start = lhs.range.start
        var negated = false
        var keyword = token.keyword
        if keyword == .not {
            negated = true
            keyword = advance().keyword
        }
        let kind: Expr.Kind
        switch (token.kind, keyword) {
        case (.equal, _): kind = .binary(.equal, lhs, try parseExpression(above: .comparison))
        case (.notEqual, _): kind = .binary(.notEqual, lhs, try parseExpression(above: .comparison))
        case (.less, _): kind = .binary(.less, lhs, try parseExpression(above: .comparison))
        case (.lessEqual, _): kind = .binary(.lessEqual, lhs, try parseExpression(above: .comparison))
        case (.greater, _): kind = .binary(.greater, lhs, try parseExpression(above: .comparison))
        case (.greaterEqual, _): kind = .binary(.greaterEqual, lhs, try parseExpression(above: .comparison))
        case (_, .is):
            let isNot = match(.not)
            guard match(.null) else {
                throw error("expected NULL after IS\(isNot ? " NOT" : ""), found \(describe(current))", at: current.range,
                            help: "IS compares with NULL only; use = for values")
            }
            kind = .isNull(lhs, negated: isNot)
        case (_, .in): kind = try parseIn(lhs, negated: negated)
        case (_, .between):
            let low = try parseExpression(above: .comparison)
            guard match(.and) else {
                throw error("expected AND in BETWEEN … AND …, found \(describe(current))", at: current.range)
            }
            let high = try parseExpression(above: .comparison)
            kind = .between(lhs, low: low, high: high, negated: negated)
        case (_, .like): kind = .like(lhs, pattern: try parseExpression(above: .comparison), negated: negated)
        case (_, .ilike): kind = .ilike(lhs, pattern: try parseExpression(above: .comparison), negated: negated)
        case (_, .contains): kind = .contains(lhs, token: try parseExpression(above: .comparison), negated: negated)
        default:
            throw error("expected a comparison, found \(describe(token))", at: token.range)
        }
        return Expr(kind, range: range(from: start))
    }

    /// in = "IN" "(" ( select | expression_list ) ")" ;
    private mutating func parseIn(_ lhs: Expr, negated: Bool) throws -> Expr.Kind {
        if check(.list), peek().kind == .string {
            advance()
            return .inSubquery(lhs, Self.listMembers(unquote(advance()), range: previous.range), negated: negated)
        }
        guard check(.leftParen) else {
            throw error("expected '(' after IN, found \(describe(current))", at: current.range,
                        help: "write IN ('a', 'b') or IN (SELECT …)")
        }
        let opener = advance()
        if check(.select) {
            let query = try parseSelect()
            try expectClosing(opener)
            return .inSubquery(lhs, query, negated: negated)
        }
        if check(.rightParen) {
            throw error("IN needs at least one value", at: current.range)
        }
        var values = [try parseExpression()]
        while check(.comma) {
            let comma = advance()
            if check(.rightParen) { throw trailingComma(comma) }
            values.append(try parseExpression())
        }
        try expectClosing(opener)
        return .inList(lhs, values, negated: negated)
    }

    /// `a OR b OR c` as one flat list, built in one pass (a chain of thousands stays linear).
    private mutating func parseJunction(_ first: Expr, _ precedence: Precedence) throws -> Expr {
        let isOr = precedence == .or
        var parts: [Expr] = []
        func append(_ expr: Expr) {
            switch expr.kind {
            case .or(let list) where isOr: parts.append(contentsOf: list)
            case .and(let list) where !isOr: parts.append(contentsOf: list)
            default: parts.append(expr)
            }
        }
        append(first)
        while infixPrecedence() == precedence {
            advance()
            append(try parseExpression(above: precedence))
        }
        let range = range(from: first.range.start)
        return Expr(isOr ? .or(parts) : .and(parts), range: range)
    }

    // MARK: Prefix and primary

    /// unary = ( "NOT" | "-" | "+" ) unary | primary ;
    private mutating func parsePrefix() throws -> Expr {
        let start = current.range.start
        // `[NOT] IN LIST 'Newsletter'` without a left side: the FROM record is a member.
        let negatedList = check(.not) && peek().kind == .keyword(.in) && peek(2).kind == .keyword(.list)
        if (check(.in) && peek().kind == .keyword(.list)) || negatedList {
            if negatedList { advance() }
            advance()
            advance()
            let name = try expect(.string, "a list's name or id", after: "IN LIST")
            let subject = Expr(.column([Identifier("hs_object_id", range: name.range)]), range: name.range)
            return Expr(.inSubquery(subject, Self.listMembers(unquote(name), range: name.range), negated: negatedList),
                        range: range(from: start))
        }
        if match(.not) {
            let operand = try parseExpression(above: .not)
            return Expr(.unary(.not, operand), range: range(from: start))
        }
        if check(.minus) || check(.plus) {
            let op: UnaryOperator = advance().kind == .minus ? .minus : .plus
            let operand = try parseExpression(above: .multiplicative)
            return Expr(.unary(op, operand), range: range(from: start))
        }
        return try parsePostfix(try parsePrimary())
    }

    /// `x::type`, binding tighter than any operator (`-x::text` is `-(x::text)`), as in PostgreSQL.
    private mutating func parsePostfix(_ operand: Expr) throws -> Expr {
        var expr = operand
        while match(.doubleColon) {
            let type = try parseTypeName(after: "'::'")
            expr = Expr(.cast(expr, type: type), range: range(from: operand.range.start))
        }
        return expr
    }

    /// type_name = name ;  (TEXT, NUMBER, INTEGER, BOOLEAN, DATE, TIMESTAMP … checked by the binder)
    private mutating func parseTypeName(after context: String) throws -> String {
        switch current.kind {
        case .identifier, .keyword:
            return source.text(in: advance().range).uppercased()
        default:
            throw error("expected a type name after \(context), found \(describe(current))", at: current.range,
                        help: "e.g. TEXT, NUMBER, INTEGER, BOOLEAN, DATE, TIMESTAMP")
        }
    }

    /// case = "CASE" [ expression ] "WHEN" expression "THEN" expression { "WHEN" … "THEN" … }
    ///        [ "ELSE" expression ] "END" ;
    private mutating func parseCase() throws -> Expr {
        let opener = advance()
        let operand = check(.when) ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        while match(.when) {
            let condition = try parseExpression()
            guard match(.then) else {
                throw error("expected THEN after WHEN's condition, found \(describe(current))", at: current.range)
            }
            branches.append(CaseBranch(condition: condition, result: try parseExpression()))
        }
        guard !branches.isEmpty else {
            throw error("expected WHEN in CASE, found \(describe(current))", at: current.range,
                        help: "write CASE WHEN condition THEN value [ELSE value] END")
        }
        let otherwise = match(.else) ? try parseExpression() : nil
        guard match(.end) else {
            throw error("expected END to close the CASE, found \(describe(current))", at: current.range,
                        notes: [("CASE opened here", opener.range)])
        }
        return Expr(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), range: range(from: opener.range.start))
    }

    /// primary = literal | parameter | relative_date | interval | search | function_call | column
    ///         | "(" expression ")" | "(" select ")" ;
    mutating func parsePrimary() throws -> Expr {
        let token = current
        let start = token.range.start
        switch token.kind {
        case .string:
            advance()
            return Expr(.literal(.string(unquote(token))), range: token.range)
        case .number:
            advance()
            return Expr(.literal(.number(source.text(in: token.range))), range: token.range)
        case .date:
            advance()
            return Expr(.literal(.date(source.text(in: token.range))), range: token.range)
        case .datetime:
            advance()
            return Expr(.literal(.datetime(normalizedDatetime(source.text(in: token.range)))), range: token.range)
        case .positionalParameter:
            advance()
            positionalParameters += 1
            return Expr(.parameter(.positional(positionalParameters)), range: token.range)
        case .namedParameter:
            advance()
            let name = String(source.text(in: token.range).dropFirst())
            return Expr(.parameter(.named(name)), range: token.range)
        case .leftParen:
            let opener = advance()
            if check(.select) {
                let query = try parseSelect()
                try expectClosing(opener)
                return Expr(.subquery(query), range: range(from: start))
            }
            let inner = try parseExpression()
            try expectClosing(opener)
            return Expr(inner.kind, range: range(from: start))
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.literal(.boolean(token.kind == .keyword(.true))), range: token.range)
        case .keyword(.null):
            advance()
            return Expr(.literal(.null), range: token.range)
        case .keyword(.interval):
            return try parseInterval()
        case .keyword(.case):
            return try parseCase()
        case .star:
            throw error("'*' is only allowed as a select item or in COUNT(*)", at: token.range)
        case .keyword(let keyword):
            if let special = try parseKeywordPrimary(keyword) { return special }
            // LEFT(text, n): the function, not LEFT JOIN.
            if keyword == .left, peek().kind == .leftParen { return try parseNameOrCall() }
            if keyword.isReserved {
                if Self.clauseKeywords.contains(keyword) {
                    throw error("expected an expression, found \(keyword.rawValue)", at: token.range)
                }
                throw reservedWordAsName(token, keyword)
            }
            return try parseNameOrCall()
        case .identifier, .quotedIdentifier:
            return try parseNameOrCall()
        default:
            throw error("expected an expression, found \(describe(token))", at: token.range)
        }
    }

    /// Contextual keywords that begin a primary: typed literals, relative dates, SEARCH.
    /// Returns nil when the keyword is being used as a name here.
    private mutating func parseKeywordPrimary(_ keyword: Keyword) throws -> Expr? {
        let token = current
        let next = peek().kind
        let usedAsName = next == .dot || next == .leftParen
        switch keyword {
        case .date, .timestamp:
            guard next == .string else { return nil }
            advance()
            let text = unquote(advance())
            let valid = keyword == .date ? Self.isISODate(text) : Self.isISODatetime(text)
            guard valid else {
                let shape = keyword == .date ? "YYYY-MM-DD" : "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"
                throw error("invalid \(keyword.rawValue) literal '\(text)'", at: range(from: token.range.start),
                            help: "write \(keyword.rawValue) '\(shape)'")
            }
            let literal: Literal = keyword == .date ? .date(text) : .datetime(normalizedDatetime(text))
            return Expr(.literal(literal), range: range(from: token.range.start))
        case .today, .yesterday, .tomorrow:
            guard !usedAsName else { return nil }
            advance()
            let offset = keyword == .today ? 0 : keyword == .yesterday ? -1 : 1
            return Expr(.relativeDate(.day(offset: offset)), range: token.range)
        case .thisWeek, .thisMonth, .thisQuarter, .thisYear, .lastWeek, .lastMonth, .lastQuarter, .lastYear,
             .nextWeek, .nextMonth, .nextQuarter, .nextYear:
            guard !usedAsName else { return nil }
            advance()
            let parts = keyword.rawValue.split(separator: "_")
            let offset = parts[0] == "THIS" ? 0 : parts[0] == "LAST" ? -1 : 1
            guard let unit = RelativeDate.CalendarUnit(rawValue: String(parts[1])) else { return nil }
            return Expr(.relativeDate(.calendar(unit, offset: offset)), range: token.range)
        case .last, .next:
            guard next == .number else { return nil }
            advance()
            let countToken = advance()
            let digits = source.text(in: countToken.range)
            guard let count = Int(digits), count >= 0 else {
                throw error("\(keyword.rawValue) takes a whole number of units, found '\(digits)'", at: countToken.range)
            }
            guard let unit = current.keyword.flatMap(Self.timeUnit) else {
                throw error("expected a unit (MINUTES, HOURS, DAYS, WEEKS, MONTHS, QUARTERS, YEARS) after \(keyword.rawValue) \(digits), found \(describe(current))",
                            at: current.range)
            }
            advance()
            let direction: RelativeDate.RollingDirection = keyword == .last ? .last : .next
            return Expr(.relativeDate(.rolling(direction, count: count, unit: unit)), range: range(from: token.range.start))
        case .search:
            guard next == .string || next == .positionalParameter || next == .namedParameter else { return nil }
            advance()
            let text = try parsePrimary()
            return Expr(.search(text), range: range(from: token.range.start))
        default:
            return nil
        }
    }

    static func timeUnit(_ keyword: Keyword) -> TimeUnit? {
        switch keyword {
        case .minute, .minutes: .minute
        case .hour, .hours: .hour
        case .day, .days: .day
        case .week, .weeks: .week
        case .month, .months: .month
        case .quarter, .quarters: .quarter
        case .year, .years: .year
        default: nil
        }
    }

    /// interval = "INTERVAL" string ;  the string is "<count> <unit>", e.g. '7 days'.
    private mutating func parseInterval() throws -> Expr {
        let start = advance().range.start
        let token = try expect(.string, "a quoted amount such as '7 days'", after: "INTERVAL")
        let text = unquote(token)
        let words = text.split(whereSeparator: \.isWhitespace)
        if words.count == 2, let count = Int(words[0]), count >= 0,
           let keyword = Keyword.lookup(String(words[1])), let unit = Self.timeUnit(keyword) {
            return Expr(.interval(Interval(count: count, unit: unit)), range: range(from: start))
        }
        throw error("invalid interval '\(text)'", at: token.range,
                    help: "write a whole number and a unit: INTERVAL '7 days', INTERVAL '3 months'")
    }

    /// column = name { "." name } ;  function_call = name "(" [ "*" | [ "DISTINCT" ] expression_list ] ")"
    ///        | "CAST" "(" expression "AS" type_name ")" | "EXTRACT" "(" name "FROM" expression ")"
    ///        | "POSITION" "(" additive "IN" additive ")"
    ///        | "SUBSTRING" "(" expression "FROM" expression [ "FOR" expression ] ")" ;
    private mutating func parseNameOrCall() throws -> Expr {
        let start = current.range.start
        if current.kind != .quotedIdentifier, peek().kind == .leftParen {
            let name = source.text(in: current.range).uppercased()
            advance()
            let opener = advance()
            if let special = try parseSpecialCall(name, opener: opener, start: start) { return special }
            var call = FunctionCall(name: name, arguments: [])
            if check(.star) {
                let star = advance()
                guard name == "COUNT" else {
                    throw error("'*' is only allowed in COUNT(*)", at: star.range)
                }
                call.star = true
            } else if !check(.rightParen) {
                if match(.distinct) {
                    guard call.isAggregate else {
                        throw error("DISTINCT is only allowed in COUNT, SUM, AVG, MIN and MAX", at: previous.range)
                    }
                    call.distinct = true
                }
                call.arguments.append(try parseExpression())
                while check(.comma) {
                    let comma = advance()
                    if check(.rightParen) { throw trailingComma(comma) }
                    call.arguments.append(try parseExpression())
                }
            }
            try expectClosing(opener)
            return Expr(.function(call), range: range(from: start))
        }
        var path = [try parseName()]
        while check(.dot) {
            advance()
            path.append(try parseName("a property name", after: "'.'"))
        }
        return Expr(.column(path), range: range(from: start))
    }

    /// SQL's calls with keywords between their arguments, as their plain forms: `EXTRACT(YEAR
    /// FROM x)` is `DATE_PART('year', x)`, `POSITION(a IN b)` is `POSITION(a, b)`, `SUBSTRING(x
    /// FROM 2 FOR 3)` is `SUBSTRING(x, 2, 3)`. Nil when the call uses the plain form.
    private mutating func parseSpecialCall(_ name: String, opener: Token, start: Int) throws -> Expr? {
        func call(_ name: String, _ arguments: [Expr]) throws -> Expr {
            try expectClosing(opener)
            return Expr(.function(FunctionCall(name: name, arguments: arguments)), range: range(from: start))
        }
        switch name {
        case "CAST":
            let operand = try parseExpression()
            guard match(.as) else {
                throw error("expected AS in CAST(… AS type), found \(describe(current))", at: current.range)
            }
            let type = try parseTypeName(after: "AS")
            try expectClosing(opener)
            return Expr(.cast(operand, type: type), range: range(from: start))
        case "EXTRACT":
            // The field is a word (YEAR, MONTH … are keywords, `dow` is not); FROM follows it.
            switch current.kind {
            case .identifier, .keyword: break
            default: return nil
            }
            guard peek().kind == .keyword(.from) else { return nil }
            let fieldToken = advance()
            advance()
            let field = Expr(.literal(.string(source.text(in: fieldToken.range).lowercased())), range: fieldToken.range)
            return try call("DATE_PART", [field, try parseExpression()])
        case "POSITION":
            let needle = try parseExpression(above: .comparison)
            guard match(.in) else {
                guard check(.comma) else { throw error("expected IN in POSITION(a IN b), found \(describe(current))", at: current.range) }
                advance()
                return try call("POSITION", [needle, try parseExpression()])
            }
            return try call("POSITION", [needle, try parseExpression(above: .comparison)])
        case "SUBSTRING":
            let text = try parseExpression()
            guard match(.from) else {
                var arguments = [text]
                while match(.comma) { arguments.append(try parseExpression()) }
                return try call("SUBSTRING", arguments)
            }
            var arguments = [text, try parseExpression()]
            if case .identifier = current.kind, source.text(in: current.range).uppercased() == "FOR" {
                advance()
                arguments.append(try parseExpression())
            }
            return try call("SUBSTRING", arguments)
        default:
            return nil
        }
    }

    /// The subquery `IN LIST 'name'` stands for: the members' ids.
    static func listMembers(_ name: String, range: SourceRange) -> SelectStatement {
        SelectStatement(items: [.expression(Expr(.column([Identifier("hs_object_id", range: range)]), range: range), alias: nil)],
                        from: TableReference(object: Identifier(name, range: range), list: true))
    }

    // MARK: Literal checks

    static func isISODate(_ text: String) -> Bool { isSingleToken(text, .date) }

    static func isISODatetime(_ text: String) -> Bool { isSingleToken(text, .datetime) }

    /// Whether `text` is exactly one token of `kind`: the lexer is the one judge of date syntax.
    private static func isSingleToken(_ text: String, _ kind: TokenKind) -> Bool {
        let lexer = Lexer.tokenize(SourceFile(text))
        return lexer.tokens.count == 2 && lexer.tokens[0].kind == kind && lexer.diagnostics.isEmpty
    }

    /// `2024-01-31t10:00z` and `2024-01-31T10:00Z` are one value; keep one spelling.
    func normalizedDatetime(_ text: String) -> String {
        text.uppercased()
    }
}
