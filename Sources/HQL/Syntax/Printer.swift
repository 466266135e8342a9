/// Prints the syntax tree back as canonical HQL: keywords upper-case, single spaces, the fewest
/// parentheses that keep the tree, names quoted only when they must be. `parse(print(ast)) == ast`
/// for every tree the parser makes. `pretty` starts each clause on its own line (`hql fmt`).
struct Printer {
    var pretty = false
    private var out = ""

    init(pretty: Bool = false) {
        self.pretty = pretty
    }

    static func print(_ statement: Statement, pretty: Bool = false) -> String {
        var printer = Printer(pretty: pretty)
        printer.statement(statement)
        return printer.out
    }

    // MARK: Statements

    private mutating func statement(_ statement: Statement) {
        switch statement.kind {
        case .select(let select): self.select(select, topLevel: true)
        case .explain(let inner):
            out += "EXPLAIN "
            self.statement(inner)
        case .explainAnalyze(let inner):
            out += "EXPLAIN ANALYZE "
            self.statement(inner)
        case .showObjects: out += "SHOW OBJECTS"
        case .showOwners: out += "SHOW OWNERS"
        case .showLists(let pattern):
            out += "SHOW LISTS"
            if let pattern { out += " LIKE " + Self.string(pattern) }
        case .showProperties(let object, let pattern):
            out += "SHOW PROPERTIES FROM " + Self.name(object)
            if let pattern { out += " LIKE " + Self.string(pattern) }
        case .showAssociations(let object): out += "SHOW ASSOCIATIONS FROM " + Self.name(object)
        case .showPipelines(let object): out += "SHOW PIPELINES FROM " + Self.name(object)
        case .describe(let object): out += "DESCRIBE " + Self.name(object)
        case .set(let name, let value):
            out += "SET " + Self.name(name) + " = "
            expression(value)
        case .insert(let insert): self.insert(insert)
        case .update(let update): self.update(update)
        case .delete(let delete):
            out += (delete.purge ? "PURGE FROM " : "DELETE FROM ") + Self.name(delete.object)
            if let condition = delete.whereClause {
                clause("WHERE ")
                expression(condition)
            }
        case .associate(let associate): self.associate(associate)
        case .property(let property): out += property.canonical
        case .undo(let id): out += "UNDO" + (id.map { " " + Self.string($0) } ?? "")
        }
    }

    private mutating func clause(_ keyword: String) {
        out += pretty ? "\n" : " "
        out += keyword
    }

    private mutating func select(_ select: SelectStatement, topLevel: Bool) {
        let savedPretty = pretty
        // Subqueries stay on one line, so pretty output needs no indentation rules.
        if !topLevel { pretty = false }
        defer { pretty = savedPretty }
        if !select.with.isEmpty {
            out += "WITH "
            for (index, table) in select.with.enumerated() {
                if index > 0 { out += ", " }
                out += Self.name(table.name) + " AS ("
                self.select(table.query, topLevel: false)
                out += ")"
            }
            out += " "
        }
        out += select.distinct ? "SELECT DISTINCT " : "SELECT "
        selectItems(select.items)
        clause("FROM ")
        table(select.from)
        for join in select.joins {
            clause(join.left ? "LEFT JOIN " : "JOIN ")
            table(join.table)
            out += " ON ASSOCIATED"
            if let association = join.association {
                out += " WITH "
                associationType(association)
            }
        }
        if let condition = select.whereClause {
            clause("WHERE ")
            expression(condition)
        }
        if !select.groupBy.isEmpty {
            clause("GROUP BY ")
            list(select.groupBy)
        }
        if let having = select.having {
            clause("HAVING ")
            expression(having)
        }
        if !select.orderBy.isEmpty {
            clause("ORDER BY ")
            for (index, item) in select.orderBy.enumerated() {
                if index > 0 { out += ", " }
                expression(item.expression)
                if let direction = item.direction { out += " " + direction.rawValue }
                if let nulls = item.nulls { out += " NULLS " + nulls.rawValue }
            }
        }
        if let limit = select.limit {
            clause("LIMIT ")
            expression(limit)
        }
        if let offset = select.offset {
            clause("OFFSET ")
            expression(offset)
        }
    }

    private mutating func selectItems(_ items: [SelectItem]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            switch item {
            case .star(let qualifier):
                if let qualifier { out += Self.name(qualifier) + "." }
                out += "*"
            case .expression(let expr, let alias):
                expression(expr)
                if let alias { out += " AS " + Self.name(alias) }
            }
        }
    }

    private mutating func table(_ table: TableReference) {
        if let inner = table.derived.first {
            out += "("
            select(inner, topLevel: false)
            out += ") AS " + Self.name(table.object)
            return
        }
        out += table.listRecords ? "LIST " + Self.string(table.object.value) : Self.name(table.object)
        if table.archived { out += " ARCHIVED" }
        if let alias = table.alias { out += " AS " + Self.name(alias) }
    }

    private mutating func associationType(_ type: AssociationType) {
        switch type {
        case .label(let label): out += "LABEL " + Self.string(label)
        case .typeId(let id): out += "TYPE " + id
        }
    }

    private mutating func insert(_ insert: InsertStatement) {
        out += (insert.upsertKey == nil ? "INSERT INTO " : "UPSERT INTO ") + Self.name(insert.object)
        out += " (" + insert.columns.map(Self.name).joined(separator: ", ") + ")"
        if let query = insert.select {
            out += pretty ? "\n" : " "
            select(query, topLevel: false)
            returning(insert.returning)
            return
        }
        clause("VALUES ")
        for (index, row) in insert.rows.enumerated() {
            if index > 0 { out += ", " }
            out += "("
            list(row)
            out += ")"
        }
        if let key = insert.upsertKey { clause("ON (" + Self.name(key) + ")") }
        returning(insert.returning)
    }

    private mutating func update(_ update: UpdateStatement) {
        out += "UPDATE " + Self.name(update.object)
        clause("SET ")
        for (index, assignment) in update.assignments.enumerated() {
            if index > 0 { out += ", " }
            out += Self.name(assignment.column) + " = "
            expression(assignment.value)
        }
        if let condition = update.whereClause {
            clause("WHERE ")
            expression(condition)
        }
        returning(update.returning)
    }

    private mutating func returning(_ items: [SelectItem]) {
        guard !items.isEmpty else { return }
        clause("RETURNING ")
        selectItems(items)
    }

    private mutating func associate(_ statement: AssociateStatement) {
        out += statement.dissociate ? "DISSOCIATE " : "ASSOCIATE "
        out += Self.name(statement.fromObject) + " "
        if let query = statement.fromQuery {
            out += "("
            select(query, topLevel: false)
            out += ")"
        } else {
            expression(statement.fromId, above: .unary)
        }
        out += statement.dissociate ? " FROM " : " WITH "
        out += Self.name(statement.toObject) + " "
        if let query = statement.toQuery {
            out += "("
            select(query, topLevel: false)
            out += ")"
        } else {
            expression(statement.toId, above: .unary)
        }
        if let match = statement.match { out += " ON " + Self.name(match.left) + " = " + Self.name(match.right) }
        if let association = statement.association {
            out += " "
            associationType(association)
        }
    }

    // MARK: Expressions

    private mutating func list(_ exprs: [Expr]) {
        for (index, expr) in exprs.enumerated() {
            if index > 0 { out += ", " }
            expression(expr)
        }
    }

    /// Prints `expr`, parenthesised when it binds no tighter than `minimum` requires.
    private mutating func expression(_ expr: Expr, above minimum: Precedence = .lowest) {
        let needsParens = Self.precedence(of: expr) <= minimum
        if needsParens { out += "(" }
        defer { if needsParens { out += ")" } }
        switch expr.kind {
        case .literal(let literal): out += Self.literal(literal)
        case .column(let path): out += path.map(Self.columnName).joined(separator: ".")
        case .parameter(.positional): out += "?"
        case .parameter(.named(let name)): out += ":" + name
        case .relativeDate(let date): out += Self.relativeDate(date)
        case .interval(let interval):
            out += "INTERVAL '\(interval.count) \(interval.unit.keyword(count: interval.count).lowercased())'"
        case .unary(.not, let operand):
            out += "NOT "
            // The operand was parsed above NOT, so a nested NOT needs no parentheses.
            expression(operand, above: .and)
        case .unary(let op, let operand):
            out += op.rawValue
            // `- -1` must not print as the comment `--1`.
            if case .unary(let inner, _) = operand.kind, inner != .not {
                out += "("
                expression(operand)
                out += ")"
            } else {
                expression(operand, above: .multiplicative)
            }
        case .binary(let op, let lhs, let rhs):
            let precedence = op.precedence
            expression(lhs, above: precedence == .comparison ? .comparison : Precedence(rawValue: precedence.rawValue - 1) ?? .lowest)
            out += " \(op.rawValue) "
            expression(rhs, above: precedence)
        case .and(let parts): junction(parts, " AND ", .and)
        case .or(let parts): junction(parts, " OR ", .or)
        case .inList(let lhs, let values, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT IN (" : " IN ("
            list(values)
            out += ")"
        case .inSubquery(let lhs, let query, let negated) where query.from.list:
            expression(lhs, above: .comparison)
            out += (negated ? " NOT IN LIST " : " IN LIST ") + Self.string(query.from.object.value)
        case .inSubquery(let lhs, let query, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT IN (" : " IN ("
            select(query, topLevel: false)
            out += ")"
        case .subquery(let query):
            out += "("
            select(query, topLevel: false)
            out += ")"
        case .between(let lhs, let low, let high, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT BETWEEN " : " BETWEEN "
            expression(low, above: .comparison)
            out += " AND "
            expression(high, above: .comparison)
        case .isNull(let lhs, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " IS NOT NULL" : " IS NULL"
        case .like(let lhs, let pattern, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT LIKE " : " LIKE "
            expression(pattern, above: .comparison)
        case .ilike(let lhs, let pattern, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT ILIKE " : " ILIKE "
            expression(pattern, above: .comparison)
        case .caseWhen(let operand, let branches, let otherwise):
            out += "CASE"
            if let operand {
                out += " "
                expression(operand)
            }
            for branch in branches {
                out += " WHEN "
                expression(branch.condition)
                out += " THEN "
                expression(branch.result)
            }
            if let otherwise {
                out += " ELSE "
                expression(otherwise)
            }
            out += " END"
        case .cast(let operand, let type):
            out += "CAST("
            expression(operand)
            out += " AS \(type))"
        case .contains(let lhs, let token, let negated):
            expression(lhs, above: .comparison)
            out += negated ? " NOT CONTAINS " : " CONTAINS "
            expression(token, above: .comparison)
        case .search(let text):
            out += "SEARCH "
            expression(text, above: .unary)
        case .function(let call):
            out += call.name + "("
            if call.star { out += "*" }
            if call.distinct { out += "DISTINCT " }
            list(call.arguments)
            out += ")"
        }
    }

    private mutating func junction(_ parts: [Expr], _ separator: String, _ precedence: Precedence) {
        for (index, part) in parts.enumerated() {
            if index > 0 { out += separator }
            expression(part, above: precedence)
        }
    }

    static func precedence(of expr: Expr) -> Precedence {
        switch expr.kind {
        case .or: .or
        case .and: .and
        case .unary(.not, _): .not
        case .binary(let op, _, _): op.precedence
        case .inList, .inSubquery, .between, .isNull, .like, .ilike, .contains: .comparison
        case .unary: .unary
        default: .primary
        }
    }

    // MARK: Tokens

    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .string(let text): string(text)
        case .number(let digits): digits
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .null: "NULL"
        case .date(let text): "DATE '\(text)'"
        case .datetime(let text): "TIMESTAMP '\(text)'"
        }
    }

    static func string(_ text: String) -> String {
        "'" + doubling("'", in: text) + "'"
    }

    static func relativeDate(_ date: RelativeDate) -> String {
        switch date {
        case .day(let offset): offset == 0 ? "TODAY" : offset < 0 ? "YESTERDAY" : "TOMORROW"
        case .calendar(let unit, let offset): (offset == 0 ? "THIS_" : offset < 0 ? "LAST_" : "NEXT_") + unit.rawValue
        case .rolling(let direction, let count, let unit): "\(direction.rawValue) \(count) \(unit.keyword(count: count))"
        }
    }

    /// Words that, bare in an expression, would read as something other than a column.
    private static let expressionKeywords: Set<Keyword> = [
        .today, .yesterday, .tomorrow, .thisWeek, .thisMonth, .thisQuarter, .thisYear, .lastWeek, .lastMonth,
        .lastQuarter, .lastYear, .nextWeek, .nextMonth, .nextQuarter, .nextYear,
    ]

    /// A name in a column path: also quoted when it would read as a relative date.
    static func columnName(_ identifier: Identifier) -> String {
        if let keyword = Keyword.lookup(identifier.value), expressionKeywords.contains(keyword) {
            return quoted(identifier.value)
        }
        return name(identifier)
    }

    /// A name, bare when it can be, else in double quotes.
    static func name(_ identifier: Identifier) -> String {
        let value = identifier.value
        if isBare(value) { return value }
        return quoted(value)
    }

    private static func quoted(_ value: String) -> String {
        "\"" + doubling("\"", in: value) + "\""
    }

    /// Doubles every `quote` (the one escape HQL has).
    private static func doubling(_ quote: Character, in text: String) -> String {
        guard text.contains(quote) else { return text }
        var result = ""
        result.reserveCapacity(text.count + 2)
        for character in text {
            result.append(character)
            if character == quote { result.append(character) }
        }
        return result
    }

    private static func isBare(_ value: String) -> Bool {
        guard let first = value.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A)
        else { return false }
        for byte in value.utf8 {
            let letter = byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
            let digit = byte >= 0x30 && byte <= 0x39
            if !(letter || digit || byte == UInt8(ascii: "_")) { return false }
        }
        if let keyword = Keyword.lookup(value), keyword.isReserved { return false }
        return true
    }
}
