import Foundation
import HubSpotAPI

/// The undo journal: before UPDATE, DELETE and DISSOCIATE write anything, what they are about to
/// change — previous values of every touched property, the archived records' writable values,
/// the removed associations — is written to one JSON file and fsynced. `hql undo [ID]`
/// (``Session/undo(_:)``) restores it; `hql journal` (``Session/journal()``) lists them.
///
/// One file per statement, `<id>.json`, readable by the user only, in
/// `$HQL_DATA_DIR`, else `$XDG_DATA_HOME/hql/journal`, else `~/.local/share/hql/journal`. Files
/// hold the endpoint (never the token) so undo refuses to restore into another portal.
public struct UndoJournal: Sendable {
    /// The folder of the journal files.
    public let directory: URL

    /// A journal in `directory`.
    public init(directory: URL) { self.directory = directory }

    /// The user's data directory (see the type's description).
    public static func standard() -> UndoJournal {
        let environment = ProcessInfo.processInfo.environment
        if let dir = environment["HQL_DATA_DIR"], !dir.isEmpty {
            return UndoJournal(directory: URL(fileURLWithPath: dir).appendingPathComponent("journal"))
        }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return UndoJournal(directory: base.appendingPathComponent("hql/journal"))
    }

    /// Writes `entry` atomically and durably: a temporary file, fsynced, renamed over the
    /// entry's file, then the folder fsynced. Throws when it cannot: the write then does not start.
    func save(_ entry: JournalEntry) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(entry)
        let url = file(entry.id)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw JournalError("cannot create \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw JournalError("cannot write the undo journal \(url.path): \(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw JournalError("cannot write the undo journal \(url.path)")
        }
        let folder = open(directory.path, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    func load(_ id: String) throws -> JournalEntry {
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), let data = FileManager.default.contents(atPath: file(id).path) else {
            throw JournalError("no journal entry \(id) in \(directory.path)")
        }
        return try JSONDecoder().decode(JournalEntry.self, from: data)
    }

    /// Every entry, newest first.
    func entries() -> [JournalEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted(by: >).compactMap {
            try? load(String($0.dropLast(5)))
        }
    }

    private func file(_ id: String) -> URL { directory.appendingPathComponent(id + ".json") }

    /// A new entry id: sortable by time (`20261130-011500-123-a1b2`).
    static func newID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        return formatter.string(from: now) + "-" + String(UUID().uuidString.prefix(4)).lowercased()
    }
}

/// The journal could not be written or read.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One journalled statement.
struct JournalEntry: Sendable, Codable {
    enum Kind: String, Sendable, Codable { case insert, update, delete, dissociate, alterProperty, dropProperty }
    enum State: String, Sendable, Codable {
        /// Written before the first request; the write may have been cut short.
        case pending
        case done
        case undone
    }

    /// A record's values before the statement: nil for a property that had none.
    struct Change: Sendable, Codable, Hashable {
        var id: String
        var old: [String: String?]
        var new: [String: String]
    }

    /// An archived record's writable values (what undo can re-create).
    struct Archived: Sendable, Codable, Hashable {
        var id: String
        var properties: [String: String]
    }

    struct Association: Sendable, Codable, Hashable {
        var from: String
        var fromId: String
        var to: String
        var toId: String
        var typeId: Int
        var category: String
    }

    var id: String
    var createdAt: String
    /// Where the statement ran (the token is never stored).
    var endpoint: String
    var statement: String
    var object: String
    var kind: Kind
    var state: State
    var changes: [Change] = []
    var archived: [Archived] = []
    var associations: [Association] = []
    /// INSERT / UPSERT: the records it created (undo archives them).
    var created: [String] = []
    /// ALTER / DROP PROPERTY: the definition before (label, group, options, type).
    var property: PropertyDefinition?
    /// Records (or associations) the statement reported written.
    var written = 0
    /// What undo did and could not do.
    var undoNotes: [String] = []

    var size: Int { changes.count + archived.count + associations.count + created.count }
}

extension UndoJournal {
    /// A new pending entry, written (fsynced) before the statement's first write.
    func begin(_ kind: JournalEntry.Kind, endpoint: String, statement: String, object: String,
               fill: (inout JournalEntry) -> Void) throws -> JournalEntry {
        var entry = JournalEntry(id: UndoJournal.newID(), createdAt: EpochTime.iso(Int64(Date().timeIntervalSince1970 * 1_000)),
                                 endpoint: endpoint, statement: statement, object: object, kind: kind, state: .pending)
        fill(&entry)
        try save(entry)
        return entry
    }

    /// Marks `entry` done with what was written (a failure to mark costs only the state shown).
    func finish(_ entry: JournalEntry?, written: Int) {
        guard var entry else { return }
        entry.state = .done
        entry.written = written
        try? save(entry)
    }
}
