import Foundation
import HubSpotAPI

extension Session {
    /// The journal entries of this session's endpoint, newest first (`hql journal`).
    nonisolated public func journal() -> [JournalSummary] {
        guard let journal = writeOptions.journal else { return [] }
        return journal.entries().filter { $0.endpoint == endpoint }.map {
            JournalSummary(id: $0.id, createdAt: $0.createdAt, statement: $0.statement, size: $0.size, state: $0.state.rawValue,
                           endpoint: $0.endpoint)
        }
    }

    /// Undoes a journalled write (the newest not yet undone when `id` is nil) and says what it
    /// could not restore:
    ///
    /// - UPDATE: every touched property gets its previous value back (none → cleared), by
    ///   batch update.
    /// - DELETE: HubSpot's API cannot restore an archived record (its UI can, within 90 days);
    ///   the records are re-created from their journalled values, with **new ids**: their
    ///   history, create dates, associations and timeline are not restored, and the report says so.
    /// - DISSOCIATE: the removed association types are created again.
    nonisolated(nonsending) public func undo(_ id: String? = nil) async throws -> UndoReport {
        guard let journal = writeOptions.journal else { throw JournalError("no undo journal is kept") }
        var entry: JournalEntry
        if let id {
            entry = try journal.load(id)
            guard entry.endpoint == endpoint else {
                throw JournalError("journal entry \(id) was written against \(entry.endpoint), not \(endpoint)")
            }
        } else {
            guard let newest = journal.entries().first(where: { $0.endpoint == endpoint && $0.state != .undone }) else {
                throw JournalError("nothing to undo for \(endpoint)")
            }
            entry = newest
        }
        guard entry.state != .undone else { throw JournalError("journal entry \(entry.id) was already undone") }
        let client = client()
        var report = UndoReport(id: entry.id, statement: entry.statement)
        let base = "/crm/v3/objects/\(entry.object)"
        switch entry.kind {
        case .update:
            try await restore(entry.changes, base: base, client: client, report: &report)
        case .delete:
            var recreated: [(old: String, new: String)] = []
            for start in stride(from: 0, to: entry.archived.count, by: 100) {
                let batch = Array(entry.archived[start..<min(entry.archived.count, start + 100)])
                let inputs = batch.map { ObjectCreateInput(properties: $0.properties) }
                let body = try JSONEncoder().encode(BatchInput(inputs: inputs))
                do {
                    let response = try await client.send(HubSpotRequest(method: .post, path: "\(base)/batch/create", body: body), kind: .write)
                    let results = (try? JSONDecoder().decode(BatchResponse<CRMObject>.self, from: response.body))?.results ?? []
                    // HubSpot answers a batch create in input order.
                    recreated += zip(batch, results).map { ($0.id, $1.id) }
                    report.restored += results.count
                    report.failed += batch.count - results.count
                } catch let error as HubSpotError {
                    report.failed += batch.count
                    report.notes.append("\(batch.count) records not re-created: \(error.message)")
                    if error.kind != .rejected { break }
                }
            }
            report.notes.append("HubSpot's API cannot restore archived records (its UI can, within 90 days): "
                + "\(recreated.count) were re-created from the journal with new ids; their old ids, create dates, "
                + "property history, associations and activity timeline are not restored")
            for pair in recreated.prefix(20) { report.notes.append("  \(pair.old) → \(pair.new)") }
            if recreated.count > 20 { report.notes.append("  … \(recreated.count - 20) more") }
        case .insert:
            try await restore(entry.changes, base: base, client: client, report: &report)
            for start in stride(from: 0, to: entry.created.count, by: 100) {
                let batch = entry.created[start..<min(entry.created.count, start + 100)]
                let body = try JSONEncoder().encode(BatchInput(inputs: batch.map(ObjectID.init(id:))))
                do {
                    _ = try await client.send(HubSpotRequest(method: .post, path: "\(base)/batch/archive", body: body), kind: .idempotentWrite)
                    report.restored += batch.count
                } catch let error as HubSpotError where error.kind == .rejected {
                    report.failed += batch.count
                    report.notes.append("\(batch.count) records not archived: \(error.message)")
                }
            }
            report.notes.append("the \(entry.created.count) records the statement created were archived (HubSpot's UI can restore them "
                + "within 90 days)\(entry.changes.isEmpty ? "" : "; the records an UPSERT updated got their previous values back")")
        case .alterProperty:
            guard let property = entry.property else { throw JournalError("journal entry \(entry.id) has no property definition") }
            let body = PropertyUpdate(label: property.label, groupName: property.groupName,
                                      options: property.type == "enumeration" ? property.options : nil)
            do {
                _ = try await client.send(HubSpotRequest(method: .patch, path: "/crm/v3/properties/\(entry.object)/\(property.name)",
                                                         body: try JSONEncoder().encode(body)), kind: .idempotentWrite)
                report.restored = 1
            } catch let error as HubSpotError where error.kind == .rejected {
                report.failed = 1
                report.notes.append("\(property.name): \(error.message)")
            }
        case .dropProperty:
            guard let property = entry.property else { throw JournalError("journal entry \(entry.id) has no property definition") }
            let body = PropertyCreate(name: property.name, label: property.label, type: property.type, fieldType: property.fieldType,
                                      groupName: property.groupName, options: property.options.isEmpty ? nil : property.options,
                                      description: property.description.isEmpty ? nil : property.description,
                                      hasUniqueValue: property.hasUniqueValue)
            _ = try await client.send(HubSpotRequest(method: .post, path: "/crm/v3/properties/\(entry.object)",
                                                     body: try JSONEncoder().encode(body)), kind: .write)
            for start in stride(from: 0, to: entry.changes.count, by: 100) {
                let batch = entry.changes[start..<min(entry.changes.count, start + 100)]
                let inputs = batch.map { ObjectUpdateInput(id: $0.id, properties: $0.old.mapValues { $0 ?? "" }) }
                let (done, failed) = try await send(base + "/batch/update", inputs, client: client, notes: &report.notes)
                report.restored += done
                report.failed += failed
            }
            report.notes.append("\(property.name) was created again with its label, group and options, and \(report.restored) "
                + "records' values written back; its value history, and its use in forms, lists, workflows and reports, are not restored")
        case .dissociate:
            // One batch create per pair of objects and 2,000 associations.
            let groups = Dictionary(grouping: entry.associations) { "\($0.from)/\($0.to)" }
            for (path, associations) in groups.sorted(by: { $0.key < $1.key }) {
                for start in stride(from: 0, to: associations.count, by: 2_000) {
                    let chunk = associations[start..<min(associations.count, start + 2_000)]
                    let inputs = chunk.map { association in
                        AssociationCreateInput(from: ObjectID(id: association.fromId), to: ObjectID(id: association.toId),
                                               types: [AssociationSpec(associationCategory: association.category,
                                                                       associationTypeId: association.typeId)])
                    }
                    let body = try JSONEncoder().encode(BatchInput(inputs: inputs))
                    do {
                        _ = try await client.send(HubSpotRequest(method: .post, path: "/crm/v4/associations/\(path)/batch/create", body: body),
                                                  kind: .idempotentWrite)
                        report.restored += chunk.count
                    } catch let error as HubSpotError where error.kind == .rejected {
                        report.failed += chunk.count
                        report.notes.append("\(chunk.count) associations not restored: \(error.message)")
                    }
                }
            }
        }
        if entry.kind == .alterProperty || entry.kind == .dropProperty,
           let object = try await schema(SchemaNeeds(objects: [entry.object]), client: client).object(named: entry.object) {
            try await reloadSchema(of: object, client: client)
        }
        report.requests = await client.stats.snapshot.totalRequests
        entry.state = .undone
        entry.undoNotes = report.notes
        try journal.save(entry)
        return report
    }

    /// Puts back journalled previous values: a batch read of the values now, then a batch
    /// update, per 100 records; a record changed since is left as it is and listed.
    private nonisolated(nonsending) func restore(_ changes: [JournalEntry.Change], base: String, client: APIClient,
                                                 report: inout UndoReport) async throws {
        // A value someone changed since the UPDATE is theirs now: it is left, and listed.
        var changedSince: [String] = []
        for start in stride(from: 0, to: changes.count, by: 100) {
            let batch = Array(changes[start..<min(changes.count, start + 100)])
            let current = try await read(batch.map(\.id), properties: Array(Set(batch.flatMap(\.new.keys))).sorted(),
                                         path: "\(base)/batch/read", client: client)
            var inputs: [ObjectUpdateInput] = []
            for change in batch {
                guard let now = current[change.id] else {
                    report.failed += 1
                    report.notes.append("\(change.id): the record is gone (archived since)")
                    continue
                }
                let moved = change.new.filter { !Self.sameValue(now[$0.key] ?? nil, $0.value) }
                if let (name, value) = moved.sorted(by: { $0.key < $1.key }).first {
                    report.skipped += 1
                    let currentText = (now[name] ?? nil).map { "'\($0)'" } ?? "NULL"
                    changedSince.append("\(change.id) (\(name) is now \(currentText), the UPDATE wrote \(value.isEmpty ? "NULL" : "'\(value)'"))")
                    continue
                }
                inputs.append(ObjectUpdateInput(id: change.id, properties: change.old.mapValues { $0 ?? "" }))
            }
            guard !inputs.isEmpty else { continue }
            let (done, failed) = try await send("\(base)/batch/update", inputs, client: client, notes: &report.notes)
            report.restored += done
            report.failed += failed
        }
        if !changedSince.isEmpty {
            report.notes.append("\(changedSince.count) records were changed since the UPDATE and were left as they are:")
            report.notes += changedSince.prefix(20).map { "  " + $0 }
            if changedSince.count > 20 { report.notes.append("  … \(changedSince.count - 20) more") }
        }
    }

    /// Current values of `properties` of `ids` (batch read; a missing id is absent).
    private nonisolated(nonsending) func read(_ ids: [String], properties: [String], path: String,
                                              client: APIClient) async throws -> [String: [String: String?]] {
        let body = try JSONEncoder().encode(BatchReadRequest(inputs: ids.map(ObjectID.init(id:)), properties: properties))
        let response = try await client.send(HubSpotRequest(method: .post, path: path, body: body), kind: .batchRead)
        let results = (try? JSONDecoder().decode(BatchResponse<CRMObject>.self, from: response.body))?.results ?? []
        return Dictionary(results.map { ($0.id, $0.properties) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a value read back is the one written: equal text, or the same number or instant
    /// (HubSpot answers `2026-02-01` for a date written as epoch milliseconds); `""` is none.
    static func sameValue(_ current: String?, _ written: String) -> Bool {
        let now = current ?? ""
        if now == written { return true }
        if now.isEmpty || written.isEmpty { return false }
        if let a = Double(now), let b = Double(written) { return a == b }
        if let a = EpochTime.parse(now), let b = EpochTime.parse(written) { return a == b }
        return false
    }

    /// A batch update for undo: restored and failed counts (207 failures listed in `notes`).
    private nonisolated(nonsending) func send(_ path: String, _ inputs: [ObjectUpdateInput], client: APIClient,
                                              notes: inout [String]) async throws -> (Int, Int) {
        let body = try JSONEncoder().encode(BatchInput(inputs: inputs))
        do {
            let response = try await client.send(HubSpotRequest(method: .post, path: path, body: body), kind: .idempotentWrite)
            let decoded = try? JSONDecoder().decode(BatchResponse<CRMObject>.self, from: response.body)
            for error in decoded?.errors ?? [] {
                notes.append("\((error.context["ids"] ?? []).joined(separator: ", ")): \(error.message)")
            }
            let done = decoded?.results.count ?? 0
            return (done, inputs.count - done)
        } catch let error as HubSpotError where error.kind == .rejected {
            notes.append("\(inputs.count) records not restored: \(error.message)")
            return (0, inputs.count)
        }
    }
}
