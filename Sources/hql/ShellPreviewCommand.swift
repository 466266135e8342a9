import ArgumentParser
import Foundation
import HQL
import HQLShell

/// `hql shell-preview` (hidden): the real shell, line editor and Ctrl-C handling over a stand-in
/// backend, to try the REPL by hand until the executor lands. It is also the wiring the real
/// REPL needs: swap ``PreviewBackend`` for the session-backed one.
struct ShellPreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell-preview",
        abstract: "Try the REPL over a stand-in backend (each statement echoes back; 'sleep' streams until Ctrl-C).",
        shouldDisplay: false
    )

    func run() async throws {
        let backend = PreviewBackend()
        let status = await Self.runShell(backend: backend)
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Runs the interactive or piped shell over `backend` with the terminal's settings.
    static func runShell(backend: any ShellBackend) async -> ExitStatus {
        let catalog = BackendCatalog(backend: backend)
        let engine = CompletionEngine(catalog: catalog, dotCommands: DotCommand.completions)
        let source = Terminal.lineSource { engine.complete($0) }
        let canceller = StatementCanceller()
        let interactive = source.isInteractive
        // Ctrl-C while a statement runs cancels it; with nothing running, a script stops (130,
        // as a shell reports SIGINT) and the REPL ignores it.
        let interrupts = InterruptSignal {
            if !canceller.cancelCurrent(), !interactive { Foundation.exit(130) }
        }
        defer { interrupts.stop() }
        let console = FileSink.standardOutput()
        var shell = Shell(backend: backend, environment: .init(
            console: console, errors: FileSink.standardError(),
            consoleIsTerminal: isatty(STDOUT_FILENO) == 1, terminalWidth: { Terminal.width() },
            canceller: canceller, schemaChanged: { catalog.invalidate() }))
        // Piped output gets sqlite3's `list` mode; a terminal gets the box table.
        if isatty(STDOUT_FILENO) != 1 { shell.settings.mode = .list }
        return await shell.run(source)
    }
}

/// Echoes each statement back as a one-row result; `sleep` streams a row a second until
/// cancelled; `fail` fails after two rows. Knows two objects for completion.
struct PreviewBackend: ShellBackend {
    func run(_ statement: ShellStatement) async throws -> StatementOutcome {
        let columns = Columns(["statement", "line", "words"])
        let words = Language.words(in: statement.text).count
        let text = statement.text.lowercased()
        let stream = AsyncThrowingStream<Row, any Error> { continuation in
            let producer = Task {
                if text.contains("sleep") {
                    var tick = 0
                    while !Task.isCancelled {
                        continuation.yield(Row(columns: columns, values: [.string("tick"), .number(Double(tick)), .null]))
                        tick += 1
                        try? await Task.sleep(for: .seconds(1))
                    }
                    continuation.finish(throwing: CancellationError())
                    return
                }
                continuation.yield(Row(columns: columns, values: [
                    .string(statement.text), .number(Double(statement.line)), .number(Double(words)),
                ]))
                if text.contains("fail") {
                    continuation.yield(Row(columns: columns, values: [.string("second"), .null, .null]))
                    continuation.finish(throwing: PreviewError())
                } else {
                    continuation.finish()
                }
            }
            continuation.onTermination = { _ in producer.cancel() }
        }
        return .rows(ResultStream(columns: columns, rows: stream, statistics: { "1 call (preview)" }))
    }

    func objectNames() async throws -> [String] { ["companies", "contacts", "deals"] }

    func propertyNames(of object: String) async throws -> [String] {
        switch object.lowercased() {
        case "contacts", "contact": ["email", "firstname", "lastname", "lifecyclestage", "createdate"]
        case "companies", "company": ["domain", "industry", "name", "numberofemployees"]
        case "deals", "deal": ["amount", "dealname", "dealstage", "closedate"]
        default: []
        }
    }

    func refresh() async throws -> String? { "nothing to refresh in the preview" }
    func connect(_ arguments: [String]) async throws -> String { "the preview cannot connect" }
}

struct PreviewError: Error, CustomStringConvertible {
    var description: String { "the preview backend failed on purpose" }
}
