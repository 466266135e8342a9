import HubSpotAPI

/// Chooses the access path for a bound query by counting requests, and builds its requests.
struct Planner: Sendable {
    let capabilities: SearchCapabilities

    func plan(_ query: BoundQuery) -> PhysicalPlan {
        var plan = planQuery(query)
        plan.historyBatchSize = capabilities.maxHistoryReadInputs
        return plan
    }

    /// The plan that runs the query's subqueries before anything else; nil when it has none.
    private func subqueriesFirst(_ query: BoundQuery) -> PhysicalPlan? {
        guard !query.subqueries.isEmpty || !query.valueSubqueries.isEmpty else { return nil }
        var plan = planWithSubqueries(query)
        plan.listChoice = listChoice(query)
        return plan
    }

    private func planQuery(_ query: BoundQuery) -> PhysicalPlan {
        // A derived table's rows and archived records are read by paths of their own: the
        // subqueries still run first (their conditions were once dropped there, silently).
        if query.derived.first != nil || query.archived, let plan = subqueriesFirst(query) { return plan }
        if let inner = query.derived.first { return planDerived(query, inner) }
        if query.archived { return planArchived(query) }
        if let list = query.listMembership {
            return PhysicalPlan(object: query.object, access: .listMembers(list), residualFilter: false, clientSort: [], limit: nil,
                                offset: 0, overflow: .notNeeded, columns: query.columns, query: query)
        }
        if let (list, negated) = listSizeAccess(query) {
            return PhysicalPlan(object: query.object, access: .listSize(list, negated: negated), residualFilter: false, clientSort: [],
                                limit: query.limit,
                                offset: query.offset, overflow: .notNeeded, columns: query.columns, query: query)
        }
        if let plan = subqueriesFirst(query) { return plan }
        // One filter plan serves the access path and the semi-joins' id searches.
        let filters = FilterPlanner(capabilities: capabilities).plan(query.predicate)
        var plan = planAccess(query, filters)
        plan.semiJoins = semiJoins(query, from: filters)
        if plan.semiJoins.isEmpty, let bodies = extremes(query, filters) {
            plan.access = .extremes(bodies)
            plan.searchAlongside = false
            return plan
        }
        if !plan.semiJoins.isEmpty {
            switch plan.access {
            case .search, .list: plan.driven = true
            default: break
            }
        }
        return plan
    }

    private func planAccess(_ query: BoundQuery, _ filters: FilterPlanner.Result) -> PhysicalPlan {
        var plan = PhysicalPlan(
            object: query.object, access: .empty, residualFilter: filters.residual, clientSort: [], limit: query.limit,
            offset: query.offset, overflow: .notNeeded, columns: query.columns, query: query
        )
        let properties = fetchedProperties(query)
        plan.properties = properties
        plan.batchSize = capabilities.maxBatchInputs
        plan.capabilities = capabilities

        if filters.searches.isEmpty {
            return plan
        }
        // JOINs and semi-joins drop or repeat records after they are read: count and page on the client.
        let rowsChange = query.associationsChangeRows
        if !rowsChange, let counting = countPerOption(query, filters) {
            plan.access = counting
            return plan
        }
        plan.clientGroupBy = query.groupKeyTexts
        plan.bucketCounting = bucketCounting(query, filters)
        plan.distinct = query.distinct
        if query.isCountOnly, filters.searches.count == 1, !filters.residual, !rowsChange {
            plan.access = .countFromTotal(SearchRequest(
                filterGroups: filters.searches[0], query: query.searchText, properties: ["hs_object_id"], limit: 1))
            return plan
        }
        if let ids = idLookup(query.predicate), query.searchText == nil {
            plan.access = .batchRead(ids: ids, properties: properties)
            plan.residualFilter = false
            plan.clientSort = query.orderBy
            return plan
        }
        let unfiltered = filters.searches == [[]] && query.searchText == nil
        if unfiltered, query.orderBy.isEmpty || query.isAggregate {
            plan.clientSort = query.orderBy
            // A scan: the list endpoint has no 10,000 cap and costs the same per page.
            // Pages sized to the LIMIT only when every record read is a row (a computed condition,
            // an aggregate or DISTINCT reads on past it).
            let exact = !rowsChange && !filters.residual && !query.isAggregate && !query.distinct
            plan.access = .list(properties: properties, pageSize: pageSize(query, max: capabilities.maxListPageSize, exact: exact))
            // A long scan also reads through search's budget (idle otherwise): worth its counting
            // search unless a LIMIT makes the scan short.
            plan.searchAlongside = (query.limit.map { $0 + query.offset > 2_000 } ?? true || !exact) && !rowsChange
            return plan
        }
        let single = filters.searches.count == 1
        var sorts: [Sort] = []
        let pushable = !query.isAggregate && query.orderBy.allSatisfy(\.isProperty)
        if let first = query.orderBy.first, single, pushable {
            sorts = [Sort(propertyName: first.property, direction: first.descending ? .descending : .ascending)]
        }
        // A second key, a union of searches, or sorting groups or output columns happens on the client.
        if query.orderBy.count > 1 || (!single && !query.orderBy.isEmpty) || !pushable { plan.clientSort = query.orderBy }
        let exactPaging = single && !filters.residual && plan.clientSort.isEmpty && !query.distinct && !query.isAggregate && !rowsChange
        let size = pageSize(query, max: capabilities.maxSearchPageSize, exact: exactPaging)
        plan.access = .search(filters.searches.map {
            SearchRequest(filterGroups: $0, sorts: sorts, query: query.searchText, properties: properties, limit: size)
        })
        let orderAllowsKeyset = query.orderBy.isEmpty || query.isAggregate || !pushable
            || (query.orderBy.count == 1 && query.orderBy[0].property == "hs_object_id" && !query.orderBy[0].descending)
        let idDescending = pushable && query.orderBy.count == 1 && query.orderBy[0].property == "hs_object_id" && query.orderBy[0].descending
        plan.overflow = orderAllowsKeyset ? .keyset : idDescending ? .keysetDescending : .windows
        // An ordered LIMIT past the ceiling on another number or date: walk the sort itself past
        // each wall instead of reading every match to sort them (windows only order createdate).
        if plan.overflow == .windows, let sort = sorts.first, sort.propertyName != query.object.creationProperty,
           let limit = query.limit, limit + query.offset > capabilities.searchResultCeiling,
           let type = query.object.property(sort.propertyName)?.type, [.number, .date, .datetime].contains(type) {
            plan.overflow = .valueKeyset
        }
        return plan
    }

    /// Archived records: search never returns them, so the list endpoint reads them
    /// (`archived=true`) and the client does the rest (WHERE, sort, groups).
    private func planArchived(_ query: BoundQuery) -> PhysicalPlan {
        var plan = PhysicalPlan(
            object: query.object, access: .empty, residualFilter: query.predicate != nil || query.searchText != nil,
            clientSort: query.orderBy, limit: query.limit, offset: query.offset, overflow: .notNeeded, columns: query.columns,
            query: query)
        let properties = fetchedProperties(query).filter { $0 != "archivedAt" }
        plan.properties = properties
        let exact = !query.associationsChangeRows && query.predicate == nil && query.orderBy.isEmpty && !query.isAggregate && !query.distinct
        plan.access = .list(properties: properties, pageSize: pageSize(query, max: capabilities.maxListPageSize, exact: exact))
        plan.archived = true
        plan.clientGroupBy = query.groupKeyTexts
        plan.distinct = query.distinct
        return plan
    }

    /// A query over another query's rows: the inner one is planned as any query; everything the
    /// outer one does (WHERE, GROUP BY, ORDER BY, LIMIT) is the client's.
    private func planDerived(_ query: BoundQuery, _ inner: BoundQuery) -> PhysicalPlan {
        var plan = PhysicalPlan(
            object: query.object, access: .derived, residualFilter: query.predicate != nil, clientSort: query.orderBy,
            limit: query.limit, offset: query.offset, overflow: .notNeeded, columns: query.columns, query: query)
        plan.derived = [self.plan(inner)]
        plan.clientGroupBy = query.groupKeyTexts
        plan.distinct = query.distinct
        return plan
    }

    /// GROUP BY one enumeration, selecting only the key, its LABEL and COUNT(*), under a
    /// condition HubSpot evaluates exactly in one search: count each option from `total`
    /// instead of fetching rows.
    private func countPerOption(_ query: BoundQuery, _ filters: FilterPlanner.Result) -> PhysicalPlan.Access? {
        guard query.groupKeys.count == 1, query.computedAggregates.isEmpty,
              let key = query.groupBy.first, let property = query.object.property(key),
              property.type == .enumeration || property.type == .bool,
              filters.searches.count == 1, !filters.residual,
              query.columns.contains(where: { $0.source == .countAll }),
              query.columns.allSatisfy({ $0.source == .countAll || $0.source == .property(key) || $0.source == .label(key) })
        else { return nil }
        let options = property.type == .bool
            ? [Property.Option(label: "true", value: "true"), Property.Option(label: "false", value: "false")]
            : property.options
        let base = filters.searches[0].isEmpty ? [FilterGroup(filters: [])] : filters.searches[0]
        guard base.allSatisfy({ $0.filters.count < capabilities.maxFiltersPerGroup }),
              base.reduce(0, { $0 + $1.filters.count + 1 }) <= capabilities.maxFiltersTotal else { return nil }
        func counting(_ filter: Filter) -> SearchRequest {
            SearchRequest(filterGroups: base.map { FilterGroup(filters: $0.filters + [filter]) }, query: query.searchText,
                          properties: ["hs_object_id"], limit: 1)
        }
        var searches = options.map { counting(Filter(propertyName: property.name, operator: .eq, value: $0.value)) }
        searches.append(counting(Filter(propertyName: property.name, operator: .notHasProperty)))
        return .countPerOption(property: property.name, options: options, searches: searches)
    }

    /// `LIMIT n` sizes the page so the last one is not larger than needed.
    private func pageSize(_ query: BoundQuery, max: Int, exact: Bool) -> Int {
        guard exact, let limit = query.limit else { return max }
        return Swift.max(1, Swift.min(max, limit + query.offset))
    }

    /// The properties every request asks for: the columns, and what the client groups, re-checks or sorts by.
    private func fetchedProperties(_ query: BoundQuery) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        func add(_ name: String) { if seen.insert(name).inserted { names.append(name) } }
        for column in query.columns {
            switch column.source {
            case .property(let name), .label(let name): add(name)
            case .aggregate(let aggregate):
                aggregate.property.map(add)
                aggregate.argument?.visitProperties(add)
            case .computed(let expr): expr.visitProperties(add)
            // HISTORY's values come from its own reads, not from the search's properties.
            case .countAll, .associated, .history: break
            }
        }
        for aggregate in query.havingAggregates + query.computedAggregates {
            aggregate.property.map(add)
            aggregate.argument?.visitProperties(add)
        }
        for key in query.groupKeys { key.visitProperties(add) }
        if let predicate = query.predicate { Self.visitProperties(of: predicate, add) }
        for order in query.orderBy where order.column == nil {
            if order.isProperty { add(order.property) }
            order.expression?.visitProperties(add)
        }
        add("hs_object_id")
        return names
    }

    static func visitProperties(of predicate: BoundPredicate, _ visit: (String) -> Void) {
        predicate.visitProperties(visit)
    }

    static func properties(of predicate: BoundPredicate) -> [String] {
        var names: [String] = []
        visitProperties(of: predicate) { names.append($0) }
        return names
    }

    /// `id = x`, `id IN (…)`, or an OR of them: the ids, for batch reads.
    private func idLookup(_ predicate: BoundPredicate?) -> [String]? {
        guard let predicate else { return nil }
        switch predicate {
        case .compare("hs_object_id", _, .equal, let value): return [value]
        case .inList("hs_object_id", _, let values, false): return values
        case .or(let parts):
            var ids: [String] = []
            for part in parts {
                guard let some = idLookup(part) else { return nil }
                ids += some.filter { !ids.contains($0) }
            }
            return ids
        default: return nil
        }
    }
}
