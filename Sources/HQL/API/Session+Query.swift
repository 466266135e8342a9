import Foundation
import HubSpotAPI

extension Session {
    /// Runs one statement that returns rows: SELECT (streamed from HubSpot), SHOW, DESCRIBE and
    /// EXPLAIN (answered from the plan and the cached schema). Binding and planning happen here,
    /// so a bad statement throws ``HQLError`` before anything is sent; the rows themselves are
    /// fetched as the result is iterated.
    nonisolated(nonsending) public func query(_ text: String, parameters: Parameters = Parameters(), sourceName: String = "<statement>") async throws -> QueryResult {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        return try await query(statement, source: source, parameters: parameters)
    }

    nonisolated(nonsending) func query(_ statement: Statement, source: SourceFile, parameters: Parameters) async throws -> QueryResult {
        // One client for the statement: its schema reads count in its statistics.
        let client = client()
        switch statement.kind {
        case .select:
            let plan = try await physicalPlan(statement, source: source, parameters: parameters, client: client)
            return QueryResult(columns: Columns(plan.columns.map(\.name)), plan: plan, client: client,
                               replan: replanner(statement, source: source, parameters: parameters, client: client))
        case .showLists(let pattern):
            let (columns, values) = try await showLists(like: pattern, client: client)
            return rows(Columns(columns), values, client: client)
        case .explain(let inner) where inner.isShowLists:
            return rows(Columns(["plan"]), Self.showListsPlan.map { [.string($0)] }, client: client)
        case .explain(let inner) where inner.isWrite:
            return rows(Columns(["plan"]), try await explainWrite(inner, source: source, parameters: parameters).map { [.string($0)] },
                        client: client)
        case .explain(let inner):
            let plan = try await physicalPlan(inner, source: source, parameters: parameters, client: client)
            let columns = Columns(["plan"])
            let lines = plan.explainText().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            return rows(columns, lines.map { [.string(String($0))] }, client: client)
        case .explainAnalyze(let inner):
            // The statement runs to its end (its rows are counted, not shown), then the plan is
            // printed with what actually happened.
            let plan = try await physicalPlan(inner, source: source, parameters: parameters, client: client)
            let result = self.result(for: plan, client: client)
            var count = 0
            for try await _ in result { count += 1 }
            let statistics = await client.stats.snapshot
            var text = plan.explainText()
            text += "-- actual: \(count) row\(count == 1 ? "" : "s"); \(statistics)\n"
            if let expected = statistics.expectedRecords { text += "-- HubSpot announced \(expected) matching records; \(statistics.records) were read in all "
                + "(subqueries, semi-joins, probes and pages read twice included)\n" }
            for decision in statistics.decisions { text += "-- chose: \(decision)\n" }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            return rows(Columns(["plan"]), lines.map { [.string(String($0))] }, client: client)
        default:
            let schema = try await self.schema(SchemaNeeds(statement, in: source), client: client)
            guard let (columns, values) = try SchemaStatement(schema: schema, source: source).rows(statement) else {
                throw HQLError(message: "this statement returns no rows; run it with execute", source: source, range: statement.range)
            }
            return rows(Columns(columns), values, client: client)
        }
    }

    /// Plans `statement` again on a schema read from HubSpot, when the current one came from
    /// the disk cache (nil otherwise: a fresh schema would say the same).
    nonisolated func replanner(_ statement: Statement, source: SourceFile, parameters: Parameters,
                               client: APIClient) -> (@Sendable () async throws -> PhysicalPlan?)? {
        guard settings.withLock({ $0.catalog.fromCache }) else { return nil }
        return { @Sendable [self] () async throws -> PhysicalPlan? in
            guard dropCachedSchema() else { return nil }
            return try await physicalPlan(statement, source: source, parameters: parameters, client: client)
        }
    }

    /// Forgets a schema that came from the disk cache; false when it did not.
    nonisolated func dropCachedSchema() -> Bool {
        settings.withLock { settings in
            guard settings.catalog.fromCache else { return false }
            settings.catalog = SchemaCatalog()
            return true
        }
    }

    private nonisolated func rows(_ columns: Columns, _ values: [[Value]], client: APIClient) -> QueryResult {
        QueryResult(columns: columns, plan: nil, rows: values.map { Row(columns: columns, values: $0) }, client: client)
    }

    /// Runs a statement without rows (`SET TIMEZONE 'Europe/Paris'`) and says what it did.
    @discardableResult
    nonisolated(nonsending) public func execute(_ text: String, parameters: Parameters = Parameters(), sourceName: String = "<statement>") async throws -> String {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        return try execute(statement, source: source)
    }

    nonisolated func execute(_ statement: Statement, source: SourceFile) throws -> String {
        switch statement.kind {
        case .set(let name, let value):
            if name.value.lowercased() == "statement_timeout" {
                return try setStatementTimeout(value, source: source)
            }
            if name.value.lowercased() == "daily_limit" {
                guard case .literal(.number(let digits)) = value.kind, let limit = Int(digits), limit >= 0 else {
                    throw HQLError(message: "daily_limit takes a whole number of requests (0: unknown)", source: source, range: value.range,
                                   help: "HubSpot's allowances: 250000, 625000 or 1000000 a day")
                }
                settings.withLock { $0.dailyLimit = limit > 0 ? limit : nil }
                return limit > 0 ? "SET DAILY_LIMIT \(limit)" : "SET DAILY_LIMIT unknown"
            }
            if let message = try setWriteOption(name.value, value, source: source) { return message }
            guard ["timezone", "time_zone"].contains(name.value.lowercased()) else {
                throw HQLError(message: "unknown setting '\(name.value)'", source: source, range: name.range,
                               help: Suggestions.didYouMean(name.value, among: ["TIMEZONE", "STATEMENT_TIMEOUT", "DAILY_LIMIT", "DRY_RUN",
                                                                              "WRITE_CONFIRM_THRESHOLD"]))
            }
            guard case .literal(.string(let identifier)) = value.kind, let zone = TimeZone(identifier: identifier) else {
                throw HQLError(message: "expected a time zone name such as 'Europe/Paris' or 'UTC'", source: source, range: value.range)
            }
            settings.withLock { $0.timeZone = zone }
            return "SET TIMEZONE \(zone.identifier)"
        case .insert, .update, .delete, .associate, .property, .undo:
            throw HQLError(message: "a write statement runs with write or run", source: source, range: statement.range)
        default:
            throw HQLError(message: "this statement returns rows; run it with query", source: source, range: statement.range)
        }
    }

    /// `SET statement_timeout = 30000` (milliseconds, as in PostgreSQL), `'30s'`, `'500ms'`,
    /// `'2min'`; 0 turns the limit off.
    private nonisolated func setStatementTimeout(_ value: Expr, source: SourceFile) throws -> String {
        var text: String
        switch value.kind {
        case .literal(.number(let number)): text = number
        case .literal(.string(let string)): text = string.trimmingCharacters(in: .whitespaces).lowercased()
        default: text = ""
        }
        var scale: Int64 = 1
        for (suffix, factor) in [("ms", Int64(1)), ("min", 60_000), ("s", 1_000)] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            scale = factor
            break
        }
        guard let amount = Double(text), amount >= 0, amount * Double(scale) < 1e12 else {
            throw HQLError(message: "expected a time limit such as 30000 (milliseconds), '30s' or '2min'; 0 turns it off",
                           source: source, range: value.range)
        }
        let milliseconds = Int64(amount * Double(scale))
        statementTimeout = milliseconds > 0 ? .milliseconds(milliseconds) : nil
        return milliseconds > 0 ? "SET STATEMENT_TIMEOUT \(APIClient.seconds(milliseconds))" : "SET STATEMENT_TIMEOUT off"
    }

    /// Parses a statement once, for running many times with different parameter values; see
    /// ``PreparedStatement``.
    nonisolated public func prepare(_ text: String, sourceName: String = "<statement>") throws -> PreparedStatement {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        return PreparedStatement(statement: statement, source: source, session: self)
    }

    /// The time zone relative dates resolve in.
    nonisolated public var currentTimeZone: TimeZone { timeZone }

    /// The names of the portal's objects (for completion and `.objects`): the standard ones and
    /// the custom ones (one read of the custom schemas, once).
    nonisolated(nonsending) public func objectNames() async throws -> [String] {
        let schema = try await schema(SchemaNeeds(customObjects: true), client: client())
        let absent = settings.withLock { $0.catalog.absent }
        return schema.objectNames.filter { !absent.contains($0) }
    }

    /// The property names of an object (for completion), sorted; empty for an unknown object.
    nonisolated(nonsending) public func propertyNames(of object: String) async throws -> [String] {
        let needs = SchemaNeeds.standard(object).map { SchemaNeeds(objects: [$0]) } ?? SchemaNeeds(customObjects: true)
        return try await schema(needs, client: client()).object(named: object)?.properties.values.map(\.name).sorted() ?? []
    }
}

/// A statement parsed once and run many times with `?`/`:name` values. Values are bound (never
/// spliced into text); a plan is kept per distinct set of values, so running it again with the
/// same values skips binding and planning, and new values re-plan only this statement.
public struct PreparedStatement: Sendable {
    let statement: Statement
    let source: SourceFile
    let session: Session
    /// What of the schema it names, found once (not lexed again for every plan).
    let needs: SchemaNeeds
    private let cache = PlanCache()

    init(statement: Statement, source: SourceFile, session: Session) {
        self.statement = statement
        self.source = source
        self.session = session
        needs = SchemaNeeds(statement, in: source)
    }

    /// Runs it with `parameters`.
    nonisolated(nonsending) public func query(_ parameters: Parameters = Parameters()) async throws -> QueryResult {
        guard case .select = statement.kind else {
            return try await session.query(statement, source: source, parameters: parameters)
        }
        let client = session.client()
        if var plan = await cache.plan(for: parameters) {
            // Splits past the ceiling stop at the statement's start: this run's, not the plan's.
            plan.query.startedAt = session.today().milliseconds
            return session.result(for: plan, client: client)
        }
        let plan = try await session.physicalPlan(statement, source: source, parameters: parameters, client: client, needs: needs)
        await cache.store(plan, for: parameters)
        return session.result(for: plan, client: client)
    }

    /// The plan these values would run, bound and planned afresh (the cache is neither read nor
    /// filled): EXPLAIN for a prepared statement.
    nonisolated(nonsending) public func plan(_ parameters: Parameters = Parameters()) async throws -> QueryPlan {
        var inner = statement
        if case .explain(let explained) = statement.kind { inner = explained }
        return QueryPlan(physical: try await session.physicalPlan(inner, source: source, parameters: parameters, needs: needs))
    }

    /// How many distinct plans were made (tests read it: same values, same plan).
    var plansMade: Int {
        get async { await cache.count }
    }
}

/// Plans by parameter values; relative dates resolve at planning time, so cached plans are kept
/// for one minute.
actor PlanCache {
    private var plans: [Parameters: (plan: PhysicalPlan, made: Date)] = [:]
    private(set) var count = 0

    func plan(for parameters: Parameters) -> PhysicalPlan? {
        guard let entry = plans[parameters], Date().timeIntervalSince(entry.made) < 60 else { return nil }
        return entry.plan
    }

    func store(_ plan: PhysicalPlan, for parameters: Parameters) {
        count += 1
        if plans.count > 64 { plans.removeAll() }
        plans[parameters] = (plan, Date())
    }
}

extension Session {
    nonisolated func result(for plan: PhysicalPlan, client: APIClient) -> QueryResult {
        QueryResult(columns: Columns(plan.columns.map(\.name)), plan: plan, client: client)
    }
}

/// What one statement produced: rows to stream, or a message.
public enum StatementResult: Sendable {
    /// SELECT, SHOW, DESCRIBE, EXPLAIN.
    case rows(QueryResult)
    /// SET and other statements without rows.
    case message(String)
}

extension Session {
    /// Runs any one statement: rows for those that return them, a message for the others.
    nonisolated(nonsending) public func run(_ text: String, parameters: Parameters = Parameters(), sourceName: String = "<statement>") async throws -> StatementResult {
        let (statement, source) = try parseOne(text, sourceName: sourceName)
        switch statement.kind {
        case .select, .explain, .explainAnalyze, .showObjects, .showProperties, .showAssociations, .showPipelines, .showOwners,
             .showLists, .describe:
            return .rows(try await query(statement, source: source, parameters: parameters))
        case .insert, .update, .delete, .associate, .property:
            return try await runWrite(statement, source: source, parameters: parameters)
        case .undo(let id):
            return .message(try await undo(id).description)
        default:
            return .message(try execute(statement, source: source))
        }
    }
}
