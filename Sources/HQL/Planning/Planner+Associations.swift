import HubSpotAPI

/// A condition on an associated object (`WHERE companies.industry = 'X'`, or on a JOIN's side),
/// planned as a semi-join: the associated object is searched first for its ids, and then the FROM
/// records associated with them are read by whichever way costs fewer requests (``Cost``).
struct SemiJoinPlan: Sendable {
    /// Index into ``BoundQuery/associations``.
    var association: Int
    /// `SELECT hs_object_id FROM target WHERE …`.
    var inner: PhysicalPlan
    /// `associations.company` when the FROM object can be searched by it (standard objects only).
    var pseudoProperty: String?
    /// The FROM side's filter groups, repeated next to each id in a pseudo-property search.
    var fromGroups: [FilterGroup]
    /// Ids one pseudo-property search can hold (groups and filter limits); 0 when it cannot be used.
    var idsPerSearch: Int

    /// The request-count cost model, applied at run time once the N ids are known:
    /// (a) `⌈N/idsPerSearch⌉` pseudo-property searches; (b) `⌈N/1000⌉` association reads plus
    /// `⌈M/100⌉` batch reads of the M associated FROM records. M is unknown until the
    /// association reads have run, so: when (a) costs no more than (b) at its cheapest (M ≤ 100),
    /// (a) runs at once; otherwise the association reads run, M is counted, and (a) runs only if
    /// it still costs fewer requests than the batch reads left (the reads already made are spent).
    /// Ties go to (a): HubSpot then also applies the FROM filters.
    struct Cost: Sendable, Hashable {
        var pseudoSearches: Int?
        var associationReads: Int

        /// Whether (a) wins before reading associations (against (b) with M ≤ 100).
        var searchesAtOnce: Bool {
            guard let pseudoSearches else { return false }
            return pseudoSearches <= associationReads + 1
        }

        /// Whether (a) still wins once M is known.
        func searchesAfterReads(associated: Int, capabilities: SearchCapabilities) -> Bool {
            guard let pseudoSearches else { return false }
            return pseudoSearches < (associated + capabilities.maxBatchInputs - 1) / capabilities.maxBatchInputs
        }
    }

    func cost(ids: Int, capabilities: SearchCapabilities) -> Cost {
        func ceil(_ a: Int, _ b: Int) -> Int { b > 0 ? (a + b - 1) / b : 0 }
        let searches = pseudoProperty != nil && idsPerSearch > 0 ? ceil(ids, idsPerSearch) : nil
        return Cost(pseudoSearches: searches, associationReads: ceil(ids, capabilities.maxAssociationBatchReadInputs))
    }

    /// The pseudo-property searches for `ids`: each id AND-ed with every FROM group.
    func searches(ids: [String], base: SearchRequest) -> [SearchRequest] {
        guard let pseudoProperty, idsPerSearch > 0 else { return [] }
        return stride(from: 0, to: ids.count, by: idsPerSearch).map { start in
            var body = base
            body.filterGroups = ids[start..<min(ids.count, start + idsPerSearch)].flatMap { id in
                fromGroups.map { FilterGroup(filters: $0.filters + [Filter(propertyName: pseudoProperty, operator: .eq, value: id)]) }
            }
            return body
        }
    }
}

/// `property [NOT] IN (SELECT …)` or `property op (SELECT …)`: the subquery's plan; its values
/// replace the placeholder.
struct SubqueryPlan: Sendable {
    var property: String
    var type: PropertyType
    var negated: Bool
    var plan: PhysicalPlan
    /// Set when the subquery gives one value to compare with.
    var comparison: ComparisonOperator? = nil
    /// Set when its value is written into expressions (``BoundQuery/valueSubqueries``).
    var isValue = false

    /// The stand-in value EXPLAIN shows until the subquery has run.
    static func placeholder(_ index: Int) -> String { "$subquery\(index + 1)" }
}

extension Planner {
    /// The objects `associations.{type}` may name (contract: standard objects only).
    static let pseudoPropertyTypes: Set<String> = ["contact", "company", "deal", "ticket", "quote"]

    /// Plans the outer query with a placeholder per subquery (re-planned once the values are
    /// known), and each subquery on its own.
    func planWithSubqueries(_ query: BoundQuery) -> PhysicalPlan {
        var outer = query
        outer.subqueries = []
        outer.valueSubqueries = []
        var conjuncts: [BoundPredicate] = query.predicate.map { [$0] } ?? []
        for (index, subquery) in query.subqueries.enumerated() {
            let placeholder = SubqueryPlan.placeholder(index)
            if let comparison = subquery.comparison {
                let compare = BoundPredicate.compare(property: subquery.property, type: subquery.type, comparison, value: placeholder)
                conjuncts.append(subquery.negated ? .not(compare) : compare)
            } else {
                conjuncts.append(.inList(property: subquery.property, type: subquery.type,
                                         values: [placeholder], negated: subquery.negated))
            }
        }
        outer.predicate = conjuncts.count == 1 ? conjuncts[0] : .and(conjuncts)
        var plan = plan(outer)
        // The executor re-plans from the statement as bound, once the values are known.
        plan.query = query
        plan.subqueries = query.subqueries.map {
            SubqueryPlan(property: $0.property, type: $0.type, negated: $0.negated, plan: self.plan($0.query),
                         comparison: $0.comparison)
        } + query.valueSubqueries.map {
            SubqueryPlan(property: "", type: .string, negated: false, plan: self.plan($0), isValue: true)
        }
        return plan
    }

    /// The query with the subqueries' values in place of their placeholders.
    static func substitute(_ query: BoundQuery, values: [[String?]]) -> BoundQuery {
        var outer = query
        var conjuncts: [BoundPredicate] = query.predicate.map { [$0] } ?? []
        for (subquery, found) in zip(query.subqueries, values) {
            if let comparison = subquery.comparison {
                // SQL: a comparison with NULL (no row, or a NULL aggregate) is never true, NOT
                // included. More than one row was refused before this.
                guard let value = found.first ?? nil else {
                    conjuncts.append(.constant(false))
                    continue
                }
                let compare = BoundPredicate.compare(property: subquery.property, type: subquery.type, comparison, value: value)
                conjuncts.append(subquery.negated ? .not(compare) : compare)
                continue
            }
            let present = found.compactMap { $0 }
            var unique: [String] = []
            var seen = Set<String>()
            for value in present {
                let wire = subquery.type.isTextual ? value.lowercased() : value
                if seen.insert(wire).inserted { unique.append(wire) }
            }
            if subquery.negated {
                // SQL: NOT IN over a list holding NULL is never true.
                conjuncts.append(present.count < found.count ? .constant(false)
                    : unique.isEmpty ? .constant(true)
                    : .inList(property: subquery.property, type: subquery.type, values: unique, negated: true))
            } else {
                conjuncts.append(unique.isEmpty ? .constant(false)
                    : .inList(property: subquery.property, type: subquery.type, values: unique, negated: false))
            }
        }
        outer.subqueries = []
        outer.predicate = conjuncts.count == 1 ? conjuncts[0] : .and(conjuncts)
        return outer
    }

    /// The query with each `(SELECT …)` value written into its expressions.
    static func substitute(_ query: BoundQuery, scalars values: [Value]) -> BoundQuery {
        guard !query.valueSubqueries.isEmpty else { return query }
        var outer = query
        func aggregate(_ aggregate: Aggregate) -> Aggregate {
            var copy = aggregate
            copy.argument = aggregate.argument?.replacingSubqueries(values)
            return copy
        }
        outer.columns = query.columns.map { column in
            var copy = column
            switch column.source {
            case .computed(let expr): copy.source = .computed(expr.replacingSubqueries(values))
            case .aggregate(let inner): copy.source = .aggregate(aggregate(inner))
            default: break
            }
            return copy
        }
        outer.groupKeys = query.groupKeys.map { $0.replacingSubqueries(values) }
        outer.computedAggregates = query.computedAggregates.map(aggregate)
        outer.havingAggregates = query.havingAggregates.map(aggregate)
        outer.havingCondition = query.havingCondition?.replacingSubqueries(values)
        outer.having = query.having?.replacingSubqueries(values)
        outer.predicate = query.predicate?.replacingSubqueries(values)
        outer.orderBy = query.orderBy.map { order in
            var copy = order
            copy.expression = order.expression?.replacingSubqueries(values)
            return copy
        }
        outer.associations = query.associations.map { association in
            var copy = association
            copy.predicate = association.predicate?.replacingSubqueries(values)
            return copy
        }
        outer.valueSubqueries = []
        return outer
    }

    /// One semi-join per associated object with conditions.
    func semiJoins(_ query: BoundQuery, from: FilterPlanner.Result) -> [SemiJoinPlan] {
        return query.associations.enumerated().compactMap { index, association in
            guard let predicate = association.predicate else { return nil }
            let inner = BoundQuery(
                object: association.target, columns: [BoundColumn(name: "hs_object_id", source: .property("hs_object_id"))],
                predicate: predicate, searchText: nil, orderBy: [], limit: nil, offset: 0, distinct: false,
                isCountOnly: false, startedAt: query.startedAt)
            var pseudo: String?
            if !query.object.isCustom, !association.target.isCustom, association.typeId == nil, association.label == nil,
               Self.pseudoPropertyTypes.contains(association.target.singular) {
                pseudo = "associations.\(association.target.singular)"
            }
            var groups: [FilterGroup] = []
            var idsPerSearch = 0
            if from.searches.count == 1 {
                groups = from.searches[0].isEmpty ? [FilterGroup(filters: [])] : from.searches[0]
                let filters = groups.reduce(0) { $0 + $1.filters.count + 1 }
                if groups.allSatisfy({ $0.filters.count < capabilities.maxFiltersPerGroup }) {
                    idsPerSearch = min(capabilities.maxFilterGroups / groups.count, capabilities.maxFiltersTotal / filters)
                }
            }
            return SemiJoinPlan(association: index, inner: plan(inner), pseudoProperty: pseudo, fromGroups: groups,
                                idsPerSearch: idsPerSearch)
        }
    }
}

extension PhysicalPlan {
    /// The FROM search a pseudo-property search starts from (its sort, properties, page size, text).
    func driverBase(_ capabilities: SearchCapabilities) -> SearchRequest {
        var base: SearchRequest
        switch access {
        case .search(let bodies) where bodies.count == 1: base = bodies[0]
        default: base = SearchRequest(filterGroups: [], query: query.searchText, properties: properties,
                                      limit: capabilities.maxSearchPageSize)
        }
        if base.limit == nil { base.limit = capabilities.maxSearchPageSize }
        return base
    }

    /// The first calls of the driving semi-join's two strategies, with placeholder ids: (a) the
    /// first pseudo-property search, (b) the association read and the FROM batch read.
    var drivenRequests: [PlannedRequest] {
        guard driven, let driver = semiJoins.first else { return [] }
        let target = query.associations[driver.association].target.name
        var calls: [PlannedRequest] = []
        if let first = driver.searches(ids: (1...max(1, driver.idsPerSearch)).map { "$\(target) id \($0)" },
                                       base: driverBase(.hubSpot)).first {
            calls.append(PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/search", body: .search(first)))
        }
        calls.append(PlannedRequest(method: .post, path: "/crm/v4/associations/\(target)/\(object.name)/batch/read",
                                    body: .associationRead(ids: ["$\(target) ids"])))
        calls.append(PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/batch/read",
                                    body: .batchRead(ids: ["$associated \(object.name) ids"], properties: properties)))
        return calls
    }

    /// Associations read after each page of FROM records (for columns, JOIN pairs, or to check a
    /// semi-join that does not drive the reads).
    var associationReads: [Int] {
        query.associations.indices.filter { index in
            let association = query.associations[index]
            let drives = driven && semiJoins.first?.association == index
            return association.kind != .lookup || !association.properties.isEmpty || (association.predicate != nil && !drives)
                || query.associations.contains { $0.via == index }
        }
    }

    /// The association reads of the first page, with placeholders for ids known only then.
    var associationReadRequests: [PlannedRequest] {
        associationReads.flatMap { index -> [PlannedRequest] in
            let association = query.associations[index]
            let from = association.via.map { query.associations[$0].target.name } ?? object.name
            var calls = [PlannedRequest(
                method: .post, path: "/crm/v4/associations/\(from)/\(association.target.name)/batch/read",
                body: .associationRead(ids: [association.via == nil ? "$\(object.name) ids of each page" : "$associated \(from) ids"]))]
            if !association.properties.isEmpty {
                var properties = association.properties
                if !properties.contains("hs_object_id") { properties.append("hs_object_id") }
                calls.append(PlannedRequest(
                    method: .post, path: "/crm/v3/objects/\(association.target.name)/batch/read",
                    body: .batchRead(ids: ["$associated \(association.target.name) ids"], properties: properties)))
            }
            return calls
        }
    }
}
