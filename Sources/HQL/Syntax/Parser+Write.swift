/// The write statements. Parsed and printed now; executed by the writes issue.
extension Parser {
    /// insert = "INSERT" "INTO" object column_list ( "VALUES" row { "," row } | select ) [ returning ] ;
    /// upsert = "UPSERT" "INTO" object column_list "VALUES" row { "," row } "ON" "(" name ")" [ returning ] ;
    mutating func parseInsert() throws -> InsertStatement {
        let isUpsert = advance().kind == .keyword(.upsert)
        let verb = isUpsert ? "UPSERT" : "INSERT"
        try expect(.into, after: verb)
        let object = try parseObjectName()
        guard check(.leftParen) else {
            throw error("expected '(' and the column names after \(verb) INTO \(object.value), found \(describe(current))",
                        at: current.range, help: "\(verb) INTO contacts (email, firstname) VALUES ('a@b.com', 'Ana')")
        }
        let opener = advance()
        var columns = [try parseName("a property name")]
        while check(.comma) {
            let comma = advance()
            if check(.rightParen) { throw trailingComma(comma) }
            columns.append(try parseName("a property name"))
        }
        try expectClosing(opener)
        if !isUpsert, check(.select) {
            var statement = InsertStatement(object: object, columns: columns, rows: [])
            statement.select = try parseSelect()
            statement.returning = try parseReturning()
            return statement
        }
        try expect(.values, after: "the column list")
        var rows = [try parseRow(columns: columns.count)]
        while check(.comma) {
            let comma = advance()
            if !check(.leftParen) { throw trailingComma(comma) }
            rows.append(try parseRow(columns: columns.count))
        }
        var statement = InsertStatement(object: object, columns: columns, rows: rows)
        if isUpsert {
            guard match(.on) else {
                throw error("expected ON (unique_property) after the rows of UPSERT, found \(describe(current))",
                            at: current.range, help: "name the property that identifies existing records: ON (email)")
            }
            let keyOpener = try expect(.leftParen, "'('", after: "ON")
            statement.upsertKey = try parseName("a unique property name")
            try expectClosing(keyOpener)
        }
        statement.returning = try parseReturning()
        return statement
    }

    /// row = "(" expression_list ")" ;
    private mutating func parseRow(columns: Int) throws -> [Expr] {
        let opener = try expect(.leftParen, "'(' to start a row of values")
        var values = [try parseExpression()]
        while check(.comma) {
            let comma = advance()
            if check(.rightParen) { throw trailingComma(comma) }
            values.append(try parseExpression())
        }
        try expectClosing(opener)
        if values.count != columns {
            throw error("this row has \(values.count) value\(values.count == 1 ? "" : "s") for \(columns) column\(columns == 1 ? "" : "s")",
                        at: range(from: opener.range.start))
        }
        return values
    }

    /// returning = "RETURNING" select_list ;
    private mutating func parseReturning() throws -> [SelectItem] {
        guard match(.returning) else { return [] }
        var items = [try parseSelectItem()]
        while check(.comma) {
            let comma = advance()
            if check(.endOfInput) || check(.semicolon) { throw trailingComma(comma) }
            items.append(try parseSelectItem())
        }
        return items
    }

    /// update = "UPDATE" object "SET" assignment { "," assignment } [ "WHERE" expression ] [ returning ] ;
    mutating func parseUpdate() throws -> UpdateStatement {
        advance()
        let object = try parseObjectName()
        try expect(.set, after: "UPDATE \(object.value)")
        var assignments = [try parseAssignment()]
        while check(.comma) {
            let comma = advance()
            if !atName { throw trailingComma(comma) }
            assignments.append(try parseAssignment())
        }
        var statement = UpdateStatement(object: object, assignments: assignments)
        if match(.where) { statement.whereClause = try parseExpression() }
        statement.returning = try parseReturning()
        return statement
    }

    /// assignment = name "=" expression ;
    private mutating func parseAssignment() throws -> Assignment {
        let column = try parseName("a property name")
        try expect(.equal, "'='", after: column.value)
        return Assignment(column: column, value: try parseExpression())
    }

    /// delete = ( "DELETE" | "PURGE" ) "FROM" object [ "WHERE" expression ] ;   (PURGE is a word)
    mutating func parseDelete() throws -> DeleteStatement {
        let purge = advance().kind == .identifier
        try expect(.from, after: "DELETE")
        let object = try parseObjectName()
        var statement = DeleteStatement(object: object)
        statement.purge = purge
        if match(.where) { statement.whereClause = try parseExpression() }
        return statement
    }

    /// associate  = "ASSOCIATE" object side "WITH" object side [ match ] [ association_type ] ;
    /// dissociate = "DISSOCIATE" object side "FROM" object side [ match ] [ association_type ] ;
    /// record_id = integer | string | parameter ;
    /// side = record_id | "(" select ")" ;   match = "ON" name "=" name ;
    mutating func parseAssociate() throws -> AssociateStatement {
        let dissociate = advance().kind == .keyword(.dissociate)
        let fromObject = try parseObjectName()
        let (fromId, fromQuery) = try parseSide()
        if dissociate {
            try expect(.from, after: "the record id")
        } else {
            try expect(.with, after: "the record id")
        }
        let toObject = try parseObjectName()
        let (toId, toQuery) = try parseSide()
        var match: AssociationMatch?
        if self.match(.on) {
            let left = try parseName("a property of the \(fromObject.value) records", after: "ON")
            try expect(.equal, "'='", after: left.value)
            match = AssociationMatch(left: left, right: try parseName("a property of the \(toObject.value) records"))
        }
        let association = try parseAssociationType(required: false)
        return AssociateStatement(dissociate: dissociate, fromObject: fromObject, fromId: fromId, toObject: toObject,
                                  toId: toId, association: association, fromQuery: fromQuery, toQuery: toQuery, match: match)
    }

    /// A record id, or `(SELECT …)` choosing the records.
    private mutating func parseSide() throws -> (Expr, SelectStatement?) {
        guard check(.leftParen), peek().kind == .keyword(.select) else { return (try parseRecordId(), nil) }
        let opener = advance()
        let query = try parseSelect()
        try expectClosing(opener)
        return (Expr(.literal(.null), range: opener.range), query)
    }

    private mutating func parseRecordId() throws -> Expr {
        switch current.kind {
        case .number, .string, .positionalParameter, .namedParameter:
            return try parsePrimary()
        default:
            throw error("expected a record id (a number, a string or a parameter), found \(describe(current))",
                        at: current.range)
        }
    }
}
