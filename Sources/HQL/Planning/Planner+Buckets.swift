import HubSpotAPI

/// `GROUP BY DATE_TRUNC(unit, d)` (or `DATE(d)`, `EXTRACT(YEAR FROM d)`) with only `COUNT(*)`:
/// HubSpot can count each bucket (a range search of `limit` 1, read `total`), which costs a
/// request per bucket whatever the number of records.
struct BucketCounting: Sendable, Hashable {
    enum Key: Sendable, Hashable {
        /// The bucket's first day (DATE_TRUNC, DATE).
        case day
        /// The year as a number (EXTRACT(YEAR …)).
        case year
    }

    var property: String
    var type: PropertyType
    /// day, week, month, quarter or year.
    var unit: String
    var key: Key
    /// The WHERE clause's one search (no groups: no filter).
    var base: [FilterGroup]
    var searchText: String?

    /// The 1-record probe sorted by the property (ascending: the first value, and the total).
    func probe(ascending: Bool) -> SearchRequest {
        search(Filter(propertyName: property, operator: .hasProperty),
               sorts: [Sort(propertyName: property, direction: ascending ? .ascending : .descending)], properties: [property])
    }

    /// A search of `base` AND `filter`.
    func search(_ filter: Filter, sorts: [Sort] = [], properties: [String] = ["hs_object_id"]) -> SearchRequest {
        let groups = base.isEmpty ? [FilterGroup(filters: [filter])] : base.map { FilterGroup(filters: $0.filters + [filter]) }
        return SearchRequest(filterGroups: groups, sorts: sorts, query: searchText, properties: properties, limit: 1)
    }
}

extension Planner {
    /// The bucket counting a grouped query allows, if any: one date bucket key, only COUNT(*)
    /// and the key selected, a WHERE HubSpot answers exactly in one search with room for one
    /// more filter in each group.
    func bucketCounting(_ query: BoundQuery, _ filters: FilterPlanner.Result) -> BucketCounting? {
        guard query.groupKeys.count == 1, query.computedAggregates.isEmpty, query.having == nil, query.havingCondition == nil,
              !query.associationsChangeRows, filters.searches.count == 1, !filters.residual,
              query.columns.contains(where: { $0.source == .countAll }),
              query.columns.allSatisfy({ $0.source == .countAll || $0.source == .computed(.groupKey(0)) })
        else { return nil }
        let unit: String
        let key: BucketCounting.Key
        let argument: ScalarExpr
        switch query.groupKeys[0] {
        case .call(.dateTrunc, let arguments) where arguments.count == 2:
            guard case .constant(.string(let named)) = arguments[0], ["day", "week", "month", "quarter", "year"].contains(named) else { return nil }
            (unit, key, argument) = (named, .day, arguments[1])
        case .call(.date, let arguments) where arguments.count == 1:
            (unit, key, argument) = ("day", .day, arguments[0])
        case .cast(let inner, .date):
            (unit, key, argument) = ("day", .day, inner)
        case .call(.datePart, let arguments) where arguments.count == 2:
            guard case .constant(.string("year")) = arguments[0] else { return nil }
            (unit, key, argument) = ("year", .year, arguments[1])
        default:
            return nil
        }
        guard case .property(let property, let type) = argument, type == .date || type == .datetime else { return nil }
        let base = filters.searches[0]
        guard base.allSatisfy({ $0.filters.count < capabilities.maxFiltersPerGroup }),
              base.reduce(0, { $0 + $1.filters.count + 1 }) <= capabilities.maxFiltersTotal else { return nil }
        return BucketCounting(property: property, type: type, unit: unit, key: key, base: base, searchText: query.searchText)
    }
}
