import ArgumentParser
import Foundation
import HQL
import HQLShell

@main
struct HQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hql",
        abstract: "HQL: SQL for the HubSpot CRM.",
        discussion: """
            With no file and no -c, reads statements from standard input; on a terminal that is the \
            REPL (type .help). Connection: --token or HUBSPOT_ACCESS_TOKEN for HubSpot (HTTPS), \
            --base-url for another endpoint such as hubspot-sandbox, --demo for the built-in demo CRM. \
            The REPL without credentials opens the demo CRM; scripts and -c need one of them.
            """,
        subcommands: [FormatCommand.self, ExplainCommand.self, UndoCommand.self, JournalCommand.self]
    )

    /// ArgumentParser reads a command's positional arguments before its subcommand names, so
    /// `hql explain …` would take `explain` for a script to run: a first argument that names a
    /// subcommand is parsed by a root that has no positional arguments.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0.configuration.commandName }
        if let first = arguments.first, names.contains(first) {
            await Subcommands.main(arguments)
        } else {
            await main(arguments)
        }
    }

    /// `hql fmt`, `hql explain`, `hql undo`, `hql journal`.
    struct Subcommands: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hql", subcommands: HQLCommand.configuration.subcommands)
    }

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var writes: WriteFlags

    @Option(name: .long, help: "table (box), csv, json, ndjson, line, markdown, list, tabs.")
    var format: String?

    @Option(name: [.short, .long], help: "Write results to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Print request statistics after each statement.")
    var stats = false

    @Flag(name: .long, help: "Stop a script at the first error.")
    var bail = false

    // Unconditional: a statement may start with `-` (`-- note` on its first line), which
    // ArgumentParser would otherwise take for the next option and report -c's value missing.
    @Option(name: .short, parsing: .unconditionalSingleValue, help: "Run this statement (or several, separated by ';') and exit.")
    var command: [String] = []

    @Argument(help: "HQL scripts to run, in order.")
    var files: [String] = []

    @Option(name: .long, help: "A profile of the configuration file ($XDG_CONFIG_HOME/hql/config).")
    var profile: String?

    func run() async throws {
        let interactive = files.isEmpty && command.isEmpty && isatty(STDIN_FILENO) == 1
        // The configuration file supplies what the command line leaves out.
        let config = try loadConfig()
        var connection = self.connection
        connection.apply(config)
        let format = self.format ?? config["format"]
        let stats = self.stats || config["stats"] == "true"
        let session: Session
        do {
            guard let chosen = try connection.session(allowDemoFallback: interactive) else {
                FileHandle.standardError.write(Data("""
                    hql: no connection: pass --token (or set HUBSPOT_ACCESS_TOKEN), --base-url URL, or --demo
                    (scripts and -c never fall back to demo data silently)\n
                    """.utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            session = chosen
        } catch let error as ExecutionError {
            FileHandle.standardError.write(Data("hql: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        writes.apply(to: session, interactive: interactive)
        // The history masks the tokens by exact value (the REPL's line editor reads them here).
        SessionSecrets.shared.add(connection.resolvedToken)
        let progress = ProgressLine.make { Terminal.width() }
        let connector: @Sendable ([String]) async throws -> (Session, String) = { arguments in
            let options = try ConnectionOptions.parse(arguments)
            SessionSecrets.shared.add(options.resolvedToken)
            guard let session = try options.session(allowDemoFallback: false) else {
                throw ShellError(".connect needs --token T, --base-url URL or --demo")
            }
            return (session, "connected to \(session.endpoint)")
        }
        var report: (@Sendable (ExecutionStatistics?) -> Void)?
        if let progress {
            report = { statistics in
                if let statistics { progress.update(statistics) } else { progress.clear() }
            }
        }
        let backend = SessionBackend(session: session, connector: connector, progress: report)
        var settings = ShellSettings()
        if isatty(STDOUT_FILENO) != 1 || output != nil { settings.mode = .list }
        if let format {
            guard let mode = OutputMode(named: format == "table" ? "box" : format) else {
                FileHandle.standardError.write(Data("hql: unknown --format '\(format)'\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            settings.mode = mode
        } else if output != nil {
            settings.mode = .csv
        }
        settings.stats = stats
        settings.bail = bail
        if interactive {
            FileHandle.standardError.write(Data("hql 0.1 — connected to \(session.endpoint). Type .help for help, Ctrl-D to quit.\n".utf8))
            if connection.isDemo || !connection.hasCredentials {
                FileHandle.standardError.write(Data("This is the built-in demo CRM: generated data, no HubSpot account involved.\n".utf8))
            }
        }
        let status = await ShellRunner.run(backend: backend, settings: settings, output: output, commands: command,
                                           files: files, progress: progress)
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

extension HQLCommand {
    /// The settings of the configuration file (and `--profile`), or none when there is no file.
    func loadConfig() throws -> [String: String] {
        let path = ConfigFile.defaultPath()
        guard let data = FileManager.default.contents(atPath: path) else {
            if let profile {
                FileHandle.standardError.write(Data("hql: no profile '\(profile)': \(path) does not exist\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            return [:]
        }
        let file = ConfigFile(String(decoding: data, as: UTF8.self), path: path)
        for problem in file.problems { FileHandle.standardError.write(Data("hql: \(problem)\n".utf8)) }
        guard let settings = file.settings(profile: profile) else {
            FileHandle.standardError.write(Data("hql: no profile '\(profile ?? "")' in \(path)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return settings
    }
}

/// How `hql` connects: the same flags on the command line and after `.connect`.
struct ConnectionOptions: ParsableArguments {
    @Flag(name: .long, help: "Use the built-in demo CRM (deterministic generated data).")
    var demo = false

    @Option(name: .long, help: "HubSpot private-app or OAuth access token (default: $HUBSPOT_ACCESS_TOKEN). Never printed.")
    var token: String?

    @Option(name: .long, help: "Another endpoint speaking HubSpot's API (https, or http on loopback only).")
    var baseURL: String?

    @Option(name: .long, help: "Time zone for relative dates (default: UTC).")
    var timezone: String?

    @Option(name: .customLong("search-rate"), help: "Searches per second the portal allows (HubSpot: 5).")
    var searchRate: Int?

    @Option(name: .customLong("rate-limit"), help: "Other requests per 10 seconds (HubSpot: 100, 110 or 190 by tier; read from the response headers when present).")
    var rateLimit: Int?

    @Option(name: .long, help: "Stop a statement after this many seconds (default: no limit; SET statement_timeout too).")
    var timeout: Double?

    @Option(name: .customLong("daily-limit"), help: "The portal's daily request allowance when HubSpot's headers do not say (250000, 625000, 1000000).")
    var dailyLimit: Int?

    @Flag(name: .customLong("refresh-schema"), help: "Read the schema from HubSpot, not from the cache ($XDG_CACHE_HOME/hql/schema, kept a day).")
    var refreshSchema = false

    /// The connection these options name, as the shell engine knows it.
    var settings: ConnectionSettings {
        ConnectionSettings(demo: demo, token: token, baseURL: baseURL, timezone: timezone, searchRate: searchRate,
                           rateLimit: rateLimit, timeout: timeout, refreshSchema: refreshSchema, dailyLimit: dailyLimit)
    }

    var isDemo: Bool { demo }

    /// Fills what the command line left out from the configuration file's settings.
    mutating func apply(_ config: [String: String]) {
        var merged = settings
        merged.apply(config)
        (demo, token, baseURL, timezone) = (merged.demo, merged.token, merged.baseURL, merged.timezone)
        (searchRate, rateLimit, timeout, dailyLimit) = (merged.searchRate, merged.rateLimit, merged.timeout, merged.dailyLimit)
    }
    var resolvedToken: String? { settings.resolvedToken }
    var hasCredentials: Bool { settings.hasCredentials }

    /// The session these options name; nil when they name none (and the demo is not allowed).
    func session(allowDemoFallback: Bool) throws -> Session? {
        try settings.session(allowDemoFallback: allowDemoFallback)
    }
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
