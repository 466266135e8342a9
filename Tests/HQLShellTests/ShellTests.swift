import Foundation
import HQL
import Testing
@testable import HQLShell

/// The REPL engine against a fake backend: what a user sees on stdout and stderr, and the exit
/// status.
@Suite struct ShellTests {
    let console = StringSink()
    let errors = StringSink()

    private func shell(_ backend: FakeBackend = FakeBackend(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
                       canceller: StatementCanceller = StatementCanceller()) -> Shell {
        Shell(backend: backend, environment: .init(console: console, errors: errors, now: now, canceller: canceller))
    }

    @Test func runsStatementsAndDotCommandsInOrder() async {
        var shell = shell()
        let status = await shell.run(RecordingLines("select 1;\n.mode csv\nselect\n2;\n"))
        #expect(status == .ok)
        #expect(console.text == """
            ┌───────────┐
            │ text      │
            ├───────────┤
            │ select 1; │
            └───────────┘
            (1 row)
            text
            "select
            2;"

            """)
        #expect(errors.text.isEmpty)
    }

    @Test func errorMidStreamSaysHowManyRowsCameFirstAndSetsTheStatus() async {
        let backend = FakeBackend { _ in
            .rows(FakeBackend.rows(["n"], [[.number(1)], [.number(2)]], failing: FakeQueryError(description: "HubSpot said no")))
        }
        var shell = shell(backend)
        shell.settings.mode = .csv
        let status = await shell.run(RecordingLines("select n from x;\n"))
        #expect(status == .queryError)
        #expect(console.text == "n\n1\n2\n")
        #expect(errors.text == "error after 2 rows: HubSpot said no\n")
    }

    @Test func firstFailureDecidesTheStatusAndTheScriptGoesOnWithoutBail() async {
        let backend = FakeBackend { statement in
            if statement.text.contains("down") { throw FakeUnavailable() }
            if statement.text.contains("bad") { throw FakeQueryError(description: "q.hql:1:8: error: bad") }
            return .message("ok")
        }
        var shell = shell(backend)
        let status = await shell.run(RecordingLines("select down;\nselect bad;\nselect fine;\n"))
        #expect(status == .serviceUnavailable)
        #expect(console.text == "ok\n")
        #expect(errors.text == "cannot reach api.hubapi.com\nq.hql:1:8: error: bad\n")
    }

    @Test func bailStopsAtTheFirstError() async {
        let backend = FakeBackend { statement in
            if statement.text.contains("bad") { throw FakeQueryError(description: "boom") }
            return .message("ran \(statement.text)")
        }
        var shell = shell(backend)
        let status = await shell.run(RecordingLines(".bail on\nselect bad;\nselect never;\n"))
        #expect(status == .queryError)
        #expect(backend.statements == ["select bad;"])
        #expect(console.text.isEmpty)
    }

    @Test func unknownDotCommandSuggestsTheClosest() async {
        var shell = shell()
        let status = await shell.run(RecordingLines(".mdoe csv\n.mode xml\n"))
        #expect(errors.text == """
            error: unknown command '.mdoe'; did you mean '.mode'?
            error: .mode: unknown mode 'xml'; did you mean 'md'? (modes: box, table, csv, tabs, list, json, ndjson, line, markdown)

            """)
        #expect(status == .usage)
        #expect(shell.settings.mode == .box)
    }

    @Test func timerUsesTheInjectedClock() async {
        let clock = FakeClock(step: .milliseconds(1500))
        var shell = shell(now: { clock.next() })
        await shell.run(RecordingLines(".timer on\n.mode line\nselect 1;\n"))
        #expect(console.text == "text = select 1;\nTime: 1.500 s\n")
    }

    @Test func statsPrintTheBackendsStatistics() async {
        let backend = FakeBackend { _ in .rows(FakeBackend.rows(["n"], [[.number(1)]], statistics: "2 calls, 1 record")) }
        var shell = shell(backend)
        await shell.run(RecordingLines(".stats on\n.mode line\nselect 1;\n"))
        #expect(console.text == "n = 1\n2 calls, 1 record\n")
    }

    @Test func dataFormatsKeepStatisticsAndTimingsOffStandardOutput() async {
        let backend = FakeBackend { _ in .rows(FakeBackend.rows(["n"], [[.number(1)]], statistics: "2 calls, 1 record")) }
        let clock = FakeClock(step: .milliseconds(1500))
        var shell = shell(backend, now: { clock.next() })
        await shell.run(RecordingLines(".stats on\n.timer on\n.mode csv\nselect 1;\n"))
        #expect(console.text == "n\n1\n")
        #expect(errors.text == "2 calls, 1 record\nTime: 1.500 s\n")
    }

    @Test func cancellingAStatementPrintsCancelledAndGoesOn() async {
        let canceller = StatementCanceller()
        let backend = FakeBackend { statement in
            guard statement.text.contains("slow") else { return .message("next ran") }
            let columns = Columns(["n"])
            // One row, then a wait that only cancellation ends (as an HTTP call would).
            let stream = AsyncThrowingStream<Row, any Error> { continuation in
                continuation.yield(Row(columns: columns, values: [.number(1)]))
                let waiter = Task {
                    do {
                        try await Task.sleep(for: .seconds(60))
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in waiter.cancel() }
            }
            return .rows(ResultStream(columns: columns, rows: stream))
        }
        let pressCtrlC = Task {
            while !canceller.isRunning { try? await Task.sleep(for: .milliseconds(5)) }
            try? await Task.sleep(for: .milliseconds(50))
            canceller.cancelCurrent()
        }
        var shell = shell(backend, canceller: canceller)
        shell.settings.mode = .csv
        let status = await shell.run(RecordingLines("select slow;\nselect next;\n"))
        await pressCtrlC.value
        #expect(errors.text == "cancelled after 1 row\n")
        #expect(console.text == "n\n1\nnext ran\n")
        #expect(status == .ok)
        #expect(!canceller.isRunning)
    }

    @Test func unfinishedLastStatementOfAScriptRuns() async {
        let backend = FakeBackend { _ in .message("ok") }
        var shell = shell(backend)
        await shell.run(RecordingLines("select 1;\nselect 2"))
        #expect(backend.statements == ["select 1;", "select 2"])
    }

    @Test func unfinishedStatementAtCtrlDIsReportedNotRun() async {
        let backend = FakeBackend()
        var shell = shell(backend)
        await shell.run(RecordingLines(inputs: [.line("select x from y where a = (1")]))
        #expect(backend.statements.isEmpty)
        #expect(errors.text == "warning: statement not run: it is missing ')' for the '(' opened at 1:27\n")
    }

    @Test func interactiveSessionEndsZeroAfterErrorsItShowed() async {
        var shell = shell(FakeBackend { _ in throw FakeQueryError(description: "bad") })
        let status = await shell.run(RecordingLines(inputs: [.line("select 1;")], interactive: true))
        #expect(errors.text == "bad\n")
        #expect(status == .ok)
    }

    @Test func ctrlCAtAContinuationPromptDropsThePartialStatement() async {
        let backend = FakeBackend { _ in .message("ok") }
        var shell = shell(backend)
        let lines = RecordingLines(inputs: [.line("select oops"), .interrupted, .line("select 2;")])
        await shell.run(lines)
        #expect(backend.statements == ["select 2;"])
    }

    @Test func historyHoldsWholeStatementsRedacted() async {
        var shell = shell(FakeBackend { _ in .message("ok") })
        let lines = RecordingLines("select a\nfrom b;\n.connect --token pat-na1-12345678-aaaa\n")
        await shell.run(lines)
        #expect(lines.history == ["select a\nfrom b;", ".connect --token <redacted>"])
    }

    @Test func theSessionsTokenIsRedactedByValueWhereverItAppears() async {
        var shell = shell(FakeBackend { _ in .message("ok") })
        let token = "my-portal-token-42"  // no shape a pattern would recognise
        let lines = RecordingLines("select email from contacts where note = 'my-portal-token-42';\n.print my-portal-token-42 is it\n")
        lines.historySecrets = [token]
        await shell.run(lines)
        #expect(lines.history == ["select email from contacts where note = '<redacted>';", ".print <redacted> is it"])
    }

    @Test func aByteOrderMarkBeforeAScriptIsNeitherAnErrorNorAColumn() async throws {
        var shell = shell(FakeBackend { _ in .message("ok") })
        await shell.run(RecordingLines("\u{FEFF}.mode csv\nselect 1;\n"))
        #expect(errors.text.isEmpty)
        #expect(shell.settings.mode == .csv)
        // Through the real session: the diagnostic names the column a person sees.
        let session = Session(connection: try .url("http://127.0.0.1:9", token: "t"))
        var real = Shell(backend: SessionBackend(session: session), environment: .init(console: console, errors: errors))
        let status = await real.run(TextLineSource("\u{FEFF}SELECT # FROM contacts;\n"), sourceName: "bom.hql")
        #expect(status == .queryError)
        #expect(errors.text.hasPrefix("bom.hql:1:8: error: unexpected character '#'\n 1 | SELECT # FROM contacts;\n   |        ^\n"),
                "\(errors.text)")
    }

    @Test func promptsFollowTheStatement() async {
        var shell = shell(FakeBackend { _ in .message("ok") })
        let lines = RecordingLines("select (\n1);\n")
        await shell.run(lines)
        #expect(lines.prompts == ["hql> ", "..(> ", "hql> "])
    }

    @Test func schemaCommandsRunTheStatementsTheyStandFor() async {
        let backend = FakeBackend { _ in .message("ok") }
        var shell = shell(backend)
        await shell.run(RecordingLines(
            ".objects\n.tables\n.schema contacts\n.schema\n.properties contacts 'life%'\n.explain select 1\n.properties order\n"))
        #expect(backend.statements == [
            "SHOW OBJECTS;", "SHOW OBJECTS;", "DESCRIBE contacts;", "SHOW OBJECTS;",
            "SHOW PROPERTIES FROM contacts LIKE 'life%';", "EXPLAIN select 1;", "SHOW PROPERTIES FROM \"order\";",
        ])
    }

    @Test func onceRedirectsOneResultAndOutputRedirectsUntilReset() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hql-shell-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let once = directory.appendingPathComponent("once.csv").path
        let out = directory.appendingPathComponent("out.txt").path
        var shell = shell()
        await shell.run(RecordingLines("""
            .mode csv
            .once \(once)
            select 1;
            select 2;
            .output \(out)
            select 3;
            .print done
            .output
            select 4;
            """))
        #expect(try String(contentsOfFile: once, encoding: .utf8) == "text\nselect 1;\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "text\nselect 3;\ndone\n")
        #expect(console.text == "text\nselect 2;\ntext\nselect 4;\n")
    }

    @Test func readRunsAFileAndItsFailuresCount() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hql-read-\(UUID()).hql").path
        try "select 1;\nselect bad;\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let backend = FakeBackend { statement in
            if statement.text.contains("bad") { throw FakeQueryError(description: "\(statement.sourceName):\(statement.line): bad") }
            return .message("ok")
        }
        var shell = shell(backend)
        let status = await shell.run(RecordingLines(".read \(path)\n.read /nonexistent/x.hql\n"))
        #expect(backend.statements == ["select 1;", "select bad;"])
        #expect(errors.text == "\(path):2: bad\nerror: .read: cannot read '/nonexistent/x.hql'\n")
        #expect(status == .queryError)
    }

    @Test func readRefusesEndlessNesting() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hql-loop-\(UUID()).hql").path
        try ".read \(path)\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var shell = shell()
        await shell.run(RecordingLines(".read \(path)\n"))
        #expect(errors.text.contains("error: .read: nested too deeply (25 files)"))
    }

    @Test func quitStopsReading() async {
        let backend = FakeBackend { _ in .message("ok") }
        var shell = shell(backend)
        await shell.run(RecordingLines("select 1;\n.exit\nselect 2;\n"))
        #expect(backend.statements == ["select 1;"])
    }

    @Test func showPrintsSettingsAsCommands() async {
        var shell = shell()
        await shell.run(RecordingLines(".mode json\n.nullvalue 'n/a'\n.width 10 0 5\n.timer on\n.show\n"))
        #expect(console.text == """
            .bail off
            .echo off
            .headers on
            .mode json
            .nullvalue n/a
            .pager on
            .stats off
            .timer on
            .width 10 0 5
            .output

            """)
    }

    @Test func helpListsEveryCommandAndExplainsOne() async {
        var shell = shell()
        await shell.run(RecordingLines(".help\n"))
        for command in DotCommand.all { #expect(console.text.contains(command.name)) }
        #expect(console.text.contains(".headers on|off"))
        _ = console.take()
        await shell.run(RecordingLines(".help quit\n"))
        #expect(console.text == ".quit   (also .exit, .q)\n    Leave hql\n")
    }

    @Test func dotCommandArgumentErrorsAreReported() async {
        var shell = shell()
        await shell.run(RecordingLines(".headers maybe\n.timer\n.width x\n"))
        #expect(errors.text == """
            error: .headers: expected on or off, found 'maybe'
            error: .timer: missing on|off
            error: .width: 'x' is not a width

            """)
    }

    @Test func refreshAndConnectTellTheCompletionCache() async {
        let changes = Counter()
        var shell = Shell(backend: FakeBackend(), environment: .init(console: console, errors: errors,
                                                                    schemaChanged: { changes.increment() }))
        await shell.run(RecordingLines(".refresh\n.connect --portal 42\n"))
        #expect(console.text == "schema reloaded\nconnected to --portal 42\n")
        #expect(changes.value == 2)
    }

    @Test func dotArgumentsSplitLikeTheSqliteShell() {
        let arguments = DotArguments(".print 'it''s' \"two words\"  x")
        #expect(arguments.name == ".print")
        #expect(arguments.words == ["it's", "two words", "x"])
        #expect(arguments.rest == "'it''s' \"two words\"  x")
    }

    @Test func interruptSignalReachesItsHandler() async {
        let counter = Counter()
        let interrupts = InterruptSignal(signal: SIGUSR1) { counter.increment() }
        // Caught from the moment the initialiser returns: libdispatch installs its handler
        // asynchronously, and a signal ignored meanwhile could be saved and restored as ignored
        // (libedit does, around each prompt), so the first one sent here must arrive. It goes to
        // the process, as a terminal's does: `raise` would target this cooperative thread, which
        // blocks signals, and stay pending there.
        kill(getpid(), SIGUSR1)
        for _ in 0..<400 where counter.value == 0 { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(counter.value == 1)
        // A newer handler takes over; stopping it hands the signal back.
        let newer = Counter()
        let second = InterruptSignal(signal: SIGUSR1) { newer.increment() }
        kill(getpid(), SIGUSR1)
        for _ in 0..<200 where newer.value == 0 { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(newer.value == 1)
        second.stop()
        let before = counter.value
        kill(getpid(), SIGUSR1)
        for _ in 0..<200 where counter.value == before { try? await Task.sleep(for: .milliseconds(5)) }
        #expect(counter.value == before + 1)
        interrupts.stop()
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant = ContinuousClock.now
    private let step: Duration
    init(step: Duration) { self.step = step }
    func next() -> ContinuousClock.Instant {
        lock.withLock {
            instant = instant.advanced(by: step)
            return instant
        }
    }
}
