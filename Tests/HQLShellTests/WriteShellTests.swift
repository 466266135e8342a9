import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL
@testable import HQLShell

/// Writes through the shell engine, as `hql -c` and scripts run them: the report, the exit
/// status of a refused write (64, naming the count) and of a write with failures.
@Suite(.serialized) struct WriteShellTests {
    static let portal = PortalGenerator(options: .small).generate()

    private func run(_ script: String, yes: Bool = false) async -> (status: HQLShell.ExitStatus, output: String, errors: String) {
        let sandbox = Sandbox(portal: Self.portal, settings: SandboxSettings(
            searchRequestsPerSecond: 5_000, requestsPerTenSeconds: 100_000, requestsPerDay: 10_000_000))
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken),
                              rateLimits: RateLimits.hubSpot.scaled(by: 1_000))
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("hql-shell-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: journal) }
        var options = session.writeOptions
        options.journal = UndoJournal(directory: journal)
        options.assumeYes = yes
        session.writeOptions = options
        let console = StringSink()
        let errors = StringSink()
        var shell = Shell(backend: SessionBackend(session: session), environment: .init(console: console, errors: errors))
        shell.settings.mode = .csv
        let status = await shell.run(RecordingLines(script + "\n"))
        return (status, console.text, errors.text)
    }

    @Test func aWriteOverTheThresholdWithoutYesExits64NamingTheCount() async {
        let outcome = await run("UPDATE contacts SET jobtitle = 'X';")
        #expect(outcome.status == .usage)
        #expect(outcome.errors.contains("UPDATE would write 300 contacts"))
        #expect(outcome.errors.contains("--yes"))
    }

    @Test func withYesItWritesAndReports() async {
        let outcome = await run("UPDATE contacts SET jobtitle = 'X';", yes: true)
        #expect(outcome.status == .ok)
        // 1 schema read, 2 search pages (the selection: a small table is read by search alone),
        // 3 batch updates.
        #expect(outcome.output.contains("UPDATE contacts: 300 written, 0 failed, 0 skipped; 6 requests"))
        #expect(outcome.output.contains("undo: hql undo "))
    }

    @Test func aValidationErrorIsAQueryError() async {
        let outcome = await run("INSERT INTO contacts (emial) VALUES ('a@b.c');")
        #expect(outcome.status == .queryError)
        #expect(outcome.errors.contains("did you mean 'email'?"))
    }

    @Test func returningStreamsTheWrittenRecords() async {
        let outcome = await run("INSERT INTO contacts (email, firstname) VALUES ('r1@example.com', 'R1'), ('r2@example.com', 'R2') RETURNING *;")
        #expect(outcome.status == .ok)
        #expect(outcome.output.hasPrefix("hs_object_id,email,firstname\n"))
        #expect(outcome.output.contains(",r1@example.com,R1\n"))
    }
}
