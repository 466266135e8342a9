/// The rows of one SELECT, streamed as they arrive: an `AsyncSequence` of ``Row``.
///
/// Nothing is sent before iteration starts; pages are fetched as the consumer asks for rows, so
/// memory stays flat however many rows pass, and cancelling the consuming task cancels the
/// requests in flight. Each iteration runs the statement again. After an iteration ends,
/// ``statistics`` says what it cost.
///
/// A failure after some rows throws ``QueryInterrupted`` carrying how many were delivered.
public struct QueryResult: AsyncSequence, Sendable {
    public typealias Element = Row

    /// The output columns.
    public let columns: Columns
    /// Nil for statements answered from the schema (SHOW, DESCRIBE, EXPLAIN): then `rows`.
    let plan: PhysicalPlan?
    let rows: [Row]
    let client: APIClient
    /// Plans the statement again on a schema read afresh, when the one it was planned on came
    /// from the disk cache (nil otherwise): HubSpot's 400 for a property deleted since is then
    /// answered by planning again once, before any row.
    let replan: (@Sendable () async throws -> PhysicalPlan?)?

    init(columns: Columns, plan: PhysicalPlan?, rows: [Row] = [], client: APIClient,
         replan: (@Sendable () async throws -> PhysicalPlan?)? = nil) {
        self.columns = columns
        self.plan = plan
        self.rows = rows
        self.client = client
        self.replan = replan
    }

    /// Requests, retries, pages, windows, rows and time of the last iteration (so far).
    public var statistics: ExecutionStatistics {
        get async { await client.stats.snapshot }
    }

    /// The plan as EXPLAIN shows it.
    public func explain(format: ExplainFormat = .text) -> String {
        guard let plan else { return "no HubSpot call: answered from the cached schema\n" }
        return QueryPlan(physical: plan).explain(format: format)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(execution: plan.map { QueryExecution(plan: $0, client: client, columns: columns) }, rows: rows,
                 client: client, columns: columns, replan: replan)
    }

    /// Reads every row into an array.
    public func collect() async throws -> [Row] {
        var rows: [Row] = []
        for try await row in self { rows.append(row) }
        return rows
    }

    /// Pulls rows one at a time.
    public struct Iterator: AsyncIteratorProtocol {
        var execution: QueryExecution?
        let rows: [Row]
        var index = 0
        let client: APIClient
        let columns: Columns
        var replan: (@Sendable () async throws -> PhysicalPlan?)?

        /// What `for try await` calls: runs on the caller's actor, like the rest of the row path.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Row? {
            try await next()
        }

        nonisolated(nonsending) public mutating func next() async throws -> Row? {
            guard let execution else {
                guard index < rows.count else { return nil }
                index += 1
                return rows[index - 1]
            }
            do {
                return try await execution.next()
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HubSpotError where execution.delivered == 0 && error.namesUnknownProperty {
                // Planned on a cached schema that still has a property HubSpot no longer knows:
                // read the schema again and run the new plan (once; never after a row).
                guard let replan, let plan = try await replan() else { throw error }
                self.replan = nil
                let fresh = QueryExecution(plan: plan, client: client, columns: columns)
                self.execution = fresh
                return try await next()
            } catch {
                throw execution.delivered > 0 ? QueryInterrupted(rowsDelivered: execution.delivered, underlying: error) : error
            }
        }
    }
}
