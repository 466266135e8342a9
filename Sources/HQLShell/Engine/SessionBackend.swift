import Foundation
import HQL

/// The shell's backend over an HQL ``Session``: statements run through the library, rows stream
/// straight from its `QueryResult` (pulled, so the renderer's pace is the fetching pace and
/// cancelling the shell's task cancels the requests in flight).
public final class SessionBackend: ShellBackend, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Session
    /// Makes a session for `.connect ARGS…` (the CLI knows tokens, URLs and the demo CRM).
    private let connector: @Sendable ([String]) async throws -> (Session, String)
    /// Live progress for long queries (the CLI's progress line; nil statistics: the result is
    /// complete, clear the line), or nil.
    private let progress: (@Sendable (ExecutionStatistics?) -> Void)?

    /// A backend over `session`; `connector` serves `.connect`.
    public init(session: Session,
                connector: @escaping @Sendable ([String]) async throws -> (Session, String) = { _ in
                    throw ShellError(".connect is not available here")
                },
                progress: (@Sendable (ExecutionStatistics?) -> Void)? = nil) {
        current = session
        self.connector = connector
        self.progress = progress
    }

    /// The session statements run on now.
    public var session: Session { lock.withLock { current } }

    public func run(_ statement: ShellStatement) async throws -> StatementOutcome {
        // Blank lines and spaces before the statement keep diagnostics' lines and columns those
        // of the script (the line shown holds the statement at its column).
        let text = SourceLocation(line: statement.line, column: statement.column).placing(statement.text)
        do {
            switch try await session.run(text, sourceName: statement.sourceName) {
            case .message(let message):
                return .message(message)
            case .rows(let result):
                return .rows(stream(result))
            }
        } catch {
            throw BackendFailure(error)
        }
    }

    private func stream(_ result: QueryResult) -> ResultStream {
        let statistics = StatisticsBox()
        let progress = self.progress
        // Between rows too (a retry's backoff, a slow answer), the progress line says what the
        // statement waits for: a ticker reads the statistics a few times a second.
        let ticker = progress.map { progress in
            Ticker {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    if Task.isCancelled { break }
                    progress(await result.statistics)
                }
            }
        }
        // The result's end, complete or not: progress cleared, statistics kept.
        let end: @Sendable () async -> Void = {
            ticker?.stop()
            progress?(nil)
            statistics.set(await result.statistics)
        }
        let rows = RowStream {
            var iterator = result.makeAsyncIterator()
            return {
                do {
                    // The ticker above keeps the progress line current; rows need not.
                    if let row = try await iterator.next() { return row }
                    await end()
                    return nil
                } catch {
                    await end()
                    throw BackendFailure(error)
                }
            }
        }
        return ResultStream(columns: result.columns, rows: rows, statistics: { statistics.get().map { "-- \($0)" } },
                            warnings: { statistics.warnings })
    }

    public func objectNames() async throws -> [String] {
        try await session.objectNames()
    }

    public func propertyNames(of object: String) async throws -> [String] {
        try await session.propertyNames(of: object)
    }

    public func refresh() async throws -> String? {
        try await session.refreshSchema()
        return "schema reloaded: \(try await session.objectNames().count) objects"
    }

    public func connect(_ arguments: [String]) async throws -> String {
        let (session, message) = try await connector(arguments)
        lock.withLock { current = session }
        return message
    }
}

/// A background task that ends when stopped or when nothing holds it any more.
private final class Ticker: Sendable {
    private let task: Task<Void, Never>
    init(_ body: @escaping @Sendable () async -> Void) { task = Task(operation: body) }
    func stop() { task.cancel() }
    deinit { task.cancel() }
}

private final class StatisticsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ExecutionStatistics?
    func set(_ statistics: ExecutionStatistics) { lock.withLock { value = statistics } }
    func get() -> String? { lock.withLock { value.map(\.description) } }
    var warnings: [String] { lock.withLock { value?.warnings ?? [] } }
}

/// A library error as the shell prints it, with the exit status it means: syntax and binding
/// errors and HubSpot's refusals are query errors (65); an unreachable endpoint, HubSpot's own
/// failures (500) and responses that break its contract (a cursor that does not move, an
/// unreadable or oversized body, a redirect) are 69 — the server's fault, not the query's; rate
/// limits, temporary failures that outlasted the retries and time limits are 75. The shell
/// itself says how many rows came before a failure, so `QueryInterrupted` is unwrapped.
public struct BackendFailure: Error, CustomStringConvertible, ExitStatusReporting {
    public let underlying: any Error

    public init(_ error: any Error) {
        if let interrupted = error as? QueryInterrupted {
            underlying = interrupted.underlying
        } else if let failure = error as? BackendFailure {
            underlying = failure.underlying
        } else {
            underlying = error
        }
    }

    public var description: String {
        let text = String(describing: underlying)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    public var exitStatus: ExitStatus {
        switch underlying {
        case let error as HubSpotError:
            switch error.kind {
            case .rejected: return .queryError
            case .unreachable, .serverError, .inconsistent: return .serviceUnavailable
            case .rateLimited, .temporary, .timedOut: return .temporaryFailure
            }
        case is CancellationError: return .queryError
        // A write that needed --yes (or a confirmation): a usage error, nothing was written.
        case is WriteRefused: return .usage
        default: return .queryError
        }
    }
}
