import ArgumentParser
import Foundation
import HQLShell

@main
struct HQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hql",
        abstract: "HQL: SQL for the HubSpot CRM.",
        discussion: """
            Available now: `hql fmt` (canonical formatting and syntax checking) and `hql explain --demo` \
            (the HubSpot calls a SELECT compiles to). Running queries, the REPL and scripts arrive \
            with the executor and shell issues.
            """,
        subcommands: [FormatCommand.self, ExplainCommand.self, ShellPreviewCommand.self]
    )
}

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print the canonical form of each statement; exit 65 with diagnostics on a syntax error.",
        discussion: "Reads standard input when no file is named."
    )

    @Flag(name: .long, help: "Print each statement on one line instead of one clause per line.")
    var compact = false

    @Argument(help: "HQL scripts to format.")
    var files: [String] = []

    func run() throws {
        var inputs: [ScriptFormatter.Input] = []
        if files.isEmpty {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            inputs.append(.init(name: "<stdin>", bytes: Array(data)))
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("hql fmt: cannot read '\(file)'\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            inputs.append(.init(name: file, bytes: Array(data)))
        }
        let colors = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let outcome = ScriptFormatter(pretty: !compact, colors: colors).run(inputs)
        FileHandle.standardOutput.write(Data(outcome.standardOutput.utf8))
        FileHandle.standardError.write(Data(outcome.standardError.utf8))
        if outcome.status != .ok { throw ExitCode(outcome.status.rawValue) }
    }
}
