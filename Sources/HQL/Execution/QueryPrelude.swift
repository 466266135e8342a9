import HubSpotAPI

/// What runs before a plan's FROM reads: `IN (SELECT …)` subqueries (the query is then planned
/// again with their values) and semi-join searches (the ids of associated records that satisfy
/// their conditions), and, when a semi-join drives the reads, the source it chose by cost.
struct QueryPrelude {
    let client: APIClient

    struct Prepared {
        var plan: PhysicalPlan
        /// Ids of associated records that satisfy each association's conditions.
        var allowed: [Int: Set<String>] = [:]
        /// Replaces the plan's own access when a semi-join drives the reads.
        var source: (any RecordSource)?
        /// Whether the client re-checks the FROM conditions (the driving reads could not apply them).
        var checksWhere: Bool
        /// IN LIST planned from the other side: each page's records are checked against the list.
        var membershipCheck: MembershipCheck?
    }

    func prepare(_ plan: PhysicalPlan) async throws -> Prepared {
        let (chosen, check) = try await chooseListDirection(plan)
        var plan = chosen
        if !plan.subqueries.isEmpty {
            var values: [[String?]] = []
            var scalars: [Value] = []
            for subquery in plan.subqueries {
                let rows = try await Self.collect(subquery.plan, client: client)
                if subquery.comparison != nil || subquery.isValue, rows.count > 1 {
                    let role = subquery.isValue ? "used as a value" : "compared with \(subquery.property)"
                    throw ExecutionError(message: "the subquery \(role) gave \(rows.count) rows; "
                                         + "a (SELECT …) value must give at most one (use IN (SELECT …), or an aggregate)")
                }
                if subquery.isValue {
                    scalars.append(rows.first?.first ?? .null)
                } else {
                    values.append(rows.map { $0.first.flatMap(Self.wire) })
                }
            }
            let query = Planner.substitute(Planner.substitute(plan.query, values: values), scalars: scalars)
            plan = Planner(capabilities: client.capabilities).plan(query)
        }
        var prepared = Prepared(plan: plan, checksWhere: plan.residualFilter, membershipCheck: check)
        for semiJoin in plan.semiJoins {
            let ids = try await Self.collect(semiJoin.inner, client: client).compactMap { $0.first.flatMap(Self.wire) }
            prepared.allowed[semiJoin.association] = Set(ids)
        }
        if plan.driven, let driver = plan.semiJoins.first {
            try await drive(driver, &prepared)
        }
        return prepared
    }

    /// Picks the cheaper way to the FROM records associated with the driver's ids.
    private func drive(_ driver: SemiJoinPlan, _ prepared: inout Prepared) async throws {
        let plan = prepared.plan
        let ids = (prepared.allowed[driver.association] ?? []).sorted(by: idPrecedes)
        guard !ids.isEmpty else {
            await client.stats.decided("semi-join: no \(plan.query.associations[driver.association].target.name) matched; nothing read")
            prepared.source = EmptySource()
            return
        }
        let cost = driver.cost(ids: ids.count, capabilities: client.capabilities)
        let association = plan.query.associations[driver.association]
        if plan.query.searchText != nil, cost.pseudoSearches == nil {
            // The client cannot evaluate full-text SEARCH: read the FROM side as planned and
            // check the association on each page instead.
            await client.stats.decided("semi-join: the FROM search as planned, associations checked per page (SEARCH)")
            prepared.plan.driven = false
            return
        }
        var fromIds = Set<String>()
        var searches = cost.searchesAtOnce || plan.query.searchText != nil
        if !searches {
            let found = try await AssociationReader(client: client).associations(
                from: association.target.name, to: plan.object.name, ids: ids)
            for targets in found.values {
                for target in targets where AssociationStage.accepts(target, association) { fromIds.insert(String(target.toObjectId)) }
            }
            searches = cost.searchesAfterReads(associated: fromIds.count, capabilities: client.capabilities)
        }
        let target = association.target.name
        if searches {
            await client.stats.decided("semi-join (a): \(plan.object.name) searched by the \(ids.count) \(target) ids"
                                       + (fromIds.isEmpty ? "" : " (the association reads found \(fromIds.count))"))
            let base = plan.driverBase(client.capabilities)
            let context = SearchCursor.Context(
                object: plan.object.name, creationProperty: plan.object.creationProperty, overflow: .keyset,
                startedAt: plan.query.startedAt, capabilities: client.capabilities)
            let cursors = driver.searches(ids: ids, base: base).map { SearchCursor(base: $0, context: context, mode: .plain(wanted: nil)) }
            prepared.source = SearchSource(client: client, object: plan.object.name, cursors: cursors, concurrency: 4)
            return
        }
        // (b): batch reads of the FROM records the association reads found; the client applies
        // the FROM conditions.
        await client.stats.decided("semi-join (b): \(fromIds.count) \(plan.object.name) read by id after the associations of "
                                   + "\(ids.count) \(target)")
        prepared.source = BatchReadSource(client: client, object: plan.object.name, ids: fromIds.sorted(by: idPrecedes),
                                          properties: plan.properties, batchSize: plan.batchSize)
        prepared.checksWhere = plan.query.predicate != nil || plan.query.searchText != nil
    }

    /// Every row of a plan (subqueries and semi-join searches), without touching the statement's row count.
    static func collect(_ plan: PhysicalPlan, client: APIClient) async throws -> [[Value]] {
        let execution = QueryExecution(plan: plan, client: client, columns: Columns(plan.columns.map(\.name)), nested: true)
        var rows: [[Value]] = []
        while let row = try await execution.next() { rows.append(row.values) }
        return rows
    }

    /// A value as the wire string a filter compares (dates as midnight UTC in epoch ms).
    static func wire(_ value: Value) -> String? {
        if case .date(let day) = value { return TimeResolver.midnightUTC(day).map(String.init) }
        return value.wireText
    }
}
