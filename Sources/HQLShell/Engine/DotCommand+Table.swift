import Foundation

extension DotCommand {
    /// Every dot-command, in `.help` order (alphabetical, as in the sqlite3 shell).
    public static let all: [DotCommand] = [
        DotCommand(".bail", usage: "on|off", "Stop at the first error (off by default)",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.bail = try arguments.flag()
        },
        DotCommand(".cd", usage: "DIRECTORY", "Change the working directory") { _, arguments in
            let path = try arguments.required(0, "directory")
            guard FileManager.default.changeCurrentDirectoryPath((path as NSString).expandingTildeInPath) else {
                throw ShellError(".cd: cannot change to '\(path)'")
            }
        },
        DotCommand(".connect", usage: "ARGUMENTS…", "Connect to another portal",
                   details: "The arguments are the connection options of the hql command line.") { shell, arguments in
            let message = try await shell.backend.connect(arguments.words)
            shell.environment.schemaChanged()
            shell.currentSink.write(message + "\n")
        },
        DotCommand(".echo", usage: "on|off", "Print each statement before running it",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.echo = try arguments.flag()
        },
        DotCommand(".explain", usage: "STATEMENT", "Show the HubSpot calls a statement makes, without running it",
                   details: "The same as EXPLAIN STATEMENT;") { shell, arguments in
            guard !arguments.rest.isEmpty else { throw ShellError(".explain: missing statement") }
            var text = arguments.rest
            if !text.hasSuffix(";") { text += ";" }
            try await shell.runInternal("EXPLAIN " + text)
        },
        DotCommand(".headers", usage: "on|off", "Print column names above results",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.headers = try arguments.flag()
        },
        DotCommand(".pager", usage: "on|off", "Page results taller than the terminal ($HQL_PAGER, $PAGER, else less -FRSX)",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.pager = try arguments.flag()
        },
        DotCommand(".help", usage: "[COMMAND]", "Show this list, or one command's help") { shell, arguments in
            guard let name = arguments.words.first else {
                shell.environment.console.write(DotCommand.helpText())
                return
            }
            let dotted = name.hasPrefix(".") ? name : "." + name
            guard let command = DotCommand.named(dotted) else { throw ShellError(".help: no command '\(dotted)'") }
            shell.environment.console.write(command.helpText())
        },
        DotCommand(".mode", usage: "[MODE]", "Set the output format, or show it",
                   details: "Modes: " + OutputMode.allCases.map(\.rawValue).joined(separator: ", ")
                       + ".\nAlso: jsonl (ndjson), md (markdown), tsv (tabs), vertical (line).",
                   completion: .choices(OutputMode.allCases.map(\.rawValue))) { shell, arguments in
            try arguments.noMoreThan(1)
            guard let name = arguments.words.first else {
                shell.environment.console.write(".mode \(shell.settings.mode.rawValue)\n")
                return
            }
            guard let mode = OutputMode(named: name) else {
                let names = OutputMode.allCases.map(\.rawValue) + OutputMode.aliases.keys.sorted()
                var message = ".mode: unknown mode '\(name)'"
                if let close = Shell.didYouMean(name, among: names) { message += "; did you mean '\(close)'?" }
                throw ShellError(message + " (modes: \(OutputMode.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            shell.settings.mode = mode
        },
        DotCommand(".nullvalue", usage: "[TEXT]", "Print NULL as TEXT (no TEXT: the mode's default)") { shell, arguments in
            try arguments.noMoreThan(1)
            shell.settings.nullText = arguments.words.first
        },
        DotCommand(".objects", aliases: [".tables"], "List the CRM's objects (SHOW OBJECTS)") { shell, arguments in
            try arguments.noMoreThan(0)
            try await shell.runInternal("SHOW OBJECTS;")
        },
        DotCommand(".once", usage: "FILE", "Send the next result to FILE") { shell, arguments in
            let path = try arguments.required(0, "file name")
            shell.once = (path, try FileSink.create(path: (path as NSString).expandingTildeInPath))
        },
        DotCommand(".output", usage: "[FILE]", "Send results to FILE, or back to standard output") { shell, arguments in
            try arguments.noMoreThan(1)
            if case .file(_, let sink) = shell.output { sink.flush() }
            guard let path = arguments.words.first, path != "stdout", path != "-" else {
                shell.output = .console
                return
            }
            shell.output = .file(path: path, sink: try FileSink.create(path: (path as NSString).expandingTildeInPath))
        },
        DotCommand(".print", usage: "TEXT…", "Print TEXT") { shell, arguments in
            shell.currentSink.write(arguments.words.joined(separator: " ") + "\n")
        },
        DotCommand(".properties", usage: "OBJECT [PATTERN]", "List an object's properties, optionally LIKE PATTERN",
                   details: "The same as SHOW PROPERTIES FROM OBJECT [LIKE 'PATTERN'];",
                   completion: .objectName) { shell, arguments in
            try arguments.noMoreThan(2)
            let object = try arguments.required(0, "object name")
            var text = "SHOW PROPERTIES FROM \(CompletionEngine.quotedIfNeeded(object))"
            if arguments.words.count > 1 { text += " LIKE '\(arguments.words[1].replacingOccurrences(of: "'", with: "''"))'" }
            try await shell.runInternal(text + ";")
        },
        DotCommand(".quit", aliases: [".exit", ".q"], "Leave hql") { shell, arguments in
            try arguments.noMoreThan(0)
            shell.quitRequested = true
        },
        DotCommand(".read", usage: "FILE", "Run the statements and commands in FILE") { shell, arguments in
            try arguments.noMoreThan(1)
            let path = try arguments.required(0, "file name")
            try await shell.read(path)
        },
        DotCommand(".refresh", "Reload the schema (objects, properties, owners)") { shell, arguments in
            try arguments.noMoreThan(0)
            let message = try await shell.backend.refresh()
            shell.environment.schemaChanged()
            if let message { shell.environment.console.write(message + "\n") }
        },
        DotCommand(".schema", usage: "[OBJECT]", "Describe an object, or list the objects",
                   details: "The same as DESCRIBE OBJECT; (SHOW OBJECTS; without OBJECT).",
                   completion: .objectName) { shell, arguments in
            try arguments.noMoreThan(1)
            guard let object = arguments.words.first else {
                try await shell.runInternal("SHOW OBJECTS;")
                return
            }
            try await shell.runInternal("DESCRIBE \(CompletionEngine.quotedIfNeeded(object));")
        },
        DotCommand(".show", "Show the current settings") { shell, arguments in
            try arguments.noMoreThan(0)
            var lines = shell.settings.asCommands
            switch shell.output {
            case .console: lines.append(".output")
            case .file(let path, _): lines.append(".output \(DotArguments.quoted(path))")
            }
            shell.environment.console.write(lines.joined(separator: "\n") + "\n")
        },
        DotCommand(".stats", usage: "on|off", "Print statistics (HubSpot calls, records) after each result",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.stats = try arguments.flag()
        },
        DotCommand(".timer", usage: "on|off", "Print how long each statement took",
                   completion: .choices(["on", "off"])) { shell, arguments in
            shell.settings.timer = try arguments.flag()
        },
        DotCommand(".width", usage: "[N…]", "Limit table columns to N characters each (0: automatic)") { shell, arguments in
            shell.settings.columnWidths = try arguments.words.map { word in
                guard let width = Int(word), width >= 0 else { throw ShellError(".width: '\(word)' is not a width") }
                return width
            }
        },
    ]
}

extension Shell {
    /// Runs a statement a dot-command stands for; throws nothing extra (the statement's own
    /// failure is reported and counted by ``execute(_:)``), but rethrows as a marker so the
    /// dot-command counts as failed for `.bail`.
    mutating func runInternal(_ text: String) async throws {
        let succeeded = await execute(ShellStatement(text: text, sourceName: "<command>"))
        if !succeeded { throw AlreadyReported() }
    }

    /// `.read FILE`.
    mutating func read(_ path: String) async throws {
        guard readDepth < Self.maximumReadDepth else { throw ShellError(".read: nested too deeply (\(Self.maximumReadDepth) files)") }
        let expanded = (path as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded) else { throw ShellError(".read: cannot read '\(path)'") }
        guard let text = String(data: data, encoding: .utf8) else { throw ShellError(".read: '\(path)' is not UTF-8 text") }
        readDepth += 1
        defer { readDepth -= 1 }
        let before = failures
        _ = await run(TextLineSource(text), sourceName: path)
        if failures != before { throw AlreadyReported() }
    }
}

/// A failure already printed: the dot-command fails (for `.bail`) without printing again.
struct AlreadyReported: Error, CustomStringConvertible {
    var description: String { "" }
}
