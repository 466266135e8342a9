import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// Each write statement end to end over HTTP against `hubspot-sandbox` (parse → bind → select →
/// journal → batch calls), with the sandbox's own request counter and `/__sandbox/dump`.
@Suite(.serialized) struct WriteTests {
    static let portal = PortalGenerator(options: .small).generate()

    private func ids(_ rig: WriteRig, _ text: String) async throws -> [String] {
        try await rig.session.query(text).collect().compactMap { $0[0].text }
    }

    // MARK: Validation before the first request

    @Test func everyBadRowIsADiagnosticAndNothingIsSent() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let text = """
                INSERT INTO deals (dealname, amount, dealstage)
                VALUES ('Renewal', 100, 'Closed Won'),
                       ('Upsell', 'lots', 'closedwon')
                """
            do {
                _ = try await rig.session.write(text, sourceName: "w.hql")
                Issue.record("expected diagnostics")
            } catch let error as HQLError {
                let messages = error.diagnostics.map(\.message)
                // The bad number: row 2, column amount, at its line and column.
                let amount = try #require(error.diagnostics.first { $0.message.hasPrefix("row 2, column amount:") })
                #expect(amount.location.line == 3 && amount.location.column == 19)
                // Deals require dealname, dealstage and pipeline: both rows lack the pipeline.
                #expect(messages.filter { $0.contains("require pipeline") }.count == 2)
                // 'Closed Won' is a label: mapped to its value, not an error.
                #expect(!messages.contains { $0.contains("Closed Won") })
            }
            do {
                _ = try await rig.session.write("UPDATE contacts SET emial = 'a@b.c', hs_object_id = 3, lifecyclestage = 'Nope' WHERE city = 'Paris'")
                Issue.record("expected diagnostics")
            } catch let error as HQLError {
                #expect(error.diagnostics.count == 3)
                #expect(error.description.contains("did you mean 'email'?"))
                #expect(error.diagnostics.contains { $0.message.contains("hs_object_id is read-only") })
                #expect(error.diagnostics.contains { $0.message.contains("'Nope' is not an option of lifecyclestage") })
            }
            do {
                _ = try await rig.session.write("INSERT INTO contacts (email, onboarding_date, hs_email_optout) VALUES ('x@y.z', 'soon', 'maybe')")
                Issue.record("expected diagnostics")
            } catch let error as HQLError {
                #expect(error.diagnostics.map(\.message).allSatisfy { $0.hasPrefix("row 1, column ") })
                #expect(error.diagnostics.count == 2)
            }
            do {
                _ = try await rig.session.write("UPSERT INTO contacts (firstname) VALUES ('Ana') ON (firstname)")
                Issue.record("expected a diagnostic")
            } catch let error as HQLError {
                #expect(error.diagnostics.first?.message.contains("not a unique property") == true)
            }
            #expect(await rig.requests() == 0)
            // An association type that does not exist: found by reading the labels, before any write.
            do {
                _ = try await rig.session.write("ASSOCIATE contacts 1 WITH companies 2 LABEL 'Nonexistent'")
                Issue.record("expected an error")
            } catch let error as HQLError {
                #expect(error.description.contains("no association label 'Nonexistent'"))
            }
            #expect(await rig.requests() == 1)
            #expect(await rig.requests("associations.labels") == 1)
        }
    }

    // MARK: The statements

    @Test func insertWithAssociationsAndReturning() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let company = try #require(try await ids(rig, "SELECT hs_object_id FROM companies LIMIT 1").first)
            await rig.sandbox.resetStats()
            guard case .rows(let result) = try await rig.session.run("""
                INSERT INTO contacts (email, firstname, hs_lead_status, onboarding_date, companies)
                VALUES ('new.one@example.com', 'Ana', 'In Progress', DATE '2026-01-05', \(company)),
                       ('new.two@example.com', 'Ben', 'NEW', NULL, NULL)
                RETURNING *
                """) else { Issue.record("expected rows"); return }
            let rows = try await result.collect()
            #expect(rows.count == 2)
            #expect(await rig.requests() == 1)
            #expect(await rig.requests("objects.batch.create") == 1)
            let dump = try await rig.dump("contacts")
            let ana = try #require(dump.values.first { $0["email"] == "new.one@example.com" })
            #expect(ana["hs_lead_status"] == "IN_PROGRESS")
            #expect(ana["onboarding_date"] == "2026-01-05" || ana["onboarding_date"] == "1767571200000")
            let anaId = try #require(rows.first { $0["email"]?.text == "new.one@example.com" }?["hs_object_id"]?.text)
            #expect(try await rig.dumpedAssociations().contains("\(anaId)>\(company):279"))
        }
    }

    @Test func upsertUpdatesExistingAndCreatesNew() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let existing = try #require(try await rig.session.query("SELECT email FROM contacts WHERE email IS NOT NULL LIMIT 1").collect().first?[0].text)
            let before = try await rig.dump("contacts").values.first { $0["email"] == existing }?["jobtitle"]
            await rig.sandbox.resetStats()
            let report = try await rig.session.write("""
                UPSERT INTO contacts (email, jobtitle) VALUES ('\(existing)', 'CTO'), ('brand.new@example.com', 'CEO') ON (email)
                """)
            #expect(report.written == 2 && report.failed == 0)
            // The values it overwrites are read (and journalled) first: one batch read, one upsert.
            #expect(await rig.requests() == 2)
            let dump = try await rig.dump("contacts")
            #expect(dump.values.filter { $0["email"] == existing }.map { $0["jobtitle"] } == ["CTO"])
            #expect(dump.values.filter { $0["email"] == "brand.new@example.com" }.count == 1)
            // Undo: the existing record's value back, the new one archived.
            let undone = try await rig.session.undo(report.journalID)
            #expect(undone.restored == 2)
            let after = try await rig.dump("contacts")
            #expect(after.values.filter { $0["email"] == existing }.map { $0["jobtitle"] } == [before])
            #expect(after.values.filter { $0["email"] == "brand.new@example.com" }.isEmpty)
        }
    }

    @Test func updateSelectsThenWritesAndSkipsUnchanged() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let leads = try await ids(rig, "SELECT hs_object_id FROM contacts WHERE lifecyclestage = 'lead'")
            await rig.sandbox.resetStats()
            rig.setYes()
            let report = try await rig.session.write("UPDATE contacts SET jobtitle = 'Lead buyer', hs_lead_status = NULL WHERE lifecyclestage = 'lead'")
            #expect(report.written + report.skipped == leads.count)
            #expect(report.written > 0)
            #expect(await rig.requests("objects.batch.update") == (report.written + 99) / 100)
            #expect(report.requests == (await rig.requests()))
            let dump = try await rig.dump("contacts")
            for id in leads {
                #expect(dump[id]?["jobtitle"] == "Lead buyer")
                #expect(dump[id]?["hs_lead_status"] == nil)
            }
            // A multi-select value: each part an option value or its label.
            let roles = try await rig.session.write("UPDATE contacts SET hs_buying_role = 'Decision Maker;CHAMPION' WHERE lifecyclestage = 'lead'")
            #expect(roles.written > 0)
            #expect(try await rig.dump("contacts")[leads[0]]?["hs_buying_role"] == "DECISION_MAKER;CHAMPION")
            // Again: every record already has the values.
            let again = try await rig.session.write("UPDATE contacts SET jobtitle = 'Lead buyer' WHERE lifecyclestage = 'lead'")
            #expect(again.written == 0 && again.skipped == leads.count)
        }
    }

    /// SET with expressions of the record's own (old) values, over HTTP: every value checked
    /// against the dump before and after; a value that does not fit stops the statement before
    /// any write; undo restores the old values.
    @Test func setComputesFromTheRecordsOwnValues() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            rig.setYes()
            let before = try await rig.dump("deals")
            let report = try await rig.session.write("""
                UPDATE deals SET amount = ROUND(amount * 1.1, 2), description = UPPER(dealname) || ' (' || dealstage || ')',
                  dealstage = CASE WHEN amount >= 50000 THEN 'Closed Won' ELSE dealstage END
                WHERE amount > 0
                """)
            let after = try await rig.dump("deals")
            var changed = 0
            for (id, old) in before {
                guard let amount = old["amount"].flatMap({ Decimal(string: $0) }), amount > 0 else {
                    #expect(after[id]?["amount"] == old["amount"])
                    continue
                }
                changed += 1
                var raised = amount * Decimal(string: "1.1")!
                var rounded = Decimal()
                NSDecimalRound(&rounded, &raised, 2, .plain)
                #expect(after[id]?["amount"].flatMap(Double.init) == Double(rounded.description), "\(id)")
                let stage = amount >= 50_000 ? "closedwon" : old["dealstage"]
                #expect(after[id]?["dealstage"] == stage, "\(id)")
                #expect(after[id]?["description"] == (old["dealname"] ?? "").uppercased() + " (" + (old["dealstage"] ?? "") + ")", "\(id)")
            }
            #expect(changed > 0 && report.written == changed)

            // A value no option matches, found while computing: nothing is written at all.
            await rig.sandbox.resetStats()
            await #expect(throws: ExecutionError.self) {
                _ = try await rig.session.write("UPDATE deals SET dealstage = dealtype WHERE amount > 0")
            }
            #expect(await rig.requests("objects.batch.update") == 0)
            // A type that cannot fit is refused when the statement is bound: nothing is sent.
            await rig.sandbox.resetStats()
            await #expect(throws: HQLError.self) { _ = try await rig.session.write("UPDATE deals SET amount = dealname WHERE amount > 0") }
            #expect(await rig.requests() == 0)

            // Undo puts the old values back.
            let undone = try await rig.session.undo(report.journalID)
            #expect(undone.restored == changed)
            let restored = try await rig.dump("deals")
            for (id, old) in before { #expect(restored[id]?["amount"] == old["amount"] && restored[id]?["dealstage"] == old["dealstage"]) }
        }
    }

    @Test func deleteArchivesAndAssociateDissociate() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let victims = try await ids(rig, "SELECT hs_object_id FROM contacts WHERE city = 'Paris'")
            #expect(!victims.isEmpty)
            await rig.sandbox.resetStats()
            let report = try await rig.session.write("DELETE FROM contacts WHERE city = 'Paris'")
            #expect(report.written == victims.count)
            #expect(await rig.requests("objects.batch.archive") == (victims.count + 99) / 100)
            let dump = try await rig.dump("contacts")
            #expect(victims.allSatisfy { dump[$0] == nil })

            let contact = try #require(try await ids(rig, "SELECT hs_object_id FROM contacts LIMIT 1").first)
            let company = try #require(try await ids(rig, "SELECT hs_object_id FROM companies ORDER BY hs_object_id DESC LIMIT 1").first)
            _ = try await rig.session.write("DISSOCIATE contacts \(contact) FROM companies \(company)")
            let associate = try await rig.session.write("ASSOCIATE contacts \(contact) WITH companies \(company)")
            #expect(associate.written == 1)
            #expect(try await rig.dumpedAssociations().contains("\(contact)>\(company):279"))
            let dissociate = try await rig.session.write("DISSOCIATE contacts \(contact) FROM companies \(company)")
            #expect(dissociate.written == 1)
            #expect(try await !rig.dumpedAssociations().contains("\(contact)>\(company):279"))
            // Undo puts it back.
            let undone = try await rig.session.undo()
            #expect(undone.restored == 1)
            #expect(try await rig.dumpedAssociations().contains("\(contact)>\(company):279"))
        }
    }

    // MARK: Safety

    @Test func dryRunPrintsOldAndNewAndWritesNothing() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            _ = try await rig.session.run("SET dry_run = on")
            let before = try await rig.dump("contacts")
            let report = try await rig.session.write("UPDATE contacts SET jobtitle = 'X' WHERE lifecyclestage = 'customer'")
            #expect(report.dryRun)
            #expect(!report.changes.isEmpty)
            let change = try #require(report.changes.first)
            #expect(change.property == "jobtitle" && change.new == "X")
            #expect(change.old == before[change.record]?["jobtitle"])
            #expect(report.description.contains("\(change.record)  jobtitle: \(change.old ?? "NULL") → X"))
            let stats = await rig.sandbox.currentStats()
            #expect(stats.byKind.keys.allSatisfy { $0 == "search" || $0 == "objects.list" })
            #expect(try await rig.dump("contacts") == before)
            #expect(rig.session.journal().isEmpty)
            _ = try await rig.session.run("SET dry_run = off")
        }
    }

    @Test func writesOverTheThresholdNeedAConfirmation() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            do {
                _ = try await rig.session.write("UPDATE contacts SET jobtitle = 'X'")
                Issue.record("expected a refusal")
            } catch let refused as WriteRefused {
                #expect(refused.confirmation.count == 300)
                #expect(refused.description.contains("300 contacts"))
                #expect(refused.description.contains("--yes"))
            }
            // DELETE without WHERE always asks, even under the threshold.
            _ = try await rig.session.run("SET write_confirm_threshold = 100000")
            await #expect(throws: WriteRefused.self) { try await rig.session.write("DELETE FROM tickets") }
            // Nothing was written, nothing journalled.
            #expect(await rig.requests("objects.batch.update") == 0)
            #expect(await rig.requests("objects.batch.archive") == 0)
            #expect(rig.session.journal().isEmpty)
            // A confirmation given by the REPL's question.
            var options = rig.session.writeOptions
            options.confirm = { question in question.count == 40 && !question.hasWhere }
            rig.session.writeOptions = options
            #expect(try await rig.session.write("DELETE FROM tickets").written == 40)
        }
    }

    @Test func explainOfAWriteShowsTheSelectionAndTheBatchCalls() async throws {
        try await WriteRig.with(Self.portal) { rig in
            try await rig.warm()
            let plan = try await rig.session.query("EXPLAIN UPDATE contacts SET jobtitle = 'X' WHERE lifecyclestage = 'lead'").collect()
                .compactMap { $0[0].text }.joined(separator: "\n")
            #expect(plan.contains("Selection"))
            #expect(plan.contains("/crm/v3/objects/contacts/search"))
            #expect(plan.contains("POST /crm/v3/objects/contacts/batch/update"))
            let insert = try await rig.session.query("EXPLAIN INSERT INTO contacts (email) VALUES ('a@b.c')").collect()
                .compactMap { $0[0].text }.joined(separator: "\n")
            #expect(insert.contains("batch/create × 1"))
            #expect(insert.contains("idProperty email"))
            #expect(await rig.requests("objects.batch.update") == 0)
        }
    }
}

/// INSERT … SELECT: the query's rows, checked like VALUES, then batch creates.
@Suite(.serialized) struct InsertSelectTests {
    @Test func insertSelectCopiesRowsAndChecksThemFirst() async throws {
        try await WriteRig.with(WriteTests.portal) { rig in
            try await rig.warm()
            let text = "INSERT INTO companies (name, city) SELECT email, city FROM contacts WHERE city = 'Paris'"
            #expect(Printer.print(try #require(Parser.parseStatement(text).0)) == text)
            let paris = try await rig.session.query("SELECT email FROM contacts WHERE city = 'Paris'").collect()
            await rig.sandbox.resetStats()
            let report = try await rig.session.write(text)
            #expect(report.written == paris.count)
            #expect(await rig.requests("objects.batch.create") == (paris.count + 99) / 100)
            let names = Set(try await rig.dump("companies").values.compactMap { $0["name"] })
            #expect(paris.compactMap { $0[0].text }.allSatisfy { names.contains($0) })
            // A value that does not fit the column stops the statement before any write.
            await rig.sandbox.resetStats()
            do {
                _ = try await rig.session.write("INSERT INTO companies (name, numberofemployees) SELECT email, city FROM contacts WHERE city = 'Paris'")
                Issue.record("expected diagnostics")
            } catch let error as HQLError {
                #expect(error.diagnostics.first?.message.hasPrefix("row 1, column numberofemployees:") == true)
            }
            #expect(await rig.requests("objects.batch.create") == 0)
        }
    }
}

/// The undo statement, the INSERT journal and EXPLAIN through the public explain call.
@Suite(.serialized) struct UndoStatementTests {
    @Test func undoStatementArchivesWhatAnInsertCreated() async throws {
        try await WriteRig.with(WriteTests.portal) { rig in
            try await rig.warm()
            #expect(Printer.print(try #require(Parser.parseStatement("undo 'abc-1'").0)) == "UNDO 'abc-1'")
            let report = try await rig.session.write("INSERT INTO contacts (email) VALUES ('u1@example.com'), ('u2@example.com')")
            #expect(report.journalID != nil)
            #expect(try await rig.dump("contacts").values.filter { ($0["email"] ?? "").hasPrefix("u") && ($0["email"] ?? "").hasSuffix("@example.com") }.count == 2)
            guard case .message(let message) = try await rig.session.run("UNDO") else { Issue.record("expected a message"); return }
            #expect(message.contains("2 restored"))
            #expect(try await rig.dump("contacts").values.filter { ["u1@example.com", "u2@example.com"].contains($0["email"] ?? "") }.isEmpty)
            let explained = try await rig.session.explain("DELETE FROM contacts WHERE city = 'Paris'")
            #expect(explained.contains("batch/archive"))
            let json = try await rig.session.explain("EXPLAIN DELETE FROM contacts WHERE city = 'Paris'", format: .json)
            #expect(json.hasPrefix("{\"write\":["))
        }
    }
}

/// PURGE: HubSpot's GDPR delete, with its own confirmation and no journal of the records.
@Suite(.serialized) struct PurgeTests {
    @Test func purgeNeedsItsOwnConfirmationAndLeavesNothing() async throws {
        try await WriteRig.with(WriteTests.portal) { rig in
            try await rig.warm()
            #expect(Printer.print(try #require(Parser.parseStatement("purge from contacts where city = 'Paris'").0))
                == "PURGE FROM contacts WHERE city = 'Paris'")
            await #expect(throws: HQLError.self) { try await rig.session.write("PURGE FROM companies WHERE city = 'Paris'") }
            let paris = try await rig.session.query("SELECT hs_object_id FROM contacts WHERE city = 'Paris'").collect().compactMap { $0[0].text }
            rig.setYes()
            do {
                _ = try await rig.session.write("PURGE FROM contacts WHERE city = 'Paris'")
                Issue.record("--yes must not confirm a purge")
            } catch let refused as WriteRefused {
                #expect(refused.description.contains("--yes-purge"))
            }
            #expect(await rig.requests("objects.gdpr-delete") == 0)
            var options = rig.session.writeOptions
            options.assumePurge = true
            rig.session.writeOptions = options
            let report = try await rig.session.write("PURGE FROM contacts WHERE city = 'Paris'")
            #expect(report.written == paris.count)
            #expect(report.journalID == nil)
            #expect(await rig.requests("objects.gdpr-delete") == paris.count)
            let dump = try await rig.dump("contacts")
            #expect(paris.allSatisfy { dump[$0] == nil })
            #expect(rig.session.journal().isEmpty)
        }
    }
}

/// One existing e-mail in a batch of 100 fails that row, not the 99 others.
@Suite(.serialized) struct DuplicateInsertTests {
    @Test func aDuplicateUniqueValueFailsOnlyItsRow() async throws {
        try await WriteRig.with(WriteTests.portal) { rig in
            try await rig.warm()
            let existing = try #require(try await rig.session.query("SELECT email FROM contacts WHERE email IS NOT NULL LIMIT 1").collect().first?[0].text)
            let rows = (1...99).map { "('dup\($0)@example.com')" } + ["('\(existing.uppercased())')"]
            rig.setYes()
            do {
                _ = try await rig.session.run("INSERT INTO contacts (email) VALUES \(rows.joined(separator: ", "))")
                Issue.record("expected WriteFailed")
            } catch let failed as WriteFailed {
                #expect(failed.report.written == 99)
                #expect(failed.report.failed == 1)
                #expect(failed.report.failures.first?.record == "row 100")
                #expect(failed.report.failures.first?.message.contains("already exists") == true)
            }
            #expect(try await rig.dump("contacts").values.filter { ($0["email"] ?? "").hasPrefix("dup") }.count == 99)
        }
    }
}
