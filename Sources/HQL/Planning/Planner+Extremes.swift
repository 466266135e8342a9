import HubSpotAPI

extension Planner {
    /// `SELECT MIN(p), MAX(q) FROM o [WHERE …]` (or expressions over them) with no GROUP BY, over numbers, dates and
    /// instants: each aggregate is the first record of one search sorted on its property, with
    /// `HAS_PROPERTY` added so records without a value cannot come first. A request per
    /// aggregate instead of reading every match (`MAX(createdate)` over 100,000 contacts: 1
    /// request, not ~640). Text is left to the client: HubSpot's order of strings (case,
    /// accents) is not documented, and MIN/MAX of text ignore case here.
    func extremes(_ query: BoundQuery, _ filters: FilterPlanner.Result) -> [SearchRequest]? {
        guard query.groupKeys.isEmpty, !query.distinct, !query.membershipChecked, query.subqueries.isEmpty,
              query.associations.isEmpty, query.history == nil, filters.searches.count == 1, !filters.residual else { return nil }
        var aggregates: [Aggregate] = []
        for column in query.columns {
            switch column.source {
            case .aggregate(let aggregate): aggregates.append(aggregate)
            // Over aggregates only (the binder refuses a bare property without GROUP BY):
            // `CAST(MAX(createdate) AS DATE)`; its aggregates are among `computedAggregates`.
            case .computed: continue
            default: return nil
            }
        }
        aggregates += query.havingAggregates + query.computedAggregates
        var bodies: [SearchRequest] = []
        var planned = Set<Sort>()
        let properties = Array(Set(aggregates.compactMap(\.property))).sorted()
        for aggregate in aggregates {
            guard aggregate.function == .min || aggregate.function == .max, aggregate.argument == nil,
                  let property = aggregate.property, [.number, .date, .datetime].contains(aggregate.type) else { return nil }
            let sort = Sort(propertyName: property, direction: aggregate.function == .min ? .ascending : .descending)
            guard planned.insert(sort).inserted else { continue }
            let required = Filter(propertyName: property, operator: .hasProperty)
            let conditions = filters.searches[0]
            let groups = conditions.isEmpty ? [FilterGroup(filters: [required])] : conditions.map { FilterGroup(filters: $0.filters + [required]) }
            guard groups.allSatisfy({ $0.filters.count <= capabilities.maxFiltersPerGroup }),
                  groups.reduce(0, { $0 + $1.filters.count }) <= capabilities.maxFiltersTotal else { return nil }
            bodies.append(SearchRequest(filterGroups: groups, sorts: [sort], query: query.searchText, properties: properties, limit: 1))
        }
        return bodies.isEmpty ? nil : bodies
    }
}
