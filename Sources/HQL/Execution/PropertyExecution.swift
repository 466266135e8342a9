import Foundation
import HubSpotAPI

/// CREATE / ALTER / DROP PROPERTY: checked against the schema before any request; ALTER and DROP
/// journal the definition (and DROP every record's value) before they change anything; the
/// session's schema of the object is read again after each.
struct PropertyExecution {
    let session: Session
    let client: APIClient
    let options: WriteOptions
    let statement: PropertyStatement
    let text: String
    let source: SourceFile
    let range: SourceRange
    var report: WriteReport

    static let types = ["string", "number", "date", "datetime", "enumeration", "bool", "phone_number"]
    static let fieldTypes = ["string": "text", "number": "number", "date": "date", "datetime": "date",
                             "enumeration": "select", "bool": "booleancheckbox", "phone_number": "phonenumber"]

    private func fail(_ message: String, _ at: SourceRange, help: String? = nil) -> HQLError {
        HQLError(message: message, source: source, range: at, help: help)
    }

    private var path: String { "/crm/v3/properties/\(report.object)" }

    mutating func run(object: ObjectType) async throws -> WriteReport {
        let name = statement.name.value.lowercased()
        let existing = object.property(name)
        switch statement.action {
        case .create(let type, let options, let group, let label):
            if existing != nil { throw fail("\(object.name) already has a property \(name)", statement.name.range) }
            guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw fail("a property name is lower-case letters, digits and _, starting with a letter", statement.name.range)
            }
            let typeName = type.value.lowercased()
            guard let fieldType = Self.fieldTypes[typeName] else {
                throw fail("unknown property type '\(type.value)'", type.range,
                           help: Suggestions.didYouMean(type.value, among: Self.types) ?? "types: \(Self.types.joined(separator: ", "))")
            }
            if typeName == "enumeration" && options.isEmpty {
                throw fail("an enumeration property needs OPTIONS ('value' [LABEL 'Label'], …)", type.range)
            }
            if typeName != "enumeration" && !options.isEmpty {
                throw fail("only an enumeration property has OPTIONS", type.range)
            }
            let values = options.map(\.value)
            if let duplicate = values.first(where: { value in values.filter { $0 == value }.count > 1 }) {
                throw fail("option '\(duplicate)' is listed twice", range)
            }
            let body = PropertyCreate(
                name: name, label: label ?? statement.name.value, type: typeName, fieldType: fieldType,
                groupName: group ?? "\(object.singular)information",
                options: options.isEmpty ? nil : options.enumerated().map {
                    PropertyOption(label: $1.label ?? $1.value, value: $1.value, displayOrder: $0)
                })
            if self.options.dryRun {
                report.changes = [PlannedChange(record: "\(object.name).\(name)", property: "(property)", old: nil, new: typeName)]
                return report
            }
            _ = try await client.send(HubSpotRequest(method: .post, path: path, body: try JSONEncoder().encode(body)), kind: .write)
            report.written = 1
            report.notes.append("undo: DROP PROPERTY \(object.name).\(name)")
        case .alter(let changes):
            guard let property = existing else { throw unknown(object) }
            let before = try await definition(name)
            var after = PropertyUpdate()
            var options = before.options
            for change in changes {
                switch change {
                case .setLabel(let label): after.label = label
                case .setGroup(let group): after.groupName = group
                case .addOption(let option):
                    guard property.type == .enumeration else { throw fail("\(name) is not an enumeration: it has no options", range) }
                    if options.contains(where: { $0.value == option.value }) {
                        throw fail("\(name) already has an option '\(option.value)'", range)
                    }
                    options.append(PropertyOption(label: option.label ?? option.value, value: option.value,
                                                  displayOrder: (options.map(\.displayOrder).max() ?? -1) + 1))
                case .dropOption(let value):
                    guard let index = options.firstIndex(where: { $0.value == value }) else { throw unknownOption(value, options) }
                    options.remove(at: index)
                case .relabelOption(let value, let label):
                    guard let index = options.firstIndex(where: { $0.value == value }) else { throw unknownOption(value, options) }
                    options[index].label = label
                }
            }
            if options != before.options { after.options = options }
            if self.options.dryRun {
                if let label = after.label { report.changes.append(PlannedChange(record: name, property: "label", old: before.label, new: label)) }
                if let group = after.groupName { report.changes.append(PlannedChange(record: name, property: "group", old: before.groupName, new: group)) }
                if after.options != nil {
                    report.changes.append(PlannedChange(record: name, property: "options", old: before.options.map(\.value).joined(separator: ", "),
                                                        new: options.map(\.value).joined(separator: ", ")))
                }
                return report
            }
            let entry = try journal(.alterProperty) { $0.property = before }
            _ = try await client.send(HubSpotRequest(method: .patch, path: "\(path)/\(name)", body: try JSONEncoder().encode(after)),
                                      kind: .idempotentWrite)
            report.written = 1
            finish(entry)
        case .drop:
            guard existing != nil else { throw unknown(object) }
            let before = try await definition(name)
            if before.hubspotDefined { throw fail("\(name) is defined by HubSpot and cannot be dropped", statement.name.range) }
            let selection = Binder.selection(Identifier(object.name), names: ["hs_object_id", name],
                                             where: Expr(.isNull(Expr(.column([Identifier(name)])), negated: true)))
            let records = try await WriteExecution.select(selection, names: ["hs_object_id", name], session: session, client: client,
                                                          source: source, parameters: Parameters(), range: range)
            let changes = records.compactMap { record -> JournalEntry.Change? in
                guard let id = record["hs_object_id"] ?? nil else { return nil }
                return JournalEntry.Change(id: id, old: [name: record[name] ?? nil], new: [:])
            }
            if self.options.dryRun {
                report.changes = [PlannedChange(record: "\(object.name).\(name)", property: "(property)", old: before.type,
                                                new: nil)]
                report.notes.append("\(changes.count) records hold a value of it")
                return report
            }
            try await WriteExecution.confirm(WriteConfirmation(verb: "DROP PROPERTY", object: "\(object.name) values of \(name)",
                                                               count: changes.count, hasWhere: true), options: self.options)
            let entry = try journal(.dropProperty) {
                $0.property = before
                $0.changes = changes
            }
            _ = try await client.send(HubSpotRequest(method: .delete, path: "\(path)/\(name)"), kind: .idempotentWrite)
            report.written = 1
            report.notes.append("\(changes.count) records' values of \(name) are in the journal")
            finish(entry)
        }
        try await session.reloadSchema(of: object, client: client)
        return report
    }

    private func unknown(_ object: ObjectType) -> HQLError {
        let names = object.properties.values.filter { !$0.readOnly }.map(\.name)
        return fail("unknown property '\(statement.name.value)' of \(object.name)", statement.name.range,
                    help: Suggestions.didYouMean(statement.name.value, among: names) ?? "SHOW PROPERTIES FROM \(object.name) lists them")
    }

    private func unknownOption(_ value: String, _ options: [PropertyOption]) -> HQLError {
        fail("\(statement.name.value) has no option '\(value)'", range,
             help: Suggestions.didYouMean(value, among: options.map(\.value)) ?? "its options: \(options.map(\.value).joined(separator: ", "))")
    }

    /// The property's definition as HubSpot has it now (one read).
    private func definition(_ name: String) async throws -> PropertyDefinition {
        try await client.send(HubSpotRequest(method: .get, path: "\(path)/\(name)"), kind: .schema, as: PropertyDefinition.self)
    }

    private mutating func journal(_ kind: JournalEntry.Kind, fill: (inout JournalEntry) -> Void) throws -> JournalEntry? {
        guard let journal = options.journal else {
            report.notes.append("no undo journal is kept: this cannot be undone")
            return nil
        }
        let entry = try journal.begin(kind, endpoint: session.endpoint, statement: text, object: report.object, fill: fill)
        report.journalID = entry.id
        return entry
    }

    private func finish(_ entry: JournalEntry?) {
        options.journal?.finish(entry, written: report.written)
    }
}

extension Session {
    /// Runs CREATE / ALTER / DROP PROPERTY.
    nonisolated(nonsending) func writeProperty(_ statement: Statement, _ property: PropertyStatement, source: SourceFile) async throws -> WriteReport {
        let client = client()
        let schema = try await self.schema(SchemaNeeds(statement, in: source), client: client)
        guard let object = schema.object(named: property.object.value) else {
            throw HQLError(message: "unknown object '\(property.object.value)'", source: source, range: property.object.range,
                           help: Suggestions.didYouMean(property.object.value, among: schema.objectNames) ?? "SHOW OBJECTS lists them")
        }
        let verb: String
        switch property.action {
        case .create: verb = "CREATE PROPERTY"
        case .alter: verb = "ALTER PROPERTY"
        case .drop: verb = "DROP PROPERTY"
        }
        var report = WriteReport(verb: verb, object: object.name)
        report.dryRun = writeOptions.dryRun
        var execution = PropertyExecution(session: self, client: client, options: writeOptions, statement: property,
                                          text: source.text(in: statement.range), source: source, range: statement.range, report: report)
        report = try await execution.run(object: object)
        report.requests = await client.stats.snapshot.totalRequests
        return report
    }

    /// Reads one object's properties again (after its definitions changed) into the session's
    /// schema and the disk cache.
    nonisolated(nonsending) func reloadSchema(of object: ObjectType, client: APIClient) async throws {
        let needs = object.isCustom ? SchemaNeeds(customObjects: true) : SchemaNeeds(objects: [object.name])
        let loaded = try await SchemaLoader(client: client).load(needs)
        let catalog = settings.withLock {
            $0.catalog.merge(loaded)
            return $0.catalog
        }
        schemaCache?.write(catalog, for: connection)
    }
}
