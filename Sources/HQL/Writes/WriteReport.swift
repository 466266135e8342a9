import Foundation

/// How a session writes: the dry run, the confirmation rule and the journal.
public struct WriteOptions: Sendable {
    /// Run the selection and report what would change (id, property, old → new); write nothing
    /// (`--dry-run`, `SET dry_run = on`).
    public var dryRun = false
    /// Writes of more records than this need a confirmation (`SET write_confirm_threshold = n`).
    public var confirmThreshold = 100
    /// Confirm every write without asking (`--yes`); never a GDPR purge.
    public var assumeYes = false
    /// Confirm a GDPR purge (`PURGE FROM contacts …`) without asking (`--yes-purge`): it cannot be undone.
    public var assumePurge = false
    /// Asks the user (the REPL); nil where no one can answer (scripts, `-c`): a write that needs
    /// a confirmation then fails with ``WriteRefused`` unless ``assumeYes``.
    public var confirm: (@Sendable (WriteConfirmation) async -> Bool)?
    /// Where UPDATE, DELETE and DISSOCIATE journal what they change before writing; nil keeps no
    /// journal (undo is then impossible, and said so).
    public var journal: UndoJournal? = .standard()

    /// The defaults: confirmation over 100 records, the standard journal.
    public init() {}
}

/// What a write asks the user before it starts.
public struct WriteConfirmation: Sendable, CustomStringConvertible {
    /// `UPDATE`, `DELETE`, …
    public let verb: String
    /// The object written.
    public let object: String
    /// Records the statement would write.
    public let count: Int
    /// Whether the statement has a WHERE (a DELETE without one always asks).
    public let hasWhere: Bool

    /// The question as the REPL asks it (`UPDATE 250 contacts?`).
    public var description: String {
        let what = "\(verb) \(count.formatted()) \(object)"
        if verb == "PURGE" { return "PURGE \(count.formatted()) \(object) permanently (GDPR delete: this cannot be undone)?" }
        return hasWhere || verb != "DELETE" ? "\(what)?" : "\(what) — every record, there is no WHERE?"
    }
}

/// A write that needed a confirmation nobody gave: nothing was written.
public struct WriteRefused: Error, Sendable, CustomStringConvertible {
    /// The question that went unanswered.
    public let confirmation: WriteConfirmation
    /// The threshold it was over.
    public let threshold: Int

    /// What was refused and how to confirm it (`--yes`, `--yes-purge`).
    public var description: String {
        if confirmation.verb == "PURGE" {
            return "PURGE would permanently delete \(confirmation.count.formatted()) \(confirmation.object) (GDPR delete: it cannot be "
                + "undone); nothing was written: run it again with --yes-purge to confirm"
        }
        let reason = confirmation.hasWhere || confirmation.verb != "DELETE"
            ? "more than write_confirm_threshold (\(threshold))" : "a DELETE without WHERE"
        return "\(confirmation.verb) would write \(confirmation.count.formatted()) \(confirmation.object), \(reason); "
            + "nothing was written: run it again with --yes to confirm"
    }
}

/// One record (or input row) a write could not write, with HubSpot's message.
public struct WriteFailure: Sendable, Hashable {
    /// The record id, or `row N` of an INSERT.
    public let record: String
    /// Why.
    public let message: String
}

/// One change a dry run found: record, property, old → new.
public struct PlannedChange: Sendable, Hashable {
    /// The record id (`row N` for a record an INSERT would create).
    public let record: String
    /// The property (`(record)` for DELETE, `(association)` for DISSOCIATE).
    public let property: String
    /// The value now (nil: none).
    public let old: String?
    /// The value after (nil: archived, removed).
    public let new: String?
}

/// What a write statement did: records written, failed and skipped, what it cost.
public struct WriteReport: Sendable, CustomStringConvertible {
    /// `INSERT`, `UPSERT`, `UPDATE`, `DELETE`, `ASSOCIATE`, `DISSOCIATE`.
    public internal(set) var verb: String
    /// The object written.
    public internal(set) var object: String
    /// Records (associations) written.
    public internal(set) var written = 0
    /// Records HubSpot refused (see ``failures``).
    public internal(set) var failed = 0
    /// Records left alone: they already had the values, or the statement stopped before them.
    public internal(set) var skipped = 0
    /// Requests the statement cost (its selection included).
    public internal(set) var requests = 0
    /// Lost answers resolved by reading back instead of sending again.
    public internal(set) var readBacks = 0
    /// Each failed record, with HubSpot's message.
    public internal(set) var failures: [WriteFailure] = []
    /// The journal entry that undoes it (`hql undo ID`).
    public internal(set) var journalID: String?
    /// A dry run: ``changes`` is what would be written; nothing was.
    public internal(set) var dryRun = false
    /// A dry run's changes.
    public internal(set) var changes: [PlannedChange] = []
    /// The written records (RETURNING): `hs_object_id` and the properties written.
    public internal(set) var returned: [[String: String]] = []
    /// Remarks (what undo cannot restore, a lost answer resolved, …).
    public internal(set) var notes: [String] = []

    init(verb: String, object: String) {
        self.verb = verb
        self.object = object
    }

    /// `UPDATE contacts: 250 written, 0 failed, 0 skipped; 4 requests; undo: hql undo ID`.
    public var description: String {
        var lines: [String] = []
        if dryRun {
            lines.append("dry run: \(verb) would write \(changes.isEmpty ? 0 : Set(changes.map(\.record)).count) \(object) "
                + "(\(skipped) skipped); \(requests) request\(requests == 1 ? "" : "s"); nothing was written")
            for change in changes.prefix(1_000) {
                lines.append("  \(change.record)  \(change.property): \(change.old ?? "NULL") → \(change.new ?? "NULL")")
            }
            if changes.count > 1_000 { lines.append("  … \(changes.count - 1_000) more") }
            return lines.joined(separator: "\n")
        }
        var summary = "\(verb) \(object): \(written.formatted()) written, \(failed.formatted()) failed, \(skipped.formatted()) skipped; "
            + "\(requests.formatted()) request\(requests == 1 ? "" : "s")"
        if readBacks > 0 { summary += " (\(readBacks) lost answer\(readBacks == 1 ? "" : "s") resolved by reading back)" }
        lines.append(summary)
        if let journalID { lines.append("undo: hql undo \(journalID)") }
        if !failures.isEmpty {
            let width = max(6, failures.map(\.record.count).max() ?? 0)
            lines.append("record".padding(toLength: width, withPad: " ", startingAt: 0) + "  error")
            for failure in failures.prefix(200) {
                lines.append(failure.record.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + failure.message)
            }
            if failures.count > 200 { lines.append("… \(failures.count - 200) more") }
        }
        lines += notes
        return lines.joined(separator: "\n")
    }
}

/// A write in which some records failed: the report (printed as the error) and a non-zero exit.
public struct WriteFailed: Error, Sendable, CustomStringConvertible {
    /// What was written and what failed.
    public let report: WriteReport
    /// The report, failures included.
    public var description: String { report.description }
}

/// What `hql undo` restored and what it could not.
public struct UndoReport: Sendable, CustomStringConvertible {
    /// The journal entry undone.
    public let id: String
    /// The statement it undid.
    public let statement: String
    /// Records (associations) restored.
    public internal(set) var restored = 0
    /// Records it could not restore.
    public internal(set) var failed = 0
    /// Records left as they are: changed by someone since the statement.
    public internal(set) var skipped = 0
    /// Requests it cost.
    public internal(set) var requests = 0
    /// What it could not restore, and why.
    public internal(set) var notes: [String] = []

    /// `undo ID (statement): N restored, …` and what could not be restored.
    public var description: String {
        (["undo \(id) (\(statement)): \(restored.formatted()) restored, \(failed.formatted()) failed, "
            + "\(skipped.formatted()) changed since and left; "
            + "\(requests) request\(requests == 1 ? "" : "s")"] + notes)
            .joined(separator: "\n")
    }
}

/// One journal entry as `hql journal` lists it.
public struct JournalSummary: Sendable, Hashable {
    /// The id `hql undo` takes.
    public let id: String
    /// When the statement ran (ISO-8601).
    public let createdAt: String
    /// The statement.
    public let statement: String
    /// Records (associations) journalled.
    public let size: Int
    /// `pending` (cut short), `done`, `undone`.
    public let state: String
    /// Where it ran.
    public let endpoint: String
}
