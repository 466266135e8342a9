import HubSpotAPI

/// What of the portal's schema a statement needs: the standard objects it names, whether it
/// names one that is not standard (custom objects come in one `/crm/v3/schemas` read), and
/// whether it needs the owners. A `COUNT(*)` over contacts then reads contacts' properties and
/// nothing else, instead of six property lists, the custom schemas and every owner page.
struct SchemaNeeds: Sendable, Hashable {
    /// Standard objects by plural name.
    var objects: Set<String> = []
    var customObjects = false
    var owners = false

    /// Everything but the owners (`SHOW OBJECTS`, `SHOW ASSOCIATIONS`, completion of objects).
    static let objectsOnly = SchemaNeeds(objects: Set(ObjectType.standard.map(\.name)), customObjects: true)
    static let everything = SchemaNeeds(objects: Set(ObjectType.standard.map(\.name)), customObjects: true, owners: true)

    init(objects: Set<String> = [], customObjects: Bool = false, owners: Bool = false) {
        self.objects = objects
        self.customObjects = customObjects
        self.owners = owners
    }

    /// Found from the statement's tokens, so a name anywhere counts (FROM, JOIN, a path, a
    /// subquery): a word that is also an object's name costs one property read at most, and a
    /// name after FROM/JOIN or before a dot that is neither a standard object nor an alias asks
    /// for the custom objects.
    init(_ statement: Statement, in source: SourceFile) {
        switch statement.kind {
        case .showObjects, .showAssociations:
            self = .objectsOnly
            return
        case .showOwners:
            self.init(owners: true)
            return
        default:
            break
        }
        self.init()
        let tokens = Lexer.tokenize(source).tokens
        func text(_ index: Int) -> String {
            let token = tokens[index]
            var text = source.text(in: token.range)
            if token.kind == .quotedIdentifier { text = String(text.dropFirst().dropLast()) }
            // A type id written bare: `0-3`, `2-1234567`.
            if token.kind == .number, index + 2 < tokens.count, tokens[index + 1].kind == .minus, tokens[index + 2].kind == .number {
                text += "-" + source.text(in: tokens[index + 2].range)
            }
            return text
        }
        // First the aliases (`FROM contacts c`, `JOIN deals AS d`): `c.email` may come before them.
        var aliases: Set<String> = []
        for index in tokens.indices where Self.introducesObject(index > 0 ? tokens[index - 1] : nil) {
            var after = index + 1
            if after < tokens.count, tokens[after].kind == .minus { after += 2 }
            // `FROM LIST 'Newsletter' n`: the alias follows the list's name.
            if after + 1 < tokens.count, tokens[after].kind == .keyword(.list), tokens[after + 1].kind == .string { after += 2 }
            if after < tokens.count, tokens[after].kind == .keyword(.as) { after += 1 }
            if after < tokens.count, tokens[after].kind == .identifier { aliases.insert(text(after).lowercased()) }
        }
        // WITH's names (`won AS (SELECT …)`) and derived tables' (`(SELECT …) AS t`) are no objects.
        for index in tokens.indices.dropLast(2) where tokens[index].kind == .identifier || tokens[index].kind == .quotedIdentifier {
            if tokens[index + 1].kind == .keyword(.as), tokens[index + 2].kind == .leftParen { aliases.insert(text(index).lowercased()) }
        }
        var subqueries: [Bool] = []
        for index in tokens.indices.dropLast() {
            if tokens[index].kind == .leftParen { subqueries.append(tokens[index + 1].kind == .keyword(.select)) }
            guard tokens[index].kind == .rightParen, subqueries.popLast() == true else { continue }
            var at = index + 1
            if tokens[at].kind == .keyword(.as), at + 1 < tokens.count { at += 1 }
            if tokens[at].kind == .identifier || tokens[at].kind == .quotedIdentifier { aliases.insert(text(at).lowercased()) }
        }
        // `EXTRACT(YEAR FROM d)` and `SUBSTRING(t FROM 2)`: their FROM names no object.
        var callDepths: [Bool] = []
        var insideCall = Set<Int>()
        for (index, token) in tokens.enumerated() {
            if token.kind == .leftParen {
                let name = index > 0 ? source.text(in: tokens[index - 1].range).uppercased() : ""
                callDepths.append(name == "EXTRACT" || name == "SUBSTRING")
            } else if token.kind == .rightParen {
                _ = callDepths.popLast()
            } else if callDepths.last == true {
                insideCall.insert(index)
            }
        }
        for (index, token) in tokens.enumerated() {
            let previous = index > 0 && !insideCall.contains(index) ? tokens[index - 1] : nil
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            switch token.kind {
            case .keyword(.owner) where next?.kind == .leftParen:
                owners = true
            case .identifier, .quotedIdentifier, .number:
                let name = text(index)
                if let standard = Self.standard(name) {
                    // `email`, `note`, `call`… are property names too: those objects count only
                    // where an object is expected (after FROM, JOIN…, or as a path's step).
                    if !ObjectType.objectsNamedOnlyInPlace.contains(standard) || Self.introducesObject(previous)
                        || next?.kind == .dot {
                        objects.insert(standard)
                    }
                } else if Self.introducesObject(previous), !aliases.contains(name.lowercased()) {
                    customObjects = true
                } else if next?.kind == .dot, token.kind != .number, previous?.kind != .dot, !aliases.contains(name.lowercased()) {
                    // A path's first name that is no alias: an association to a custom object.
                    customObjects = true
                }
            default:
                continue
            }
        }
    }

    private static func introducesObject(_ token: Token?) -> Bool {
        guard let keyword = token?.keyword else { return false }
        return [.from, .join, .into, .update, .describe].contains(keyword)
    }

    /// The plural name of a standard object written as `name` (plural, singular or type id).
    static func standard(_ name: String) -> String? {
        let lowered = name.lowercased()
        return ObjectType.standard.first { $0.name == lowered || $0.singular == lowered || $0.typeId == lowered }?.name
    }

    /// What `loaded` lacks of these needs.
    func subtracting(_ catalog: SchemaCatalog) -> SchemaNeeds {
        SchemaNeeds(objects: objects.filter { catalog.standard[$0] == nil && !catalog.absent.contains($0) },
                    customObjects: customObjects && catalog.customs == nil,
                    owners: owners && catalog.owners == nil)
    }

    var isEmpty: Bool { objects.isEmpty && !customObjects && !owners }
}

/// The parts of the schema a session has read so far.
struct SchemaCatalog: Sendable, Codable {
    /// Standard objects read, by plural name.
    var standard: [String: ObjectType] = [:]
    /// Standard objects the portal does not have (their properties answered 404).
    var absent: Set<String> = []
    var customs: [ObjectType]?
    var owners: [Owner]?
    /// Whether any of it came from the disk cache (and may be older than the portal).
    var fromCache = false

    private enum CodingKeys: String, CodingKey { case standard, absent, customs, owners }

    /// What has been read, as the binder sees it.
    var schema: Schema {
        let objects = ObjectType.standard.compactMap { standard[$0.name] } + (customs ?? [])
        return Schema(objects: objects, owners: owners ?? [])
    }

    /// Adds what `older` has and this lacks (a cache file under what was read since).
    mutating func fill(from older: SchemaCatalog) {
        var merged = older
        merged.merge(self)
        self = merged
    }

    mutating func merge(_ other: SchemaCatalog) {
        fromCache = fromCache || other.fromCache
        standard.merge(other.standard) { $1 }
        absent.formUnion(other.absent)
        if let customs = other.customs { self.customs = customs }
        if let owners = other.owners { self.owners = owners }
    }
}
