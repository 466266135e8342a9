import Foundation
import HQL
import HQLShell

/// Runs `hql`'s statements (-c, files, standard input or the REPL) through the shell engine.
enum ShellRunner {
    static func run(backend: SessionBackend, settings: ShellSettings, output: String?, commands: [String],
                    files: [String], progress: ProgressLine?) async -> ExitStatus {
        let catalog = BackendCatalog(backend: backend)
        let engine = CompletionEngine(catalog: catalog, dotCommands: DotCommand.completions)
        let canceller = StatementCanceller()
        let interactive = commands.isEmpty && files.isEmpty && isatty(STDIN_FILENO) == 1
        // Ctrl-C while a statement runs cancels it (its requests too); with nothing running, a
        // script stops with 130 (as a shell reports SIGINT) and the REPL ignores it.
        let interrupts = InterruptSignal {
            progress?.clear()
            if !canceller.cancelCurrent(), !interactive { Foundation.exit(130) }
        }
        defer { interrupts.stop() }
        var shell = Shell(backend: backend, environment: .init(
            console: FileSink.standardOutput(), errors: FileSink.standardError(),
            consoleIsTerminal: isatty(STDOUT_FILENO) == 1 && output == nil, terminalWidth: { Terminal.width() },
            canceller: canceller, schemaChanged: { catalog.invalidate() }), settings: settings)
        if let output {
            guard await shell.runDotCommand(".output \(output)") else { return .usage }
        }
        if !commands.isEmpty || !files.isEmpty {
            for command in commands {
                _ = await shell.run(TextLineSource(command), sourceName: "<command>")
                if settings.bail, shell.status != .ok { return shell.status }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("hql: cannot read '\(file)'\n".utf8))
                    return .usage
                }
                _ = await shell.run(TextLineSource(String(decoding: data, as: UTF8.self)), sourceName: file)
                if settings.bail, shell.status != .ok { return shell.status }
            }
            return shell.status
        }
        let source = Terminal.lineSource { engine.complete($0) }
        return await shell.run(source, sourceName: interactive ? "<stdin>" : "<stdin>")
    }
}

/// A progress line on standard error while a long query streams (rows so far of the expected
/// total, requests, windows, 429 waits), cleared when the result prints. Only on a terminal,
/// and only after the query has run for a second, so short queries never flicker.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var started: Date?
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var waiting: String?
    private var waitingSince = Date()

    static func make() -> ProgressLine? {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["HQL_NO_PROGRESS"] == nil ? ProgressLine() : nil
    }

    func update(_ statistics: ExecutionStatistics) {
        lock.withLock {
            let now = Date()
            guard let started else {
                self.started = now
                return
            }
            guard now.timeIntervalSince(started) > 1, now.timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = now
            drawn = true
            let rows = statistics.records.formatted()
            let expected = statistics.expectedRecords.map { " / \($0.formatted())" } ?? ""
            var text = "\r\u{1B}[2K… \(rows)\(expected) records · \(statistics.totalRequests) requests · \(statistics.windows) windows · \(statistics.rateLimited) × 429"
            // What it waits for, once that has lasted a second (every request waits a little).
            if let waiting = statistics.waitingFor {
                if waiting != self.waiting { (self.waiting, waitingSince) = (waiting, now) }
                let seconds = Int(now.timeIntervalSince(waitingSince))
                if seconds >= 1 { text += " · waiting \(seconds) s for \(waiting)" }
            } else {
                self.waiting = nil
            }
            // "\r\u{1B}[2K" is 5 characters that take no column; one line, or \r clears only the last.
            if let columns = Terminal.width(), columns > 10, text.count > columns + 4 { text = String(text.prefix(columns + 4)) + "…" }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    func clear() {
        lock.withLock {
            started = nil
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            drawn = false
        }
    }
}
