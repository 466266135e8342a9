import Foundation
import HubSpotAPI
import Synchronization

/// How ``Session/explain(_:format:)`` renders a plan.
public enum ExplainFormat: Sendable, Hashable {
    /// An indented tree for people.
    case text
    /// One JSON document: the tree and every planned call with its exact body.
    case json
}

/// A session with one HubSpot portal: it reads the portal's schema once (cached), binds and
/// plans statements against it, and runs them within the portal's rate limits.
///
/// ```swift
/// let session = Session(connection: .hubSpot(token: token))
/// for try await row in try await session.query("SELECT email FROM contacts WHERE lifecyclestage = 'lead'") {
///     print(row["email"] ?? .null)
/// }
/// ```
public actor Session {
    let connection: Connection
    /// Where the schema is kept between processes, if anywhere.
    let schemaCache: SchemaCache?
    let capabilities: SearchCapabilities
    let rateLimits: RateLimits
    let retry: RetryPolicy
    let clock: any ExecutionClock
    /// Shared by every statement of the session: HubSpot's limits are per portal, not per query.
    let gate: RateGate
    /// What binding reads — the time zone and the cached schema — behind a lock rather than the
    /// actor, so parsing, binding and planning run on the caller's executor (no hop per
    /// statement); only reading the schema from HubSpot runs on the actor.
    let settings: Mutex<Settings>
    /// Dry run, confirmation and journal of write statements (``writeOptions``).
    let writeSettings = Mutex(WriteOptions())

    struct Settings: Sendable {
        var timeZone: TimeZone
        /// What has been read of the portal's schema: each statement reads what it names and
        /// this lacks (``SchemaNeeds``).
        var catalog = SchemaCatalog() {
            didSet { schema = catalog.schema }
        }
        /// The catalog as the binder sees it, composed when the catalog changes (not per plan).
        private(set) var schema = Schema(objects: [], owners: [])
        /// Whether the disk cache has been looked at (once a session).
        var readCache = false
        /// Each statement's time limit in milliseconds (`--timeout`, `SET statement_timeout`).
        var statementTimeout: Int64?
        /// The portal's daily allowance when HubSpot's headers do not say (`SET daily_limit`).
        var dailyLimit: Int?
    }

    /// The time limit of each statement from its first request (nil or zero: none). Past it the
    /// statement stops with a ``HubSpotError`` of kind `timedOut`, saying what was delivered.
    public nonisolated var statementTimeout: Duration? {
        get { settings.withLock { $0.statementTimeout }.map { .milliseconds($0) } }
        set {
            let milliseconds = newValue.map { $0.components.seconds * 1_000 + $0.components.attoseconds / 1_000_000_000_000_000 }
            settings.withLock { $0.statementTimeout = milliseconds.flatMap { $0 > 0 ? $0 : nil } }
        }
    }

    nonisolated var timeZone: TimeZone { settings.withLock { $0.timeZone } }

    /// The portal's daily request allowance, for when HubSpot's responses do not carry it
    /// (`X-HubSpot-RateLimit-Daily`; public apps): a statement that passes a tenth of it is
    /// warned about, and none eats into the last 5% (left to the portal's other integrations).
    nonisolated public var dailyLimit: Int? {
        get { settings.withLock { $0.dailyLimit } }
        set { settings.withLock { $0.dailyLimit = newValue.flatMap { $0 > 0 ? $0 : nil } } }
    }
    /// "Now" for relative dates and for where splits past 10,000 stop.
    let today: @Sendable () -> Date

    /// Creates a session; nothing is sent until the first statement needs the schema.
    /// Relative dates resolve in `timeZone` (UTC unless told; `SET TIMEZONE` changes it).
    /// `rateLimits` are the portal's (HubSpot's Free/Starter numbers unless told). `today` is the
    /// instant relative dates resolve against (the system clock unless told; the demo CRM fixes it
    /// to the day its snapshot was taken, so its answers never drift). `schemaCache` keeps what
    /// the session reads of the schema for the next process (none unless given).
    public init(connection: Connection, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                capabilities: SearchCapabilities = .hubSpot, rateLimits: RateLimits = .hubSpot,
                today: @escaping @Sendable () -> Date = { Date() }, schemaCache: SchemaCache? = nil) {
        self.init(connection: connection, timeZone: timeZone, capabilities: capabilities, rateLimits: rateLimits,
                  clock: SystemClock(), today: today, schemaCache: schemaCache)
    }

    init(connection: Connection, timeZone: TimeZone, capabilities: SearchCapabilities, rateLimits: RateLimits,
         clock: any ExecutionClock, today: @escaping @Sendable () -> Date = { Date() }, retry: RetryPolicy = RetryPolicy(),
         schemaCache: SchemaCache? = nil) {
        self.today = today
        self.retry = retry
        self.schemaCache = schemaCache
        self.connection = connection
        self.settings = Mutex(Settings(timeZone: timeZone))
        self.capabilities = capabilities
        self.rateLimits = rateLimits
        self.clock = clock
        self.gate = RateGate(limits: rateLimits, clock: clock)
    }

    /// Where the session's requests go (never the token).
    public nonisolated var endpoint: String { connection.endpoint }

    /// Reads the whole schema again (after properties or objects changed in the portal):
    /// every standard object's properties, the custom objects and the owners. Statements
    /// otherwise read only what they name, once a session.
    public func refreshSchema() async throws {
        let loaded = try await SchemaLoader(client: client()).load(.everything)
        settings.withLock {
            $0.catalog = loaded
            $0.readCache = true
        }
        schemaCache?.write(loaded, for: connection)
    }

    /// The plan of one SELECT (written with or without `EXPLAIN`), as text or JSON.
    /// Throws ``HQLError`` with diagnostics for syntax and binding errors.
    /// `sourceName` names the statement in diagnostics (a file name, `<command>`).
    nonisolated(nonsending) public func explain(_ text: String, format: ExplainFormat = .text, parameters: Parameters = Parameters(),
                        sourceName: String = "<statement>") async throws -> String {
        if let write = try await explainWrite(text, format: format, parameters: parameters, sourceName: sourceName) { return write }
        return try await plan(text, parameters: parameters, sourceName: sourceName).explain(format: format)
    }

    /// Parses, binds and plans one SELECT (written with or without `EXPLAIN`).
    nonisolated(nonsending) public func plan(_ text: String, parameters: Parameters = Parameters(), sourceName: String = "<statement>") async throws -> QueryPlan {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        var inner = statement
        if case .explain(let explained) = statement.kind { inner = explained }
        if case .explainAnalyze(let explained) = statement.kind { inner = explained }
        return QueryPlan(physical: try await physicalPlan(inner, source: source, parameters: parameters))
    }

    nonisolated func parseOne(_ text: String, sourceName: String) throws -> (Statement, SourceFile) {
        let source = SourceFile(text, name: sourceName)
        let parsed = Parser.parse(source)
        if parsed.hasErrors { throw HQLError(diagnostics: parsed.diagnostics, source: source) }
        guard parsed.statements.count == 1, let statement = parsed.statements.first else {
            throw HQLError(message: "expected exactly one statement, found \(parsed.statements.count)", source: source)
        }
        return (statement, source)
    }

    /// The schema with what `needs` asks for read (by `client`, so a statement's statistics
    /// count its schema reads).
    nonisolated(nonsending) func schema(_ needs: SchemaNeeds, client: APIClient) async throws -> Schema {
        var missing = settings.withLock { needs.subtracting($0.catalog) }
        if !missing.isEmpty, let schemaCache, settings.withLock({ settings in
            defer { settings.readCache = true }
            return !settings.readCache
        }), let cached = schemaCache.read(for: connection) {
            missing = settings.withLock {
                $0.catalog.fill(from: cached)
                return needs.subtracting($0.catalog)
            }
        }
        if !missing.isEmpty {
            let loaded = try await SchemaLoader(client: client).load(missing)
            let catalog = settings.withLock {
                $0.catalog.merge(loaded)
                return $0.catalog
            }
            schemaCache?.write(catalog, for: connection)
        }
        return settings.withLock { $0.schema }
    }

    nonisolated(nonsending) func physicalPlan(_ statement: Statement, source: SourceFile, parameters: Parameters,
                                              client: APIClient? = nil, needs known: SchemaNeeds? = nil) async throws -> PhysicalPlan {
        guard case .select(var select) = statement.kind else {
            throw HQLError(message: "only SELECT has a plan", source: source, range: statement.range)
        }
        var needs = known ?? SchemaNeeds(statement, in: source)
        let client = client ?? self.client()
        var lists: [String: ListInfo] = [:]
        if select.mentionsListRecords {
            // A FROM LIST's object is needed to bind: look the list up first, as the schema is.
            let (rewritten, found) = try await resolvingLists(select, source: source, client: client)
            select = rewritten
            for list in found {
                lists[list.id] = list
                if let standard = SchemaNeeds.standard(list.objectTypeId) { needs.objects.insert(standard) } else { needs.customObjects = true }
            }
        }
        var schema = try await self.schema(needs, client: client)
        while true {
            var binder = Binder(schema: schema, source: source, time: TimeResolver(timeZone: timeZone, now: today().milliseconds),
                                parameters: parameters.bound)
            do {
                var plan = Planner(capabilities: capabilities).plan(try binder.bind(select))
                plan.remember(lists)
                return plan
            } catch let failure as Binder.Failure {
                // A schema from the disk cache may predate a property or object the statement
                // names: read it from HubSpot and bind again, once a session.
                guard dropCachedSchema() else { throw HQLError(diagnostics: failure.diagnostics, source: source) }
                schema = try await self.schema(needs, client: client)
            }
        }
    }

    /// A client for one statement: the session's transport and rate budget, fresh statistics.
    nonisolated func client() -> APIClient {
        let (timeout, daily) = settings.withLock { ($0.statementTimeout, $0.dailyLimit) }
        return APIClient(transport: connection.transport, token: connection.token, gate: gate, retry: retry,
                         stats: StatisticsRecorder(retryBudget: retry.retryBudget, timeoutMilliseconds: timeout),
                         clock: clock, capabilities: capabilities, dailyLimit: daily)
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

    init(message: String, source: SourceFile, range: SourceRange = .empty(at: 0), help: String? = nil) {
        self.init(diagnostics: [Diagnostic(.error, message, at: range, in: source, help: help)], source: source)
    }

    /// The diagnostics as `hql` prints them.
    public var description: String { DiagnosticRenderer().render(diagnostics, in: source) }
}
