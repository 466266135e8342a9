import HubSpotAPI

/// One run of a plan, pulled row by row: records come from the plan's source a page at a time;
/// the client-side parts (WHERE re-check, DISTINCT, GROUP BY and aggregates, HAVING, sort,
/// OFFSET and LIMIT) run here, streaming unless a sort or an aggregate needs every record first.
///
/// Its async methods run on the caller's executor (`nonisolated(nonsending)`): pulling a row
/// from a page already read costs no thread hop (it cost two, ~2.4 context switches a row).
final class QueryExecution {
    private var plan: PhysicalPlan
    private let client: APIClient
    private let columns: Columns
    private let projector: RowProjector
    /// Computes the select list's, GROUP BY's and ORDER BY's expressions.
    private let evaluator: ScalarEvaluator
    /// Each output column that is a property of the FROM object, with its schema type: looked
    /// up once, so such a cell costs one value lookup (most export columns are these).
    private let propertyCells: [(name: String, type: PropertyType)?]
    /// Reads those cells' values, each name's place on a page looked up once per page.
    private var cellReader: PropertyReader
    private var source: (any RecordSource)?
    private var batch: [JoinedRecord] = []
    /// Subqueries and semi-joins run before the first read; set once they have.
    private var prepared = false
    private var checksWhere: Bool
    private var stage: AssociationStage?
    /// Pages the association stage has expanded, and whether the source said it had no more
    /// (pages gathered for it read one call past the last).
    private var pagesExpanded = 0
    private var sourceEnded = false
    /// `HISTORY(p)`: a row per past value of each record (made with the first page).
    private var historyStage: HistoryStage?
    /// IN LIST read from the other side: keeps, of each page, the records in the list.
    private var membershipCheck: MembershipCheck?
    /// Projectors of the associated objects, by association index.
    private let relatedProjectors: [RowProjector]
    /// A subquery or semi-join search: its rows are not the statement's.
    private let nested: Bool
    private var batchIndex = 0
    /// Rows computed ahead (sorted or aggregated results), drained in order.
    private var ready: [Row] = []
    private var readyIndex = 0
    private var blockingDone = false
    private var distinctSeen = Set<[Value]>()
    private var skipped = 0
    private(set) var delivered = 0
    private var started: Int64?
    private var finished = false
    private var blocking: Bool?

    init(plan: PhysicalPlan, client: APIClient, columns: Columns, nested: Bool = false) {
        self.plan = plan
        self.client = client
        self.columns = columns
        let projector = RowProjector(object: plan.object)
        self.projector = projector
        self.evaluator = ScalarEvaluator(timeZone: plan.query.timeZone, now: plan.query.startedAt)
        let propertyCells: [(name: String, type: PropertyType)?] = plan.columns.map { column in
            if case .property(let name) = column.source { (name, projector.type(of: name)) } else { nil }
        }
        self.propertyCells = propertyCells
        self.cellReader = PropertyReader(names: propertyCells.map { $0?.name ?? "" })
        self.relatedProjectors = plan.query.associations.map { RowProjector(object: $0.target) }
        self.checksWhere = plan.residualFilter
        self.nested = nested
    }

    /// Runs subqueries and semi-join searches once, before anything else is decided.
    private nonisolated(nonsending) func prepare() async throws {
        guard !prepared else { return }
        prepared = true
        guard !plan.subqueries.isEmpty || !plan.semiJoins.isEmpty else { return }
        let ready = try await QueryPrelude(client: client).prepare(plan)
        plan = ready.plan
        checksWhere = ready.checksWhere
        membershipCheck = ready.membershipCheck
        source = ready.source
        stage = AssociationStage(plan: plan, client: client, allowed: ready.allowed)
    }

    /// The output values of one row.
    private func project(_ record: JoinedRecord) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(propertyCells.count)
        for position in propertyCells.indices {
            if let cell = propertyCells[position] {
                values.append(propertyCell(position, cell.name, cell.type, record.primary))
            } else {
                values.append(project(plan.columns[position], record))
            }
        }
        return values
    }

    /// A property cell of the FROM object: a HubSpot instant is parsed from the page's bytes;
    /// anything else, or an instant in another form, takes ``RowProjector``'s path.
    private func propertyCell(_ position: Int, _ name: String, _ type: PropertyType, _ record: CRMObject) -> Value {
        if type == .datetime, let instant = cellReader.withUTF8(position, of: record, { $0.flatMap(EpochTime.parse(utf8:)) }) {
            return .datetime(instant)
        }
        if type == .string || type == .enumeration || type == .phoneNumber, let text = cellReader.value(position, of: record), !text.isEmpty {
            return .string(text)
        }
        return RowProjector.typed(RowProjector.raw(record, name), type)
    }

    /// A cell that is not a plain property of the FROM object.
    private func project(_ column: BoundColumn, _ record: JoinedRecord) -> Value {
        if case .computed(let expr) = column.source { return evaluator.evaluate(expr, record) }
        if case .history(let name, let part) = column.source {
            return record.history?.part(part, type: projector.type(of: name)) ?? .null
        }
        guard case .associated(let index, let property, let label) = column.source else {
            return projector.column(column.source, record.primary)
        }
        let related = index < record.related.count ? record.related[index] : nil
        let raw = related.flatMap { RowProjector.raw($0, property) }
        return label ? relatedProjectors[index].label(raw, property: property) : relatedProjectors[index].value(raw, property: property)
    }

    /// The next row, or nil at the end (after which statistics are final).
    nonisolated(nonsending) func next() async throws -> Row? {
        if finished { return nil }
        if started == nil { started = client.clock.now() }
        // Past the first row these are known: no async call for them on every row.
        if !prepared { try await prepare() }
        if let limit = plan.limit, delivered >= limit { return await finish() }
        if try await (blocking != nil ? blocking == true : needsBlocking()) {
            if !blockingDone { try await computeBlocking() }
            while readyIndex < ready.count {
                let row = ready[readyIndex]
                readyIndex += 1
                if let limit = plan.limit, delivered >= limit { break }
                delivered += 1
                return row
            }
            return await finish()
        }
        while true {
            let buffered = bufferedRecord()
            guard let record = try await (buffered != nil ? buffered : nextRecord()) else { break }
            if checksWhere, !matches(record.primary) { continue }
            let values = project(record)
            if plan.distinct, !distinctSeen.insert(values).inserted { continue }
            if skipped < plan.offset {
                skipped += 1
                continue
            }
            delivered += 1
            return Row(columns: columns, values: values)
        }
        return await finish()
    }

    private nonisolated(nonsending) func finish() async -> Row? {
        if !finished {
            finished = true
            await source?.close()
            if nested { return nil }
            await client.stats.finish(rows: delivered, elapsed: client.clock.now() - (started ?? client.clock.now()))
        }
        return nil
    }

    // MARK: Records

    private func makeSource() -> any RecordSource {
        if stage == nil, !plan.query.associations.isEmpty { stage = AssociationStage(plan: plan, client: client, allowed: [:]) }
        var context = SearchCursor.Context(
            object: plan.object.name, creationProperty: plan.object.creationProperty, overflow: plan.overflow,
            startedAt: plan.query.startedAt, capabilities: client.capabilities)
        switch plan.access {
        case .search(let bodies):
            let wanted = plan.wantedRecords
            // `ORDER BY createdate [DESC] LIMIT n` past the ceiling: walk the windows from the
            // order's end and stop when n are in hand, instead of reading every match.
            var stopAfter: Int?
            if let wanted, wanted > client.capabilities.searchResultCeiling, bodies.count == 1, plan.overflow == .windows,
               let first = plan.query.orderBy.first, first.property == plan.object.creationProperty {
                stopAfter = wanted
                context.newestFirst = first.descending
            }
            if plan.overflow == .valueKeyset, let first = plan.query.orderBy.first {
                context.sortProperty = first.property
                context.sortDescending = first.descending
                context.sortType = plan.object.property(first.property)?.type ?? .number
            }
            let cursors = bodies.map { SearchCursor(base: $0, context: context, mode: .plain(wanted: wanted)) }
            return SearchSource(client: client, object: plan.object.name, cursors: cursors, concurrency: 4, stopAfter: stopAfter)
        case .list(let properties, let pageSize):
            if plan.archived {
                return ListSource(client: client, object: plan.object.name, properties: properties, pageSize: pageSize, archived: true)
            }
            if plan.searchAlongside {
                return DualScanSource(client: client, object: plan.object.name, properties: properties, listPageSize: pageSize,
                                      creationProperty: plan.object.creationProperty, startedAt: plan.query.startedAt)
            }
            return ListSource(client: client, object: plan.object.name, properties: properties, pageSize: pageSize)
        case .batchRead(let ids, let properties):
            return BatchReadSource(client: client, object: plan.object.name, ids: ids, properties: properties, batchSize: plan.batchSize)
        case .listMembers(let list):
            return ListMembersSource(client: client, objectTypeId: plan.object.typeId, list: list, listId: plan.knownLists[list]?.id)
        case .derived:
            guard let inner = plan.derived.first else { return EmptySource() }
            return DerivedSource(QueryExecution(plan: inner, client: client, columns: Columns(inner.columns.map(\.name)), nested: true))
        case .countFromTotal, .countPerOption, .extremes, .empty, .listSize:
            return EmptySource()
        }
    }

    /// The next record of the page in hand, if any: most rows need no async call for theirs.
    private func bufferedRecord() -> JoinedRecord? {
        guard batchIndex < batch.count else { return nil }
        batchIndex += 1
        return batch[batchIndex - 1]
    }

    private nonisolated(nonsending) func nextRecord() async throws -> JoinedRecord? {
        while batchIndex >= batch.count {
            if source == nil { source = makeSource() }
            guard !sourceEnded, var page = try await pull() else { return nil }
            if let membershipCheck { page = try await membershipCheck.keep(page, client: client) }
            if let stage {
                // v4 reads take 1,000 ids a call: past the first page (rows soon on screen),
                // pages are gathered up to that many before their associations are read.
                if pagesExpanded > 0, let wanted = stage.gather {
                    while page.count < wanted {
                        guard var more = try await pull() else {
                            sourceEnded = true
                            break
                        }
                        if let membershipCheck { more = try await membershipCheck.keep(more, client: client) }
                        page += more
                    }
                }
                pagesExpanded += 1
                batch = try await stage.expand(page)
            } else {
                let count = plan.query.associations.count
                batch = page.map { JoinedRecord(primary: $0, related: Array(repeating: nil, count: count)) }
            }
            if let property = plan.query.history {
                // Histories are read only for the records the WHERE keeps (re-checked again per row: cheap).
                if checksWhere { batch = batch.filter { matches($0.primary) } }
                if historyStage == nil {
                    historyStage = HistoryStage(client: client, object: plan.object.name, property: property, batchSize: plan.historyBatchSize,
                                                 archived: plan.archived)
                }
                batch = try await historyStage?.expand(batch) ?? batch
            }
            batchIndex = 0
        }
        let record = batch[batchIndex]
        batchIndex += 1
        return record
    }

    /// The source's next page; a cancel first ends what the source has in flight, so nothing of
    /// a cancelled statement is still sent or counted after it reports. (Other failures end the
    /// statement as before: the source's in-flight tasks are cancelled when it is released.)
    private nonisolated(nonsending) func pull() async throws -> [CRMObject]? {
        do {
            // A cancelled statement stops at the next page: pages read ahead may already be in
            // hand (their tasks do not inherit the cancellation), and would otherwise be consumed,
            // and more asked for, as if nothing had happened.
            try Task.checkCancellation()
            let wasInOrder = source?.keepsOrder ?? true
            let page = try await source?.next()
            // Rows stream in the ORDER BY's order: a search that grows past the ceiling during
            // the run (records created or changed meanwhile) goes on by a split that cannot keep
            // it. Fail, saying how far the rows are right, rather than add an unsorted tail.
            if page != nil, blocking == false, !plan.query.orderBy.isEmpty, !wasInOrder {
                throw ExecutionError(message: "more than \(client.capabilities.searchResultCeiling.formatted()) records "
                    + "matched once rows had started (records created or changed during the run), and the rest cannot "
                    + "follow in ORDER BY order; the \(delivered.formatted()) rows delivered are in order. Run it again, "
                    + "or add a LIMIT")
            }
            return page
        } catch let error as CancellationError {
            await source?.close()
            throw error
        }
    }

    private func matches(_ record: CRMObject) -> Bool {
        guard let predicate = plan.query.predicate else { return true }
        // Compiled once per statement (IN lists and OR-ed equalities become hash sets), not
        // interpreted term by term for every record.
        let compiled = plan.compiledPredicate ?? CompiledPredicate(predicate)
        if plan.compiledPredicate == nil { plan.compiledPredicate = compiled }
        return compiled.matches(RecordValues(record: record))
    }

    // MARK: Sorting and aggregating

    /// Whether every record must be read before the first row: aggregates, client sorts, and a
    /// pushed sort the split past 10,000 could not keep (known after the first page).
    private nonisolated(nonsending) func needsBlocking() async throws -> Bool {
        if let blocking { return blocking }
        let decision = try await decideBlocking()
        blocking = decision
        return decision
    }

    private nonisolated(nonsending) func decideBlocking() async throws -> Bool {
        if plan.query.isAggregate || !plan.clientSort.isEmpty { return true }
        switch plan.access {
        case .countFromTotal, .countPerOption, .extremes, .listSize: return true
        default: break
        }
        guard !plan.query.orderBy.isEmpty else { return false }
        // Look at the first page: a split past the ceiling shows itself there.
        if try await nextRecord() != nil { batchIndex -= 1 }
        return !(source?.keepsOrder ?? true)
    }

    private nonisolated(nonsending) func computeBlocking() async throws {
        blockingDone = true
        var keyed: [(row: Row, keys: [Value])] = []
        switch plan.access {
        case .countFromTotal(let body):
            let total = try await client.count(plan.object.name, body)
            keyed = [(Row(columns: columns, values: [.number(Double(total))]), [])]
        case .listSize(let list, let negated):
            var count = try await QueryPrelude.listSize(list, plan: plan, client: client)
            if negated { count = max(0, try await client.count(plan.object.name, PhysicalPlan.countEverything) - count) }
            keyed = [(Row(columns: columns, values: [.number(Double(count))]), [])]
        case .extremes(let bodies):
            // Each page holds one aggregate's extreme record; every other record of the
            // statement lies between them, so the aggregates over these few are the answer.
            var aggregator = GroupAggregator(query: plan.query, projector: projector, evaluator: evaluator)
            for page in try await searchAll(bodies) {
                for record in page.results { aggregator.add(JoinedRecord(primary: record, related: [])) }
            }
            keyed = aggregator.rows(columns: columns)
        case .countPerOption(let property, let options, let bodies):
            var aggregator = GroupAggregator(query: plan.query, projector: projector, evaluator: evaluator)
            let totals = try await countAll(bodies)
            for (index, total) in totals.enumerated() {
                aggregator.addCounted(keys: [index < options.count ? projector.value(options[index].value, property: property) : .null],
                                      count: total)
            }
            keyed = aggregator.rows(columns: columns)
        default:
            if let counting = plan.bucketCounting,
               let groups = try await BucketCounter(client: client, object: plan.object.name, counting: counting, evaluator: evaluator)
                   .count(pageSize: client.capabilities.maxSearchPageSize, counter: { try await self.countAll($0) }) {
                var aggregator = GroupAggregator(query: plan.query, projector: projector, evaluator: evaluator)
                for (keys, total) in groups { aggregator.addCounted(keys: keys, count: total) }
                keyed = aggregator.rows(columns: columns)
            } else if plan.query.isAggregate {
                var aggregator = GroupAggregator(query: plan.query, projector: projector, evaluator: evaluator)
                while let record = try await nextRecord() {
                    if checksWhere, !matches(record.primary) { continue }
                    aggregator.add(record)
                }
                keyed = aggregator.rows(columns: columns)
            } else {
                let cap = plan.limit.map { $0 + plan.offset }
                while let record = try await nextRecord() {
                    if checksWhere, !matches(record.primary) { continue }
                    let values = project(record)
                    let keys = plan.query.orderBy.map { order in
                        if let column = order.column { return values[column] }
                        if let expression = order.expression { return evaluator.evaluate(expression, record) }
                        return projector.value(RowProjector.raw(record.primary, order.property), property: order.property)
                    }
                    keyed.append((Row(columns: columns, values: values), keys))
                    // Top-k: with a LIMIT, keep at most twice what is needed between trims.
                    if let cap, !plan.distinct, keyed.count > max(64, cap * 2) {
                        sort(&keyed)
                        keyed.removeLast(keyed.count - cap)
                    }
                }
            }
        }
        sort(&keyed)
        var rows = keyed.map(\.row)
        if plan.distinct {
            var seen = Set<[Value]>()
            rows = rows.filter { seen.insert($0.values).inserted }
        }
        ready = Array(rows.dropFirst(plan.offset))
    }

    private func sort(_ keyed: inout [(row: Row, keys: [Value])]) {
        let orders = plan.query.orderBy
        guard !orders.isEmpty else { return }
        keyed.sort { lhs, rhs in
            for (index, order) in orders.enumerated() {
                let comparison = Value.order(lhs.keys[index], rhs.keys[index])
                if comparison != 0 { return order.descending ? comparison > 0 : comparison < 0 }
            }
            return false
        }
    }

    /// Counting searches (`limit` 1, read `total`), a few at a time.
    private nonisolated(nonsending) func countAll(_ bodies: [SearchRequest]) async throws -> [Int] {
        try await eachSearch(bodies) { client, object, body in try await client.count(object, body) }
    }

    /// First pages of searches, a few at a time.
    private nonisolated(nonsending) func searchAll(_ bodies: [SearchRequest]) async throws -> [ObjectPage] {
        try await eachSearch(bodies) { client, object, body in try await client.search(object, body) }
    }

    /// `send` for every body, at most four at once; results in the bodies' order.
    private nonisolated(nonsending) func eachSearch<Result: Sendable>(
        _ bodies: [SearchRequest], _ send: @escaping @Sendable (APIClient, String, SearchRequest) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: bodies.count)
            var next = 0
            func add(_ group: inout ThrowingTaskGroup<(Int, Result), any Error>) {
                let index = next
                let body = bodies[index]
                group.addTask { [client, plan] in (index, try await send(client, plan.object.name, body)) }
                next += 1
            }
            while next < min(4, bodies.count) { add(&group) }
            for try await (index, result) in group {
                results[index] = result
                if next < bodies.count { add(&group) }
            }
            return results.compactMap { $0 }
        }
    }
}
