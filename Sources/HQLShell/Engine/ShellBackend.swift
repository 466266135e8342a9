import HQL

/// What the shell needs from a database session. The CLI implements it over the HQL library's
/// session; tests use a fake. Dot-commands that read the schema (`.objects`, `.schema`,
/// `.properties`, `.explain`) are sent through ``run(_:)`` as the HQL statements they stand for
/// (`SHOW OBJECTS;`, `DESCRIBE x;`, `SHOW PROPERTIES FROM x;`, `EXPLAIN …;`), so their output
/// follows `.mode` like any result.
///
/// Errors are printed with `String(describing:)`, so a backend's errors should render themselves
/// (diagnostics with the source line and caret); adopt ``ExitStatusReporting`` to choose the exit
/// status (otherwise 65). Cancellation: the shell cancels the task that calls ``run(_:)`` and
/// iterates the rows; the backend should stop its HTTP work and throw `CancellationError`.
public protocol ShellBackend: Sendable {
    /// Runs one statement (its text as typed, with the `;`; `line` is where it starts in
    /// `sourceName`, for diagnostics).
    func run(_ statement: ShellStatement) async throws -> StatementOutcome
    /// Object names, for completion.
    func objectNames() async throws -> [String]
    /// Property names of an object, for completion; the name may be singular, a type id or an
    /// association name as typed (`companies` in `companies.name`).
    func propertyNames(of object: String) async throws -> [String]
    /// Forgets cached schema (`.refresh`); returns an optional message to print.
    func refresh() async throws -> String?
    /// Connects to another portal or endpoint (`.connect ARGS…`); returns a message such as
    /// `connected to portal 1234 (eu1)`.
    func connect(_ arguments: [String]) async throws -> String
}

/// What a statement produced.
public enum StatementOutcome: Sendable {
    /// A result to render.
    case rows(ResultStream)
    /// A message (`3 records updated`, `SET`).
    case message(String)
}

/// A streaming result: the columns first, then rows as they arrive.
public struct ResultStream: Sendable {
    /// The result's columns.
    public let columns: Columns
    /// The rows; an error part-way ends the result (the shell reports how many rows came first).
    public let rows: RowStream
    /// Statistics (calls made, records read, …), read after the last row, printed by `.stats on`.
    public let statistics: @Sendable () -> String?
    /// What the user should know whatever `.stats` says (printed as `warning: …`).
    public let warnings: @Sendable () -> [String]

    /// A result of `columns` whose rows come from `rows`.
    public init(columns: Columns, rows: RowStream,
                statistics: @escaping @Sendable () -> String? = { nil }, warnings: @escaping @Sendable () -> [String] = { [] }) {
        self.warnings = warnings
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
    }

    /// A result of `columns` whose rows come from an `AsyncThrowingStream`.
    public init(columns: Columns, rows: AsyncThrowingStream<Row, any Error>,
                statistics: @escaping @Sendable () -> String? = { nil }, warnings: @escaping @Sendable () -> [String] = { [] }) {
        self.init(columns: columns, rows: RowStream(rows), statistics: statistics, warnings: warnings)
    }
}

/// Rows pulled one at a time on the consumer's executor. An `AsyncThrowingStream(unfolding:)`
/// cost each row a cancellation handler, a task allocation and generic metadata look-ups (an
/// export's CPU at 300 ms fell 10–12% without it); a `nonisolated(nonsending)` pull costs a call.
/// Each iteration makes its own pull (for a session's result: runs the statement again).
public struct RowStream: AsyncSequence, Sendable {
    public typealias Element = Row
    public typealias Failure = any Error
    public typealias Pull = nonisolated(nonsending) () async throws -> Row?
    private let makePull: @Sendable () -> Pull

    /// Rows from the pull each iteration makes (called until it returns nil or throws).
    public init(_ makePull: @escaping @Sendable () -> Pull) {
        self.makePull = makePull
    }

    /// The rows of an `AsyncThrowingStream`.
    public init(_ stream: AsyncThrowingStream<Row, any Error>) {
        self.init {
            var iterator = stream.makeAsyncIterator()
            return { try await iterator.next(isolation: #isolation) }
        }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(pull: makePull()) }

    public struct Iterator: AsyncIteratorProtocol {
        let pull: Pull

        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Row? {
            try await pull()
        }

        nonisolated(nonsending) public mutating func next() async throws -> Row? {
            try await pull()
        }
    }
}
