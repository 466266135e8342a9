import Foundation
import HQL

extension Shell {
    /// What running one statement came to.
    struct Execution: Sendable {
        var rows = 0
        /// Whether rows had started to arrive (so a failure is "after N rows").
        var streamed = false
        var message: String?
        var statistics: String?
        var warnings: [String] = []
        var failure: (any Error)?
        var cancelled = false
    }

    /// Runs one statement and renders its result; false when it failed or was cancelled.
    ///
    /// The statement runs in its own task, registered with the environment's
    /// ``StatementCanceller`` so Ctrl-C cancels just it; the shell then prints `cancelled` and
    /// reads on.
    @discardableResult
    public mutating func execute(_ statement: ShellStatement) async -> Bool {
        if settings.echo { currentSink.write(statement.text + "\n") }
        var pager: PagerSink?
        if once == nil, isConsoleOutput, settings.pager, environment.consoleIsTerminal, let command = environment.pagerCommand,
           let height = environment.terminalHeight() {
            pager = PagerSink(inner: environment.console, height: height, command: command)
        }
        let sink: any TextSink = pager ?? currentSink
        let options = renderOptions(toConsole: once == nil && isConsoleOutput)
        let backend = self.backend
        let start = environment.now()
        let task = Task { await Self.perform(statement, backend: backend, options: options, sink: sink) }
        environment.canceller.begin { task.cancel() }
        let execution = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        environment.canceller.end()
        // The result is whole: show it (or wait for the pager to quit) before the messages.
        pager?.finish()
        let elapsed = environment.now() - start
        let succeeded = finish(execution, elapsed: elapsed)
        sink.flush()
        // `.once` lasts one statement.
        once = nil
        return succeeded
    }

    /// Prints what follows a result: the message, errors, statistics and time.
    private mutating func finish(_ execution: Execution, elapsed: Duration) -> Bool {
        var succeeded = true
        if execution.cancelled {
            report(execution.streamed ? "cancelled after \(execution.rows.grouped) \(Self.rows(execution.rows))" : "cancelled")
            succeeded = false
        } else if let failure = execution.failure {
            fail(failure, prefix: execution.streamed ? "error after \(execution.rows.grouped) \(Self.rows(execution.rows)): " : "")
            succeeded = false
        } else if let message = execution.message {
            currentSink.write(message + "\n")
        }
        // Data formats keep standard output for the rows (`hql --format csv --stats … > out.csv`).
        let notes = settings.mode.isData ? environment.errors : environment.console
        for warning in execution.warnings { environment.errors.write("warning: \(warning)\n") }
        if settings.stats, let statistics = execution.statistics {
            notes.write(statistics.hasSuffix("\n") ? statistics : statistics + "\n")
        }
        if settings.timer { notes.write("Time: \(Self.format(elapsed))\n") }
        environment.console.flush()
        return succeeded
    }

    /// Runs a statement to the end of its rows. Never throws: every outcome is an ``Execution``.
    private static func perform(_ statement: ShellStatement, backend: any ShellBackend, options: RenderOptions,
                                sink: any TextSink) async -> Execution {
        var execution = Execution()
        let outcome: StatementOutcome
        do {
            outcome = try await backend.run(statement)
        } catch {
            execution.cancelled = Task.isCancelled || error is CancellationError
            execution.failure = error
            return execution
        }
        switch outcome {
        case .message(let message):
            execution.message = message
        case .rows(let stream):
            var renderer = Renderers.make(options, sink: sink)
            renderer.begin(stream.columns)
            execution.streamed = true
            do {
                for try await row in stream.rows {
                    // A backend that ignores cancellation still stops here, between rows.
                    try Task.checkCancellation()
                    renderer.row(row)
                    execution.rows += 1
                }
                // A cancelled stream just ends (AsyncStream returns nil): do not call it complete.
                try Task.checkCancellation()
                renderer.finish(complete: true)
                execution.statistics = stream.statistics()
                execution.warnings = stream.warnings()
            } catch {
                renderer.finish(complete: false)
                execution.cancelled = Task.isCancelled || error is CancellationError
                execution.failure = error
                execution.statistics = stream.statistics()
                execution.warnings = stream.warnings()
            }
        }
        return execution
    }

    /// Whether results go to standard output.
    var isConsoleOutput: Bool {
        if case .console = output { return true }
        return false
    }

    /// The renderer options for the current settings; colours and width only on a terminal.
    func renderOptions(toConsole: Bool) -> RenderOptions {
        let terminal = toConsole && environment.consoleIsTerminal
        return RenderOptions(mode: settings.mode, headers: settings.headers, nullText: settings.nullText,
                             colors: terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                             maxWidth: terminal ? environment.terminalWidth() : nil,
                             columnWidths: settings.columnWidths)
    }

    static func rows(_ count: Int) -> String { count == 1 ? "row" : "rows" }

    /// `12.345 ms` under a second, `1.234 s` above.
    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 1 { return String(format: "%.3f ms", seconds * 1000) }
        return String(format: "%.3f s", seconds)
    }
}
