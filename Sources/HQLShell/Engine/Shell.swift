import Foundation
import HQL

/// The REPL engine with no terminal in it: reads lines from a ``LineSource``, gathers them into
/// statements (``StatementReader``), runs dot-commands and statements through a
/// ``ShellBackend``, and renders results in the current mode to the current output.
///
/// ```swift
/// var shell = Shell(backend: backend, environment: .standard(canceller: canceller))
/// let status = await shell.run(LineEditor(...), sourceName: "<stdin>")
/// ```
///
/// The exit status is the first failure's (65 for a query error unless the error says otherwise
/// through ``ExitStatusReporting``), kept even when later statements succeed, as the sqlite3
/// shell does; an interactive session returns 0, as psql's does. `.quit`/`.exit` end the loop
/// early.
public struct Shell {
    /// Where the shell writes and what it knows about the terminal.
    public struct Environment: Sendable {
        /// Standard output: results (unless `.output` redirects them), messages, `.timer`.
        public var console: any TextSink
        /// Standard error: errors and warnings.
        public var errors: any TextSink
        /// Whether `console` is a terminal: colours and fitting the width apply only then.
        public var consoleIsTerminal: Bool
        /// The terminal's width now (asked before each result, so resizing works).
        public var terminalWidth: @Sendable () -> Int?
        /// A monotonic clock for `.timer`.
        public var now: @Sendable () -> ContinuousClock.Instant
        /// Registers each running statement so Ctrl-C can cancel it.
        public var canceller: StatementCanceller
        /// Called after `.refresh` and `.connect` (the CLI clears its completion cache).
        public var schemaChanged: @Sendable () -> Void
        /// The terminal's height now (results taller than it are paged).
        public var terminalHeight: @Sendable () -> Int? = { nil }
        /// The pager command (``PagerSink/command(environment:)``), nil for none: set only for
        /// an interactive session on a terminal.
        public var pagerCommand: String? = nil

        /// An environment; the defaults suit tests (no terminal, real clock).
        public init(console: any TextSink, errors: any TextSink, consoleIsTerminal: Bool = false,
                    terminalWidth: @escaping @Sendable () -> Int? = { nil },
                    now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                    canceller: StatementCanceller = StatementCanceller(),
                    schemaChanged: @escaping @Sendable () -> Void = {}) {
            self.console = console
            self.errors = errors
            self.consoleIsTerminal = consoleIsTerminal
            self.terminalWidth = terminalWidth
            self.now = now
            self.canceller = canceller
            self.schemaChanged = schemaChanged
        }
    }

    /// Where results go.
    enum Output {
        case console
        case file(path: String, sink: FileSink)
    }

    /// The settings dot-commands change.
    public var settings: ShellSettings
    /// The status so far: the first failure's, or ok.
    public private(set) var status: ExitStatus = .ok
    /// How many failures were reported (`.read` tells its own from it).
    public private(set) var failures = 0
    let backend: any ShellBackend
    let environment: Environment
    var output: Output = .console
    /// `.once FILE`: the output of the next statement only.
    var once: (path: String, sink: FileSink)?
    /// Set by `.quit`/`.exit`; also ends the scripts `.read` is in.
    var quitRequested = false
    /// `.read` nesting, capped as the sqlite3 shell caps it.
    var readDepth = 0
    static let maximumReadDepth = 25

    /// A shell over `backend`.
    public init(backend: any ShellBackend, environment: Environment, settings: ShellSettings = ShellSettings()) {
        self.backend = backend
        self.environment = environment
        self.settings = settings
    }

    /// Reads and runs everything from `source` until its end, `.quit`, or (with `.bail on`) the
    /// first error. Returns the exit status.
    @discardableResult
    public mutating func run(_ source: any LineSource, sourceName: String = "<stdin>") async -> ExitStatus {
        var reader = StatementReader(sourceName: sourceName)
        reading: while !quitRequested {
            environment.console.flush()
            switch await source.readLine(prompt: reader.prompt, pending: reader.pending) {
            case .interrupted:
                reader.discard()
            case .end:
                if let (statement, missing) = reader.finish() {
                    if source.isInteractive {
                        let what = missing.map(Self.describe) ?? "';'"
                        report("warning: statement not run: it is missing \(what)\n")
                    } else {
                        // The last statement of a script may omit its `;`; an unclosed quote or
                        // parenthesis is then the parser's to report, with its line.
                        source.remember(HistoryRedactor.redact(statement.text, secrets: source.historySecrets))
                        _ = await execute(statement)
                    }
                }
                break reading
            case .line(let line):
                for item in reader.feed(line) {
                    let succeeded: Bool
                    switch item {
                    case .statement(let statement):
                        source.remember(HistoryRedactor.redact(statement.text, secrets: source.historySecrets))
                        succeeded = await execute(statement)
                    case .dotCommand(let command, _):
                        source.remember(HistoryRedactor.redact(command, secrets: source.historySecrets))
                        succeeded = await runDotCommand(command)
                    }
                    if quitRequested || (!succeeded && settings.bail) { break reading }
                }
            }
        }
        environment.console.flush()
        if case .file(_, let sink) = output { sink.flush() }
        // As psql: a person saw each error as it happened, so an interactive session ends 0.
        return source.isInteractive && readDepth == 0 ? .ok : status
    }

    /// Runs one dot-command line; false when it failed.
    @discardableResult
    public mutating func runDotCommand(_ line: String) async -> Bool {
        let arguments = DotArguments(line)
        guard let command = DotCommand.named(arguments.name) else {
            let names = DotCommand.all.flatMap { [$0.name] + $0.aliases }
            var message = "error: unknown command '\(arguments.name)'"
            if let suggestion = Self.didYouMean(arguments.name, among: names) { message += "; did you mean '\(suggestion)'?" }
            fail(ShellError(message), prefix: "")
            return false
        }
        do {
            try await command.run(&self, arguments)
            return true
        } catch is AlreadyReported {
            return false
        } catch {
            fail(error, prefix: error is ShellError ? "error: " : "")
            return false
        }
    }

    /// Records a failure: prints it and keeps the first failure's status.
    mutating func fail(_ error: any Error, prefix: String) {
        failures += 1
        report(prefix + String(describing: error))
        if status == .ok { status = (error as? any ExitStatusReporting)?.exitStatus ?? .queryError }
    }

    /// Writes to standard error, ending the line.
    func report(_ text: String) {
        environment.console.flush()
        environment.errors.write(text.hasSuffix("\n") ? text : text + "\n")
        environment.errors.flush()
    }

    /// Where the next result goes.
    var currentSink: any TextSink {
        if let once { return once.sink }
        if case .file(_, let sink) = output { return sink }
        return environment.console
    }

    static func describe(_ missing: Completeness.Missing) -> String {
        switch missing {
        case .closingQuote(let opened): "a closing quote for the string opened at \(opened)"
        case .closingDoubleQuote(let opened): "a closing double quote for the name opened at \(opened)"
        case .commentEnd(let opened): "'*/' for the comment opened at \(opened)"
        case .closingParenthesis(let count, let opened):
            count == 1 ? "')' for the '(' opened at \(opened)" : "\(count) closing parentheses"
        case .semicolon: "';'"
        }
    }

    /// The closest name within a small edit distance (Suggestions in HQL is internal).
    static func didYouMean(_ input: String, among names: [String]) -> String? {
        let needle = Array(input.lowercased())
        let scored = names.map { ($0, editDistance(needle, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, needle.count / 3 + 1) else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
