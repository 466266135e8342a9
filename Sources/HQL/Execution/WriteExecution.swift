import Foundation
import HubSpotAPI

/// One write statement running: the selection (a read query), the confirmation, the journal,
/// then the batch calls. Nothing is sent before binding has checked every row.
struct WriteExecution {
    let session: Session
    let client: APIClient
    let options: WriteOptions
    let bound: BoundWrite
    let source: SourceFile
    let parameters: Parameters
    let range: SourceRange
    /// What INSERT … SELECT binds its rows against.
    let schema: Schema
    var report: WriteReport

    init(session: Session, client: APIClient, options: WriteOptions, bound: BoundWrite, source: SourceFile,
         parameters: Parameters, range: SourceRange, schema: Schema) {
        self.schema = schema
        self.session = session
        self.client = client
        self.options = options
        self.bound = bound
        self.source = source
        self.parameters = parameters
        self.range = range
        report = WriteReport(verb: bound.verb, object: bound.object.name)
        report.dryRun = options.dryRun
    }

    static let batchSize = 100

    mutating func run() async throws -> WriteReport {
        switch bound.kind {
        case .insert(let insert): try await runInsert(insert)
        case .update(let update): try await runUpdate(update)
        case .delete(let delete): try await runDelete(delete)
        case .associate(let associate): try await runAssociate(associate)
        }
        report.requests = await client.stats.snapshot.totalRequests
        return report
    }

    // MARK: Selection

    /// Runs `selection` as a read query and returns each record's raw wire values of `names`
    /// (raw, not typed: undo writes back exactly what was there).
    func select(_ selection: SelectStatement, names: [String]) async throws -> [[String: String?]] {
        try await Self.select(selection, names: names, session: session, client: client, source: source, parameters: parameters,
                              range: range)
    }

    static func select(_ selection: SelectStatement, names: [String], session: Session, client: APIClient, source: SourceFile,
                       parameters: Parameters, range: SourceRange) async throws -> [[String: String?]] {
        var plan = try await session.physicalPlan(Statement(.select(selection), range: range), source: source,
                                                  parameters: parameters, client: client)
        for key in plan.object.properties.keys { plan.object.properties[key]?.type = .string }
        var records: [[String: String?]] = []
        var seen: Set<String> = []
        for try await row in session.result(for: plan, client: client) {
            var values: [String: String?] = [:]
            for (index, name) in names.enumerated() { values[name] = row[index].text }
            guard let id = values["hs_object_id"] ?? nil, seen.insert(id).inserted else { continue }
            records.append(values)
        }
        return records
    }

    // MARK: Confirmation and journal

    func confirm(_ count: Int, hasWhere: Bool) async throws {
        try await Self.confirm(WriteConfirmation(verb: bound.verb, object: bound.object.name, count: count, hasWhere: hasWhere),
                               options: options)
    }

    /// Asks `question` (or refuses without anyone to ask), unless it needs no confirmation.
    static func confirm(_ question: WriteConfirmation, options: WriteOptions) async throws {
        if question.verb == "PURGE" {
            // Its own confirmation, whatever the threshold and --yes say.
            guard question.count > 0, !options.assumePurge else { return }
            if let ask = options.confirm, await ask(question) { return }
            throw WriteRefused(confirmation: question, threshold: 0)
        }
        let always = question.verb == "DELETE" && !question.hasWhere && question.count > 0
        guard question.count > options.confirmThreshold || always, !options.assumeYes else { return }
        if let ask = options.confirm, await ask(question) { return }
        throw WriteRefused(confirmation: question, threshold: options.confirmThreshold)
    }

    /// Writes the entry (fsynced) before the first write; nil when the session keeps no journal.
    mutating func journal(_ kind: JournalEntry.Kind, fill: (inout JournalEntry) -> Void) throws -> JournalEntry? {
        guard let journal = options.journal else {
            report.notes.append("no undo journal is kept (--no-journal): this cannot be undone")
            return nil
        }
        let entry = try journal.begin(kind, endpoint: session.endpoint, statement: bound.text, object: bound.object.name, fill: fill)
        report.journalID = entry.id
        return entry
    }

    mutating func finish(_ entry: JournalEntry?) {
        options.journal?.finish(entry, written: report.written)
    }

    // MARK: Batches

    /// Sends one batch; 207 failures become per-record failures.
    mutating func send<Input: Codable & Sendable & Hashable>(_ path: String, _ inputs: [Input], kind: APIClient.Kind) async throws -> [CRMObject] {
        let body = try JSONEncoder().encode(BatchInput(inputs: inputs))
        let response = try await client.send(HubSpotRequest(method: .post, path: path, body: body), kind: kind)
        guard !response.body.isEmpty else { return [] }
        let decoded: BatchResponse<CRMObject>
        do {
            decoded = try JSONDecoder().decode(BatchResponse<CRMObject>.self, from: response.body)
        } catch {
            throw HubSpotError.inconsistent("an unreadable batch answer", call: "POST \(path)", status: response.status)
        }
        for error in decoded.errors ?? [] {
            let ids = error.context["ids"] ?? []
            if ids.isEmpty {
                report.failures.append(WriteFailure(record: "batch", message: error.message))
            } else {
                report.failures += ids.map { WriteFailure(record: $0, message: error.message) }
            }
            report.failed += max(ids.count, 1)
        }
        return decoded.results
    }

    /// Whether a failed write may have happened all the same (its answer was lost).
    static func mayHaveWritten(_ error: HubSpotError) -> Bool {
        switch error.kind {
        case .unreachable, .temporary, .serverError, .timedOut, .inconsistent: true
        case .rejected, .rateLimited: false
        }
    }

    var objectPath: String { "/crm/v3/objects/\(bound.object.name)" }

    // MARK: INSERT / UPSERT

    private mutating func runInsert(_ insert: BoundInsert) async throws {
        var insert = insert
        if let selection = insert.selection {
            var key: String?
            let rows = try await selectRows(selection, for: insert, readBackKey: &key)
            insert.rows = rows
            insert.readBackKey = key
        }
        if options.dryRun {
            for row in insert.rows {
                for (name, value) in row.properties.sorted(by: { $0.key < $1.key }) {
                    report.changes.append(PlannedChange(record: "row \(row.number)", property: name, old: nil, new: value))
                }
            }
            return
        }
        try await confirm(insert.rows.count, hasWhere: true)
        // The ids created are journalled batch by batch: undo archives them.
        var entry = try journal(.insert) { _ in }
        let written = Set(insert.rows.flatMap { $0.properties.keys })
        for start in stride(from: 0, to: insert.rows.count, by: Self.batchSize) {
            let batch = Array(insert.rows[start..<min(insert.rows.count, start + Self.batchSize)])
            let created: [CRMObject]
            if let key = insert.upsertKey {
                // What the upsert will overwrite in records that exist, journalled first.
                if var current = entry, let journal = options.journal {
                    let names = Set(batch.flatMap { $0.properties.keys }).subtracting([key]).sorted()
                    let existing = try await readBack(batch.compactMap { $0.properties[key] }, key: key, properties: names)
                    for record in existing {
                        guard let row = batch.first(where: { Self.same(record, $0, key) }) else { continue }
                        let new = row.properties.filter { $0.key != key }
                        var old: [String: String?] = [:]
                        for name in new.keys { old[name] = record.value(of: name) }
                        current.changes.append(JournalEntry.Change(id: record.id, old: old, new: new))
                    }
                    try journal.save(current)
                    entry = current
                }
                let inputs = batch.map { row in
                    ObjectUpdateInput(id: row.properties[key] ?? "", idProperty: key, properties: row.properties.filter { $0.key != key })
                }
                do {
                    created = try await send("\(objectPath)/batch/upsert", inputs, kind: .idempotentWrite)
                } catch let error as HubSpotError where error.kind == .rejected {
                    fail(batch, error)
                    continue
                }
            } else {
                created = try await create(batch, key: insert.readBackKey)
            }
            report.written += created.count
            if var current = entry, let journal = options.journal {
                current.created += created.filter { $0.new != false }.map(\.id)
                current.written = report.written
                try? journal.save(current)
                entry = current
            }
            if insert.returning {
                report.returned += created.map { record in
                    var values = ["hs_object_id": record.id]
                    for name in written { if let value = record.value(of: name) { values[name] = value } }
                    return values
                }
            }
        }
        finish(entry)
    }

    /// INSERT … SELECT: the query's rows, each checked as a row of VALUES would be (every one
    /// before anything is written).
    private func selectRows(_ selection: SelectStatement, for insert: BoundInsert, readBackKey: inout String?) async throws -> [BoundRow] {
        let plan = try await session.physicalPlan(Statement(.select(selection), range: range), source: source,
                                                  parameters: parameters, client: client)
        var values: [[Expr]] = []
        for try await row in session.result(for: plan, client: client) {
            values.append(insert.columns.indices.map { Self.literal(row[$0], range: insert.columns[$0].name.range) })
        }
        var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: session.timeZone, now: session.today().milliseconds),
                            parameters: parameters.bound)
        var bound = insert
        bound.rows = binder.bindRows(values, into: insert, at: range)
        if !binder.diagnostics.isEmpty { throw HQLError(diagnostics: Array(binder.diagnostics.prefix(20)), source: source) }
        readBackKey = Binder.readBackKey(bound)
        return bound.rows
    }

    /// A selected value as the literal VALUES would hold.
    static func literal(_ value: Value, range: SourceRange) -> Expr {
        switch value {
        case .null: Expr(.literal(.null), range: range)
        case .string(let text): Expr(.literal(.string(text)), range: range)
        case .number(let number): Expr(.literal(.number(Value.format(number))), range: range)
        case .bool(let flag): Expr(.literal(.boolean(flag)), range: range)
        case .datetime(let milliseconds): Expr(.literal(.number(String(milliseconds))), range: range)
        case .date(let day): Expr(.literal(.date(day)), range: range)
        }
    }

    /// One batch create; a lost answer is resolved by reading back by `key` before anything is
    /// sent again (never a duplicate), and without a key it is reported, not re-sent.
    private mutating func create(_ batch: [BoundRow], key: String?) async throws -> [CRMObject] {
        var pending = batch
        for attempt in 1...6 {
            let inputs = pending.map { ObjectCreateInput(properties: $0.properties, associations: $0.associations.isEmpty ? nil : $0.associations) }
            do {
                return (try await send("\(objectPath)/batch/create", inputs, kind: .write))
            } catch let error as HubSpotError where error.status == 409 && key != nil && attempt < 6 {
                // One existing unique value rejects the whole batch: find which rows exist,
                // report them, and send the others again.
                guard let key else { return [] }
                let existing = try await readBack(pending.compactMap { $0.properties[key] }, key: key)
                let duplicates = pending.filter { row in existing.contains { Self.same($0, row, key) } }
                guard !duplicates.isEmpty else {
                    fail(pending, error)
                    return []
                }
                report.failures += duplicates.map { row in
                    let id = existing.first { Self.same($0, row, key) }?.id ?? "?"
                    return WriteFailure(record: "row \(row.number)", message: "a \(bound.object.singular) with this \(key) already exists (id \(id))")
                }
                report.failed += duplicates.count
                pending = pending.filter { row in !existing.contains { Self.same($0, row, key) } }
                if pending.isEmpty { return [] }
            } catch let error as HubSpotError where error.kind == .rejected {
                fail(pending, error)
                return []
            } catch let error as HubSpotError where Self.mayHaveWritten(error) {
                guard let key, attempt < 6 else {
                    let why = key == nil ? "no unique property to check by, so it was not sent again"
                        : "it was still unresolved after \(attempt) attempts"
                    report.failures += pending.map { WriteFailure(record: "row \($0.number)",
                        message: "the answer was lost (\(error.message)); HubSpot may have created it: \(why)") }
                    report.failed += pending.count
                    return []
                }
                report.readBacks += 1
                let found = try await readBack(pending.compactMap { $0.properties[key] }, key: key)
                let matched = pending.filter { row in found.contains { Self.same($0, row, key) } }
                if matched.count == pending.count {
                    // A batch create is all or nothing: every row found means it happened.
                    return found
                }
                // Some rows found, not all: the batch did not happen (it would have created them
                // all); the rows found existed before — duplicates, as a 409 would have said.
                report.failures += matched.map { row in
                    let id = found.first { Self.same($0, row, key) }?.id ?? "?"
                    return WriteFailure(record: "row \(row.number)", message: "a \(bound.object.singular) with this \(key) already exists (id \(id))")
                }
                report.failed += matched.count
                pending = pending.filter { row in !found.contains { Self.same($0, row, key) } }
                if pending.isEmpty { return [] }
            }
        }
        return []
    }

    /// Whether `record` holds `row`'s value of the unique `key` (HubSpot compares them ignoring case).
    static func same(_ record: CRMObject, _ row: BoundRow, _ key: String) -> Bool {
        guard let value = record.value(of: key), let wanted = row.properties[key] else { return false }
        return value.lowercased() == wanted.lowercased()
    }

    /// The records whose unique `key` has one of `values` (batch read by `idProperty`).
    private func readBack(_ values: [String], key: String, properties: [String] = []) async throws -> [CRMObject] {
        let body = try JSONEncoder().encode(BatchReadRequest(inputs: values.map(ObjectID.init(id:)), properties: [key] + properties,
                                                             idProperty: key))
        let response = try await client.send(HubSpotRequest(method: .post, path: "\(objectPath)/batch/read", body: body), kind: .batchRead)
        return (try? JSONDecoder().decode(BatchResponse<CRMObject>.self, from: response.body))?.results ?? []
    }

    private mutating func fail(_ rows: [BoundRow], _ error: HubSpotError) {
        report.failures += rows.map { WriteFailure(record: "row \($0.number)", message: error.message) }
        report.failed += rows.count
    }

    // MARK: UPDATE

    private mutating func runUpdate(_ update: BoundUpdate) async throws {
        let records = try await select(update.selection, names: update.reads)
        let evaluators = update.assignments.map { $0.value.makeEvaluator() }
        var changes: [JournalEntry.Change] = []
        for record in records {
            guard let id = record["hs_object_id"] ?? nil else { continue }
            var new: [String: String] = [:]
            var old: [String: String?] = [:]
            for (assignment, evaluator) in zip(update.assignments, evaluators) {
                let name = assignment.property.name
                let value: String
                do {
                    value = try assignment.value.value(for: record, using: evaluator)
                } catch let unfit as ComputedValue.Unfit {
                    // Every value is computed before the first write: nothing has been sent.
                    throw ExecutionError(message: unfit.description + "; nothing was written")
                }
                let current = record[name] ?? nil
                if (current ?? "") != value {
                    new[name] = value
                    old[name] = current
                }
            }
            if new.isEmpty { report.skipped += 1 } else { changes.append(JournalEntry.Change(id: id, old: old, new: new)) }
        }
        if options.dryRun {
            report.changes = changes.flatMap { change in
                change.new.sorted { $0.key < $1.key }.map {
                    PlannedChange(record: change.id, property: $0.key, old: change.old[$0.key] ?? nil, new: $0.value.isEmpty ? nil : $0.value)
                }
            }
            return
        }
        guard !changes.isEmpty else { return }
        try await confirm(changes.count, hasWhere: update.hasWhere)
        let entry = try journal(.update) { $0.changes = changes }
        for start in stride(from: 0, to: changes.count, by: Self.batchSize) {
            let batch = changes[start..<min(changes.count, start + Self.batchSize)]
            let inputs = batch.map { ObjectUpdateInput(id: $0.id, properties: $0.new) }
            let results: [CRMObject]
            do {
                results = try await send("\(objectPath)/batch/update", inputs, kind: .idempotentWrite)
            } catch let error as HubSpotError where error.kind == .rejected {
                report.failures += batch.map { WriteFailure(record: $0.id, message: error.message) }
                report.failed += batch.count
                continue
            }
            report.written += results.count
            if update.returning {
                report.returned += results.map { record in
                    var values = ["hs_object_id": record.id]
                    for assignment in update.assignments {
                        values[assignment.property.name] = record.value(of: assignment.property.name) ?? ""
                    }
                    return values
                }
            }
        }
        finish(entry)
    }

    // MARK: DELETE

    /// `POST /crm/v3/objects/contacts/gdpr-delete`, one record a request (HubSpot has no batch
    /// form). No journal: the purge's purpose is that no copy remains.
    private mutating func purge(_ ids: [String]) async throws {
        report.notes.append("a GDPR purge cannot be undone: nothing of these records was journalled")
        for id in ids {
            let body = try JSONEncoder().encode(["objectId": id])
            do {
                _ = try await client.send(HubSpotRequest(method: .post, path: "\(objectPath)/gdpr-delete", body: body), kind: .idempotentWrite)
                report.written += 1
            } catch let error as HubSpotError where error.kind == .rejected {
                report.failures.append(WriteFailure(record: id, message: error.message))
                report.failed += 1
            }
        }
    }

    private mutating func runDelete(_ delete: BoundDelete) async throws {
        let names = delete.selection.items.compactMap { item -> String? in
            if case .expression(let expr, _) = item, case .column(let path) = expr.kind { return path.last?.value }
            return nil
        }
        let records = try await select(delete.selection, names: names)
        let archived = records.compactMap { record -> JournalEntry.Archived? in
            guard let id = record["hs_object_id"] ?? nil else { return nil }
            var properties: [String: String] = [:]
            for (name, value) in record where name != "hs_object_id" { if let value, !value.isEmpty { properties[name] = value } }
            return JournalEntry.Archived(id: id, properties: properties)
        }
        if options.dryRun {
            report.changes = archived.map { PlannedChange(record: $0.id, property: "(record)", old: "live", new: delete.purge ? "purged" : "archived") }
            return
        }
        guard !archived.isEmpty else { return }
        try await confirm(archived.count, hasWhere: delete.hasWhere)
        if delete.purge {
            try await purge(archived.map(\.id))
            return
        }
        let entry = try journal(.delete) { $0.archived = archived }
        for start in stride(from: 0, to: archived.count, by: Self.batchSize) {
            let batch = archived[start..<min(archived.count, start + Self.batchSize)]
            do {
                _ = try await send("\(objectPath)/batch/archive", batch.map { ObjectID(id: $0.id) }, kind: .idempotentWrite)
                report.written += batch.count
            } catch let error as HubSpotError where error.kind == .rejected {
                report.failures += batch.map { WriteFailure(record: $0.id, message: error.message) }
                report.failed += batch.count
            }
        }
        finish(entry)
    }
}

extension Session {
    /// Binds and runs one write statement; see ``WriteExecution``.
    nonisolated(nonsending) func write(_ statement: Statement, source: SourceFile, parameters: Parameters) async throws -> WriteReport {
        if case .property(let property) = statement.kind { return try await writeProperty(statement, property, source: source) }
        let client = client()
        let needs = SchemaNeeds(statement, in: source)
        var schema = try await self.schema(needs, client: client)
        var bound: BoundWrite?
        while bound == nil {
            var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: timeZone, now: today().milliseconds),
                                parameters: parameters.bound)
            do {
                bound = try binder.bindWrite(statement)
            } catch let failure as Binder.Failure {
                // A schema from the disk cache may predate a property the statement names: read
                // it from HubSpot and bind again, once a session (as reads do).
                guard dropCachedSchema() else { throw HQLError(diagnostics: failure.diagnostics, source: source) }
                schema = try await self.schema(needs, client: client)
            }
        }
        guard let bound else { throw HQLError(message: "the statement did not bind", source: source, range: statement.range) }
        var execution = WriteExecution(session: self, client: client, options: writeOptions, bound: bound, source: source,
                                       parameters: parameters, range: statement.range, schema: schema)
        return try await execution.run()
    }
}
