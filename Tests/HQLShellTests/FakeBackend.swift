import Foundation
import HQL
@testable import HQLShell

/// A backend that answers from a script of canned outcomes and records what it was asked.
final class FakeBackend: ShellBackend, @unchecked Sendable {
    typealias Responder = @Sendable (ShellStatement) async throws -> StatementOutcome
    private let lock = NSLock()
    private var received: [String] = []
    private let responder: Responder

    init(_ responder: @escaping Responder = FakeBackend.echo) {
        self.responder = responder
    }

    var statements: [String] { lock.withLock { received } }

    func run(_ statement: ShellStatement) async throws -> StatementOutcome {
        lock.withLock { received.append(statement.text) }
        return try await responder(statement)
    }

    func objectNames() async throws -> [String] { ["companies", "contacts"] }
    func propertyNames(of object: String) async throws -> [String] { object == "contacts" ? ["email"] : [] }
    func refresh() async throws -> String? { "schema reloaded" }
    func connect(_ arguments: [String]) async throws -> String { "connected to \(arguments.joined(separator: " "))" }

    /// One column `text` holding the statement's text.
    static let echo: Responder = { statement in
        .rows(rows(["text"], [[.string(statement.text)]]))
    }

    /// A finished result.
    static func rows(_ names: [String], _ values: [[Value]], failing error: (any Error)? = nil,
                     statistics: String? = nil) -> ResultStream {
        let columns = Columns(names)
        let stream = AsyncThrowingStream<Row, any Error> { continuation in
            for row in values { continuation.yield(Row(columns: columns, values: row)) }
            continuation.finish(throwing: error)
        }
        return ResultStream(columns: columns, rows: stream, statistics: { statistics })
    }
}

/// An error rendered as a backend renders its diagnostics.
struct FakeQueryError: Error, CustomStringConvertible {
    var description: String
}

struct FakeUnavailable: Error, CustomStringConvertible, ExitStatusReporting {
    var description: String { "cannot reach api.hubapi.com" }
    var exitStatus: ExitStatus { .serviceUnavailable }
}

/// A line source that records what the shell remembered for history.
final class RecordingLines: LineSource {
    private let inner: TextLineSource
    let isInteractive: Bool
    private(set) var history: [String] = []
    private var script: [LineInput]?
    /// The session's tokens, as the CLI's line editor reports them.
    var historySecrets: [String] = []

    init(_ text: String, interactive: Bool = false) {
        inner = TextLineSource(text)
        isInteractive = interactive
    }

    init(inputs: [LineInput], interactive: Bool = true) {
        inner = TextLineSource("")
        script = inputs
        isInteractive = interactive
    }

    var prompts: [String] { inner.prompts }

    func readLine(prompt: String, pending: String) async -> LineInput {
        guard var script else { return await inner.readLine(prompt: prompt, pending: pending) }
        defer { self.script = script }
        return script.isEmpty ? .end : script.removeFirst()
    }

    func remember(_ entry: String) { history.append(entry) }
}
