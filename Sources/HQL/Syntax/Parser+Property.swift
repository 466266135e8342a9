/// CREATE / ALTER / DROP PROPERTY. CREATE, ALTER, DROP, PROPERTY, OPTIONS, OPTION, ADD and RENAME
/// are words here, not keywords: properties and objects may still be named so.
extension Parser {
    /// Whether the statement ahead is `CREATE|ALTER|DROP PROPERTY`.
    var atPropertyStatement: Bool {
        guard current.kind == .identifier, peek().kind == .identifier else { return false }
        return ["CREATE", "ALTER", "DROP"].contains(source.text(in: current.range).uppercased())
            && source.text(in: peek().range).uppercased() == "PROPERTY"
    }

    private func atWord(_ word: String) -> Bool {
        current.kind == .identifier && source.text(in: current.range).uppercased() == word
    }

    private mutating func expectWord(_ word: String, after context: String) throws {
        guard atWord(word) else {
            throw error("expected \(word) after \(context), found \(describe(current))", at: current.range)
        }
        advance()
    }

    /// create_property = "CREATE" "PROPERTY" object "." name "TYPE" name [ "OPTIONS" "(" option { "," option } ")" ]
    ///                   [ "GROUP" string ] [ "LABEL" string ] ;
    /// alter_property  = "ALTER" "PROPERTY" object "." name change { "," change } ;
    /// change          = "SET" "LABEL" string | "SET" "GROUP" string | "ADD" "OPTION" option
    ///                 | "DROP" "OPTION" string | "RENAME" "OPTION" string "TO" string ;
    /// drop_property   = "DROP" "PROPERTY" object "." name ;
    /// option          = string [ "LABEL" string ] ;
    mutating func parsePropertyStatement() throws -> PropertyStatement {
        let verb = source.text(in: advance().range).uppercased()
        advance()
        let object = try parseObjectName()
        try expect(.dot, "'.' and the property name", after: "\(verb) PROPERTY \(object.value)")
        let name = try parseName("a property name")
        switch verb {
        case "CREATE":
            try expect(.type, after: "CREATE PROPERTY \(object.value).\(name.value)")
            let type = try parseName("a property type (string, number, date, datetime, enumeration, bool, phone_number)")
            var options: [PropertyStatement.Option] = []
            if atWord("OPTIONS") {
                advance()
                let opener = try expect(.leftParen, "'('", after: "OPTIONS")
                options.append(try parseOption())
                while check(.comma) {
                    let comma = advance()
                    if check(.rightParen) { throw trailingComma(comma) }
                    options.append(try parseOption())
                }
                try expectClosing(opener)
            }
            var group: String?
            var label: String?
            if match(.group) { group = try parseStringLiteral("a group name", after: "GROUP") }
            if match(.label) { label = try parseStringLiteral("a label", after: "LABEL") }
            return PropertyStatement(object: object, name: name, action: .create(type: type, options: options, group: group, label: label))
        case "ALTER":
            var changes = [try parseChange()]
            while match(.comma) { changes.append(try parseChange()) }
            return PropertyStatement(object: object, name: name, action: .alter(changes))
        default:
            return PropertyStatement(object: object, name: name, action: .drop)
        }
    }

    private mutating func parseOption() throws -> PropertyStatement.Option {
        let value = try parseStringLiteral("an option value", after: "OPTIONS (")
        let label = match(.label) ? try parseStringLiteral("a label", after: "LABEL") : nil
        return PropertyStatement.Option(value: value, label: label)
    }

    private mutating func parseChange() throws -> PropertyStatement.Change {
        if match(.set) {
            if match(.label) { return .setLabel(try parseStringLiteral("a label", after: "SET LABEL")) }
            if match(.group) { return .setGroup(try parseStringLiteral("a group name", after: "SET GROUP")) }
            throw error("expected LABEL or GROUP after SET, found \(describe(current))", at: current.range)
        }
        if atWord("ADD") {
            advance()
            try expectWord("OPTION", after: "ADD")
            return .addOption(try parseOption())
        }
        if atWord("DROP") {
            advance()
            try expectWord("OPTION", after: "DROP")
            return .dropOption(try parseStringLiteral("an option value", after: "DROP OPTION"))
        }
        if atWord("RENAME") {
            advance()
            try expectWord("OPTION", after: "RENAME")
            let value = try parseStringLiteral("an option value", after: "RENAME OPTION")
            try expect(.to, after: "RENAME OPTION \(Printer.string(value))")
            return .relabelOption(value: value, label: try parseStringLiteral("the new label", after: "TO"))
        }
        throw error("expected SET LABEL, SET GROUP, ADD OPTION, DROP OPTION or RENAME OPTION, found \(describe(current))",
                    at: current.range, help: "ALTER PROPERTY contacts.tier ADD OPTION 'gold' LABEL 'Gold'")
    }
}
