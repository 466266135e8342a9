import ArgumentParser
import Foundation
import HQL
import HQLShell

/// `hql undo [ID]`: restores what a journalled UPDATE, DELETE or DISSOCIATE changed.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a write from the journal (the newest not yet undone when no ID is given).",
        discussion: """
            UPDATE: every touched property gets its previous value back. DELETE: HubSpot's API cannot \
            restore archived records (its UI can, within 90 days), so they are re-created with new ids, \
            without their history, create dates or associations — the report lists what was not restored. \
            DISSOCIATE: the removed associations are created again.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The journal entry (hql journal lists them).")
    var id: String?

    func run() async throws {
        guard let session = try connection.session(allowDemoFallback: false) else {
            FileHandle.standardError.write(Data("hql undo: no connection: pass --token, --base-url URL or --demo\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        do {
            let report = try await session.undo(id)
            FileHandle.standardOutput.write(Data((report.description + "\n").utf8))
            if report.failed > 0 { throw ExitCode(ExitStatus.queryError.rawValue) }
        } catch let error as JournalError {
            FileHandle.standardError.write(Data("hql undo: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        } catch let error as HubSpotError {
            FileHandle.standardError.write(Data("hql undo: \(error)\n".utf8))
            throw ExitCode(BackendFailure(error).exitStatus.rawValue)
        }
    }
}

/// `hql journal`: the journalled writes of this connection's endpoint, newest first.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "List the undo journal's entries for this connection, newest first.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let session = try connection.session(allowDemoFallback: false) else {
            FileHandle.standardError.write(Data("hql journal: no connection: pass --token, --base-url URL or --demo\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let entries = session.journal()
        if entries.isEmpty { FileHandle.standardError.write(Data("no journal entries for \(session.endpoint)\n".utf8)) }
        for entry in entries {
            let line = "\(entry.id)  \(entry.createdAt)  \(entry.state.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                + "\(entry.size) records  \(entry.statement.replacingOccurrences(of: "\n", with: " "))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}

/// Write flags of the main command.
struct WriteFlags: ParsableArguments {
    @Flag(name: .long, help: "Confirm writes over write_confirm_threshold (and DELETE without WHERE) without asking.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Run writes' selections and print what would change; write nothing.")
    var dryRun = false

    @Flag(name: .customLong("yes-purge"), help: "Confirm PURGE (HubSpot's GDPR delete, which cannot be undone) without asking; --yes does not.")
    var yesPurge = false

    /// Applies the flags; in the REPL a confirmation is asked on the terminal.
    func apply(to session: Session, interactive: Bool) {
        var options = session.writeOptions
        options.assumeYes = yes
        options.dryRun = dryRun
        options.assumePurge = yesPurge
        if interactive {
            options.confirm = { question in
                // Read on a thread of its own: the answer blocks until the user types it, and
                // `DispatchQueue.global()` is the pool Swift's tasks run on (on Linux, the same
                // root queue), of one thread per core.
                await withCheckedContinuation { continuation in
                    Thread.detachNewThread {
                        // A purge is confirmed by typing its count, not by a reflexive "y".
                        guard question.verb == "PURGE" else {
                            continuation.resume(returning: Self.ask("\(question) [y/N] "))
                            return
                        }
                        continuation.resume(returning: Self.answer("\(question) Type \(question.count) to confirm: ") == String(question.count))
                    }
                }
            }
        }
        session.writeOptions = options
    }

    /// Asks on the terminal itself (standard input may be the statement stream).
    static func ask(_ prompt: String) -> Bool {
        let answer = answer(prompt).lowercased()
        return answer == "y" || answer == "yes"
    }

    /// A line typed on the terminal ("" when there is none).
    static func answer(_ prompt: String) -> String {
        guard let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return "" }
        defer { try? tty.close() }
        tty.write(Data(prompt.utf8))
        var line: [UInt8] = []
        while true {
            let byte = tty.readData(ofLength: 1)
            guard let first = byte.first, first != UInt8(ascii: "\n") else { break }
            line.append(first)
        }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}
