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
        var environment = Shell.Environment(
            console: FileSink.standardOutput(), errors: FileSink.standardError(),
            consoleIsTerminal: isatty(STDOUT_FILENO) == 1 && output == nil, terminalWidth: { Terminal.width() },
            canceller: canceller, schemaChanged: { catalog.invalidate() })
        if interactive {
            environment.terminalHeight = { Terminal.height() }
            environment.pagerCommand = PagerSink.command()
        }
        var shell = Shell(backend: backend, environment: environment, settings: settings)
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

