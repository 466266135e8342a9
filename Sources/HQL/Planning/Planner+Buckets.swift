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
    /// `GROUP BY stage, DATE_TRUNC(…)`: an enumeration crossed with the bucket, counted option by
    /// option (and "no value") within each bucket.
    var crossed: Crossed?
    /// Where the bucket's key stands among the GROUP BY keys (the other is the enumeration's).
    var bucketKey = 0

    struct Crossed: Sendable, Hashable {
        var property: String
        var type: PropertyType
        var options: [Property.Option]
    }

    /// The 1-record probe sorted by the property (ascending: the first value, and the total).
    func probe(ascending: Bool) -> SearchRequest {
        search(Filter(propertyName: property, operator: .hasProperty),
               sorts: [Sort(propertyName: property, direction: ascending ? .ascending : .descending)], properties: [property])
    }

    /// A search of `base` AND `filters`.
    func search(_ filter: Filter, _ more: [Filter] = [], sorts: [Sort] = [], properties: [String] = ["hs_object_id"]) -> SearchRequest {
        let added = [filter] + more
        let groups = base.isEmpty ? [FilterGroup(filters: added)] : base.map { FilterGroup(filters: $0.filters + added) }
        return SearchRequest(filterGroups: groups, sorts: sorts, query: searchText, properties: properties, limit: 1)
    }
}

extension Planner {
    /// The bucket counting a grouped query allows, if any: one date bucket key, only COUNT(*)
    /// and the key selected, a WHERE HubSpot answers exactly in one search with room for one
    /// more filter in each group.
    func bucketCounting(_ query: BoundQuery, _ filters: FilterPlanner.Result) -> BucketCounting? {
        guard (1...2).contains(query.groupKeys.count), query.computedAggregates.isEmpty, query.having == nil,
              query.havingCondition == nil, !query.associationsChangeRows, filters.searches.count == 1, !filters.residual,
              query.columns.contains(where: { $0.source == .countAll })
        else { return nil }
        // With two keys, one is an enumeration (or boolean) property: crossed with the bucket.
        var bucketKey = 0
        var crossed: BucketCounting.Crossed?
        if query.groupKeys.count == 2 {
            let enumerationKey = query.groupKeys.firstIndex { key in
                if case .property(_, let type) = key { return type == .enumeration || type == .bool }
                return false
            }
            guard let enumerationKey, case .property(let name, let type) = query.groupKeys[enumerationKey],
                  let property = query.object.property(name) else { return nil }
            bucketKey = 1 - enumerationKey
            let options = type == .bool
                ? [Property.Option(label: "true", value: "true"), Property.Option(label: "false", value: "false")] : property.options
            crossed = BucketCounting.Crossed(property: name, type: type, options: options)
        }
        guard query.columns.allSatisfy({ column in
            switch column.source {
            case .countAll: true
            case .computed(.groupKey(let index)): index == bucketKey
            case .property(let name), .label(let name): name == crossed?.property
            default: false
            }
        }) else { return nil }
        let unit: String
        let key: BucketCounting.Key
        let argument: ScalarExpr
        switch query.groupKeys[bucketKey] {
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
        let added = crossed == nil ? 1 : 2
        guard base.allSatisfy({ $0.filters.count + added <= capabilities.maxFiltersPerGroup }),
              max(1, base.count) * added + base.reduce(0, { $0 + $1.filters.count }) <= capabilities.maxFiltersTotal else { return nil }
        return BucketCounting(property: property, type: type, unit: unit, key: key, base: base, searchText: query.searchText,
                              crossed: crossed, bucketKey: bucketKey)
    }
}
