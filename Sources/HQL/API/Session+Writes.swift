import Foundation
import HubSpotAPI

extension Session {
    /// How write statements run: dry run, confirmation threshold, who confirms, the journal.
    public nonisolated var writeOptions: WriteOptions {
        get { writeSettings.withLock { $0 } }
        set { writeSettings.withLock { $0 = newValue } }
    }

    /// Runs one INSERT, UPSERT, UPDATE, DELETE, ASSOCIATE or DISSOCIATE and reports what it
    /// wrote. Every row is checked before the first request (``HQLError``); a write over the
    /// confirmation threshold throws ``WriteRefused`` unless confirmed; records HubSpot refused
    /// are in the report's ``WriteReport/failures`` (the statement does not throw for them).
    nonisolated(nonsending) public func write(_ text: String, parameters: Parameters = Parameters(),
                                              sourceName: String = "<statement>") async throws -> WriteReport {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        guard statement.isWrite else {
            throw HQLError(message: "not a write statement; run it with query", source: source, range: statement.range)
        }
        return try await write(statement, source: source, parameters: parameters)
    }

    /// A write as ``run(_:parameters:sourceName:)`` answers it: the report as a message, or the
    /// written records as rows (RETURNING); some records failed: ``WriteFailed``.
    nonisolated(nonsending) func runWrite(_ statement: Statement, source: SourceFile, parameters: Parameters) async throws -> StatementResult {
        let report = try await write(statement, source: source, parameters: parameters)
        if report.failed > 0 { throw WriteFailed(report: report) }
        guard statement.hasReturning, !report.dryRun else { return .message(report.description) }
        var names = ["hs_object_id"]
        for key in report.returned.flatMap(\.keys).sorted() where !names.contains(key) { names.append(key) }
        let columns = Columns(names)
        let rows = report.returned.map { values in Row(columns: columns, values: names.map { values[$0].map(Value.string) ?? .null }) }
        return .rows(QueryResult(columns: columns, plan: nil, rows: rows, client: client()))
    }

    /// EXPLAIN of a write as ``explain(_:format:parameters:sourceName:)`` returns it (text lines, or
    /// `{"write": [lines]}`); nil when `text` is not a write.
    nonisolated(nonsending) func explainWrite(_ text: String, format: ExplainFormat, parameters: Parameters,
                                              sourceName: String) async throws -> String? {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        var inner = statement
        if case .explain(let explained) = statement.kind { inner = explained }
        guard inner.isWrite else { return nil }
        let lines = try await explainWrite(inner, source: source, parameters: parameters)
        switch format {
        case .text: return lines.joined(separator: "\n") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(["write": lines]), as: UTF8.self)
        }
    }

    /// EXPLAIN of a write: its selection's plan, then the batch calls it would make.
    nonisolated(nonsending) func explainWrite(_ statement: Statement, source: SourceFile, parameters: Parameters) async throws -> [String] {
        if case .property(let property) = statement.kind {
            let path = "/crm/v3/properties/\(property.object.value)"
            let name = property.name.value.lowercased()
            switch property.action {
            case .create: return ["POST \(path)", "then: the object's properties read again"]
            case .alter: return ["GET \(path)/\(name) (the definition, journalled)", "PATCH \(path)/\(name)", "then: the object's properties read again"]
            case .drop:
                return ["GET \(path)/\(name) (the definition, journalled)",
                        "a search of the records holding a value (journalled: undo writes them back)",
                        "DELETE \(path)/\(name)", "then: the object's properties read again"]
            }
        }
        let client = client()
        let schema = try await self.schema(SchemaNeeds(statement, in: source), client: client)
        var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: timeZone, now: today().milliseconds),
                            parameters: parameters.bound)
        let bound: BoundWrite
        do {
            bound = try binder.bindWrite(statement)
        } catch let failure as Binder.Failure {
            throw HQLError(diagnostics: failure.diagnostics, source: source)
        }
        let object = bound.object.name
        func selection(_ select: SelectStatement) async throws -> [String] {
            let plan = try await physicalPlan(Statement(.select(select), range: statement.range), source: source,
                                              parameters: parameters, client: client)
            return ["Selection (the WHERE as a read query):"] + plan.explainText().split(separator: "\n").map { "  " + $0 }
        }
        switch bound.kind {
        case .insert(let insert) where insert.selection != nil:
            guard let select = insert.selection else { return [] }
            return try await selection(select) + ["then: POST /crm/v3/objects/\(object)/batch/create × ceil(rows / 100)"]
        case .insert(let insert):
            let call = insert.upsertKey == nil ? "batch/create" : "batch/upsert"
            let batches = (insert.rows.count + 99) / 100
            var lines = ["\(bound.verb) \(insert.rows.count) \(object)",
                         "POST /crm/v3/objects/\(object)/\(call) × \(batches) (100 inputs a request)"]
            if insert.upsertKey == nil {
                lines.append(insert.readBackKey.map { "a lost answer is resolved by POST /crm/v3/objects/\(object)/batch/read (idProperty \($0)) before re-sending" }
                    ?? "a lost answer is reported, not re-sent (no unique property to check by)")
            }
            return lines
        case .update(let update):
            return try await selection(update.selection)
                + ["then: journal the current values, POST /crm/v3/objects/\(object)/batch/update × ceil(records / 100)",
                   "SET " + update.assignments.map { "\($0.property.name) = \($0.value.written)" }.joined(separator: ", ")]
        case .delete(let delete):
            return try await selection(delete.selection)
                + ["then: journal the records, POST /crm/v3/objects/\(object)/batch/archive × ceil(records / 100)"]
        case .associate(let associate) where associate.isBulk:
            let path = "/crm/v4/associations/\(associate.from.name)/\(associate.to.name)/batch"
            var lines: [String] = []
            if let from = associate.fromSelection { lines += try await selection(from) }
            if let to = associate.toSelection { lines += try await selection(to) }
            if let match = associate.match { lines.append("pairs: \(associate.from.name).\(match.from) = \(associate.to.name).\(match.to)") }
            return lines + (associate.dissociate
                ? ["then: POST \(path)/read × ceil(sources / 1,000) (the pairs' types, journalled)", "POST \(path)/archive"]
                : ["then: POST \(path)/create × ceil(pairs / 2,000)"])
        case .associate(let associate):
            let path = "/crm/v4/associations/\(associate.from.name)/\(associate.to.name)/batch"
            return associate.dissociate
                ? ["POST \(path)/read (the pair's types, journalled)", "POST \(path)/archive × 1"]
                : ["POST \(path)/create × 1 (\(associate.from.singular) \(associate.fromId) → \(associate.to.singular) \(associate.toId))"]
        }
    }

    /// `SET dry_run = on|off`, `SET write_confirm_threshold = n`; nil for another setting.
    nonisolated func setWriteOption(_ name: String, _ value: Expr, source: SourceFile) throws -> String? {
        switch name.lowercased() {
        case "dry_run":
            var word: String?
            switch value.kind {
            case .literal(.boolean(let on)): word = on ? "on" : "off"
            case .literal(.string(let text)): word = text
            case .column(let path) where path.count == 1: word = path[0].value
            default: word = nil
            }
            guard let flag = word.flatMap({ ["on": true, "true": true, "off": false, "false": false][$0.lowercased()] }) else {
                throw HQLError(message: "dry_run is on or off", source: source, range: value.range)
            }
            writeSettings.withLock { $0.dryRun = flag }
            return "SET DRY_RUN \(flag ? "on" : "off")"
        case "write_confirm_threshold":
            guard case .literal(.number(let digits)) = value.kind, let count = Int(digits), count >= 0 else {
                throw HQLError(message: "write_confirm_threshold is a number of records", source: source, range: value.range)
            }
            writeSettings.withLock { $0.confirmThreshold = count }
            return "SET WRITE_CONFIRM_THRESHOLD \(count)"
        default:
            return nil
        }
    }
}

extension Statement {
    var isWrite: Bool {
        switch kind {
        case .insert, .update, .delete, .associate, .property: true
        default: false
        }
    }

    var hasReturning: Bool {
        switch kind {
        case .insert(let insert): !insert.returning.isEmpty
        case .update(let update): !update.returning.isEmpty
        default: false
        }
    }
}
