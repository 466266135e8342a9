import Foundation
import HubSpotAPI

/// Where a session sends its HubSpot requests: any ``HubSpotTransport`` (the in-process sandbox,
/// an HTTP client) and the bearer token it presents. The token never appears in output.
public struct Connection: Sendable {
    let transport: any HubSpotTransport
    let token: String

    /// A connection through `transport`, authenticating with `token`.
    public static func transport(_ transport: any HubSpotTransport, token: String) -> Connection {
        Connection(transport: transport, token: token)
    }
}

/// How ``Session/explain(_:format:)`` renders a plan.
public enum ExplainFormat: Sendable, Hashable {
    /// An indented tree for people.
    case text
    /// One JSON document: the tree and every planned call with its exact body.
    case json
}

/// A session with one HubSpot portal: it reads the portal's schema once (cached), and binds and
/// plans statements against it.
///
/// ```swift
/// let session = Session(connection: .transport(transport, token: token))
/// print(try await session.explain("SELECT email FROM contacts WHERE lifecyclestage = 'lead'"))
/// ```
public actor Session {
    private let connection: Connection
    private let timeZone: TimeZone
    private let capabilities: SearchCapabilities
    private var schema: Schema?

    /// Creates a session; nothing is sent until the first statement needs the schema.
    /// Relative dates resolve in `timeZone` (UTC unless told).
    public init(connection: Connection, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                capabilities: SearchCapabilities = .hubSpot) {
        self.connection = connection
        self.timeZone = timeZone
        self.capabilities = capabilities
    }

    /// Reads the schema again (after properties or objects changed in the portal).
    public func refreshSchema() async throws {
        schema = try await SchemaLoader(transport: connection.transport, token: connection.token).load()
    }

    /// The plan of one SELECT (written with or without `EXPLAIN`), as text or JSON.
    /// Throws ``HQLError`` with diagnostics for syntax and binding errors.
    /// `sourceName` names the statement in diagnostics (a file name, `<command>`).
    public func explain(_ text: String, format: ExplainFormat = .text, sourceName: String = "<statement>") async throws -> String {
        try await plan(text, sourceName: sourceName).explain(format: format)
    }

    /// Parses, binds and plans one SELECT (written with or without `EXPLAIN`).
    public func plan(_ text: String, sourceName: String = "<statement>") async throws -> QueryPlan {
        QueryPlan(physical: try await physicalPlan(text, sourceName: sourceName))
    }

    func physicalPlan(_ text: String, sourceName: String) async throws -> PhysicalPlan {
        let source = SourceFile(text, name: sourceName)
        let parsed = Parser.parse(source)
        if parsed.hasErrors { throw HQLError(diagnostics: parsed.diagnostics, source: source) }
        guard parsed.statements.count == 1, let statement = parsed.statements.first else {
            throw HQLError(message: "expected exactly one statement, found \(parsed.statements.count)", source: source)
        }
        var inner = statement
        if case .explain(let explained) = statement.kind { inner = explained }
        guard case .select(let select) = inner.kind else {
            throw HQLError(message: "only SELECT can be planned for now", source: source, range: inner.range)
        }
        if schema == nil { try await refreshSchema() }
        guard let schema else { throw HQLError(message: "the schema could not be read", source: source) }
        var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: timeZone, now: Date().milliseconds))
        do {
            return Planner(capabilities: capabilities).plan(try binder.bind(select))
        } catch let failure as Binder.Failure {
            throw HQLError(diagnostics: failure.diagnostics, source: source)
        }
    }
}

/// The HubSpot calls that answer one SELECT, and what the client does with their rows.
public struct QueryPlan: Sendable {
    let physical: PhysicalPlan

    /// How many HubSpot calls the plan starts with (the first page of each).
    public var estimatedRequests: Int { physical.estimatedRequests }

    /// The plan rendered as EXPLAIN shows it.
    public func explain(format: ExplainFormat = .text) -> String {
        switch format {
        case .text: physical.explainText()
        case .json: String(decoding: physical.explainJSON(), as: UTF8.self)
        }
    }
}

/// A statement HQL could not compile: its diagnostics, rendered with the source line and a caret.
public struct HQLError: Error, Sendable, CustomStringConvertible {
    /// Every problem found.
    public let diagnostics: [Diagnostic]
    /// The statement's text.
    public let source: SourceFile

    init(diagnostics: [Diagnostic], source: SourceFile) {
        self.diagnostics = diagnostics
        self.source = source
    }

    init(message: String, source: SourceFile, range: SourceRange = .empty(at: 0)) {
        self.init(diagnostics: [Diagnostic(.error, message, at: range, in: source)], source: source)
    }

    /// The diagnostics as `hql` prints them.
    public var description: String { DiagnosticRenderer().render(diagnostics, in: source) }
}
