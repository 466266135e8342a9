/// SELECT and its clauses.
extension Parser {
    /// select = "SELECT" [ "DISTINCT" ] select_list "FROM" table { join } [ "WHERE" expression ]
    ///          [ "GROUP" "BY" expression_list ] [ "HAVING" expression ]
    ///          [ "ORDER" "BY" order_item { "," order_item } ] [ "LIMIT" count ] [ "OFFSET" count ] ;
    mutating func parseSelect() throws -> SelectStatement {
        try descend()
        defer { ascend() }
        try expect(.select)
        let distinct = match(.distinct)
        let items = try parseSelectList()
        guard match(.from) else {
            if check(.endOfInput) || check(.semicolon) || check(.rightParen) {
                throw error("expected FROM after the select list, found \(describe(current))", at: current.range,
                            help: "name the object to read: SELECT … FROM contacts")
            }
            throw error("expected ',' or FROM after a select item, found \(describe(current))", at: current.range)
        }
        var select = SelectStatement(distinct: distinct, items: items, from: try parseTable())
        while check(.join) || check(.left) || check(.inner) {
            select.joins.append(try parseJoin())
        }
        if match(.where) { select.whereClause = try parseExpression() }
        if match(.group) {
            try expect(.by, after: "GROUP")
            select.groupBy = try parseExpressionList(context: "GROUP BY")
        }
        if match(.having) { select.having = try parseExpression() }
        if match(.order) {
            try expect(.by, after: "ORDER")
            select.orderBy = [try parseOrderItem()]
            while check(.comma) {
                let comma = advance()
                if !startsExpression { throw trailingComma(comma) }
                select.orderBy.append(try parseOrderItem())
            }
        }
        if match(.limit) { select.limit = try parseCount("LIMIT") }
        if match(.offset) { select.offset = try parseCount("OFFSET") }
        return select
    }

    /// select_list = select_item { "," select_item } ;
    mutating func parseSelectList() throws -> [SelectItem] {
        if check(.from) {
            throw error("expected a select item before FROM", at: current.range,
                        help: "list properties, or write * for the default ones")
        }
        var items = [try parseSelectItem()]
        while check(.comma) {
            let comma = advance()
            if check(.from) || check(.endOfInput) || check(.semicolon) { throw trailingComma(comma) }
            items.append(try parseSelectItem())
        }
        return items
    }

    /// select_item = "*" | name "." "*" | expression [ [ "AS" ] name ] ;
    mutating func parseSelectItem() throws -> SelectItem {
        if match(.star) { return .star(qualifier: nil) }
        if atName, peek().kind == .dot, peek(2).kind == .star {
            let qualifier = try parseName()
            advance(); advance()
            return .star(qualifier: qualifier)
        }
        let expression = try parseExpression()
        return .expression(expression, alias: try parseAlias())
    }

    /// alias = [ "AS" ] name ;
    mutating func parseAlias() throws -> Identifier? {
        if match(.as) { return try parseName("an alias", after: "AS") }
        if atName { return try parseName() }
        return nil
    }

    /// table = object [ "ARCHIVED" ] [ alias ] | "LIST" string [ alias ] | "(" select ")" [ alias ] ;
    mutating func parseTable() throws -> TableReference {
        if check(.list), peek().kind == .string {
            advance()
            let name = advance()
            return TableReference(object: Identifier(unquote(name), range: name.range), alias: try parseAlias(), listRecords: true)
        }
        if check(.leftParen), peek().kind == .keyword(.select) {
            let opener = advance()
            let inner = try parseSelect()
            try expectClosing(opener)
            let alias = try parseAlias() ?? Identifier("subquery", range: previous.range)
            return TableReference(object: alias, alias: nil, derived: [inner])
        }
        let object = try parseObjectName()
        let archived = match(.archived)
        return TableReference(object: object, alias: try parseAlias(), archived: archived)
    }

    /// with = "WITH" name "AS" "(" select ")" { "," name "AS" "(" select ")" } select ;
    mutating func parseWith() throws -> SelectStatement {
        _ = try expect(.with)
        var tables: [CommonTableExpression] = []
        repeat {
            let name = try parseName("a name for the query", after: tables.isEmpty ? "WITH" : "','")
            _ = try expect(.as, after: name.value)
            guard check(.leftParen) else {
                throw error("expected '(' and a SELECT after AS, found \(describe(current))", at: current.range,
                            help: "WITH name AS (SELECT …) SELECT … FROM name")
            }
            let opener = advance()
            let query = try parseSelect()
            try expectClosing(opener)
            tables.append(CommonTableExpression(name: name, query: query))
        } while match(.comma)
        guard check(.select) else {
            throw error("expected SELECT after the WITH queries, found \(describe(current))", at: current.range)
        }
        var select = try parseSelect()
        select.with = tables
        return select
    }

    /// join = [ "LEFT" | "INNER" ] "JOIN" table "ON" "ASSOCIATED" [ "WITH" association_type ] ;
    mutating func parseJoin() throws -> Join {
        let left = match(.left)
        if !left { _ = match(.inner) }
        try expect(.join, after: left ? "LEFT" : "INNER")
        if check(.list), peek().kind == .string {
            throw error("a list can only be a query's FROM, not a JOIN", at: current.range,
                        help: "JOIN the list's object and write WHERE … IN LIST '…'")
        }
        let table = try parseTable()
        guard match(.on) else {
            throw error("expected ON ASSOCIATED after the joined object, found \(describe(current))",
                        at: current.range, help: "objects join through their associations: JOIN companies ON ASSOCIATED")
        }
        guard match(.associated) else {
            throw error("expected ASSOCIATED after ON, found \(describe(current))", at: current.range,
                        help: "HQL joins follow HubSpot associations; write ON ASSOCIATED [WITH LABEL 'x' | WITH TYPE n]")
        }
        var association: AssociationType?
        if match(.with) { association = try parseAssociationType(required: true) }
        return Join(left: left, table: table, association: association)
    }

    /// association_type = "LABEL" string | "TYPE" integer ;
    mutating func parseAssociationType(required: Bool) throws -> AssociationType? {
        if match(.label) { return .label(try parseStringLiteral("a label", after: "LABEL")) }
        if match(.type) {
            let token = try expect(.number, "an association type id", after: "TYPE")
            let digits = source.text(in: token.range)
            guard digits.allSatisfy(\.isNumber) else {
                throw error("an association type id is a whole number", at: token.range)
            }
            return .typeId(digits)
        }
        if required {
            throw error("expected LABEL 'name' or TYPE n, found \(describe(current))", at: current.range)
        }
        return nil
    }

    /// order_item = expression [ "ASC" | "DESC" ] [ "NULLS" ( "FIRST" | "LAST" ) ] ;
    mutating func parseOrderItem() throws -> OrderItem {
        var item = OrderItem(expression: try parseExpression())
        if match(.asc) { item.direction = .ascending } else if match(.desc) { item.direction = .descending }
        if match(.nulls) {
            if match(.first) {
                item.nulls = .first
            } else if match(.last) {
                item.nulls = .last
            } else {
                throw error("expected FIRST or LAST after NULLS, found \(describe(current))", at: current.range)
            }
        }
        return item
    }

    /// count = integer | parameter ;
    mutating func parseCount(_ clause: String) throws -> Expr {
        let token = current
        switch token.kind {
        case .number:
            let text = source.text(in: token.range)
            guard text.allSatisfy(\.isNumber) else {
                throw error("\(clause) takes a whole number, found \(describe(token))", at: token.range)
            }
            advance()
            return Expr(.literal(.number(text)), range: token.range)
        case .positionalParameter, .namedParameter:
            return try parsePrimary()
        case .minus:
            throw error("\(clause) cannot be negative", at: token.range)
        default:
            throw error("expected a whole number or a parameter after \(clause), found \(describe(token))", at: token.range)
        }
    }

    /// expression_list = expression { "," expression } ;
    mutating func parseExpressionList(context: String) throws -> [Expr] {
        var list = [try parseExpression()]
        while check(.comma) {
            let comma = advance()
            if !startsExpression { throw trailingComma(comma) }
            list.append(try parseExpression())
        }
        return list
    }

    /// Whether the current token can begin an expression (used to spot trailing commas).
    var startsExpression: Bool {
        switch current.kind {
        case .identifier, .quotedIdentifier, .string, .number, .date, .datetime, .positionalParameter,
            .namedParameter, .leftParen, .minus, .plus, .invalid:
            true
        case .keyword(let keyword):
            !keyword.isReserved || [.not, .null, .true, .false, .interval].contains(keyword)
        default:
            false
        }
    }
}
