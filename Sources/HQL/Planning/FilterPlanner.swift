import HubSpotAPI

/// Turns a bound predicate into searches HubSpot accepts: negation normal form, then OR-of-ANDs
/// (filter groups), then packed into as many searches as the limits of ``SearchCapabilities``
/// require. What HubSpot cannot say exactly is pushed down as a superset and re-checked on the
/// client (`residual`), so the answer is exact and no request breaks a limit.
struct FilterPlanner: Sendable {
    let capabilities: SearchCapabilities
    /// Past this many OR-ed groups the expansion is refused rather than sent as hundreds of searches.
    static let maxGroups = 200

    struct Result: Sendable, Hashable {
        /// Filter groups per search; the searches' union, de-duplicated by id, is the answer.
        /// One empty search means "no filter"; no search at all means "nothing matches".
        var searches: [[FilterGroup]]
        /// Whether the client must re-check the whole predicate on each row.
        var residual: Bool
    }

    enum Failure: Error, Hashable {
        case tooComplex(groups: Int)
    }

    func plan(_ predicate: BoundPredicate?) -> Result {
        guard let predicate else { return Result(searches: [[]], residual: false) }
        // Most conditions have no NOT: they already are in negation normal form.
        let negationFree = predicate.hasNegation ? Self.negationNormalForm(predicate, negate: false) : predicate
        let normal = Self.tightenRanges(negationFree)
        // An expansion that cannot fit in `maxSearches` searches is not even turned into filters.
        if expansionSize(normal) <= Self.maxSearches * capabilities.maxFilterGroups,
           let groups = try? disjunctiveNormalForm(normal) {
            let exact = searches(for: groups)
            if exact.searches.count <= Self.maxSearches { return exact }
        }
        // Too many OR-ed groups to send: one search that matches a superset, and the client
        // checks the whole condition.
        return Result(searches: supersetSearch(normal), residual: true)
    }

    /// A union of searches costs requests per search; past this many, one broader search with a
    /// client-side re-check is the cheaper plan.
    static let maxSearches = 4

    /// Filter groups for an OR of ANDs of atoms, packed into searches.
    private func searches(for groups: [[BoundPredicate]]) -> Result {
        var residual = false
        var filterGroups: [FilterGroup] = []
        var seen = Set<FilterGroup>()
        for written in groups {
            let conjunction = Self.tightened(written) ?? written
            var filters: [Filter] = []
            var impossible = false
            for atom in conjunction {
                switch pushdown(atom, into: &filters) {
                case .exact: break
                case .superset: residual = true
                case .never: impossible = true
                }
            }
            if impossible { continue }
            filters = Self.canonical(filters)
            if filters.isEmpty {
                // One group with no filter matches everything: the OR is true.
                return Result(searches: [[]], residual: residual)
            }
            if filters.count > capabilities.maxFiltersPerGroup {
                // Keep the most selective filters (equalities first); the client checks the rest.
                filters.sort { Self.selectivity($0) < Self.selectivity($1) }
                filters = Array(filters.prefix(capabilities.maxFiltersPerGroup))
                residual = true
            }
            let group = FilterGroup(filters: filters)
            if seen.insert(group).inserted { filterGroups.append(group) }
        }
        return Result(searches: pack(filterGroups), residual: residual)
    }

    /// A group's filters sorted (so equal plans print equal bodies) without duplicates.
    static func canonical(_ filters: [Filter]) -> [Filter] {
        guard filters.count > 1 else { return filters }
        let sorted = filters.sorted(by: precedes)
        var result: [Filter] = [sorted[0]]
        result.reserveCapacity(sorted.count)
        for filter in sorted.dropFirst() where filter != result[result.count - 1] { result.append(filter) }
        return result
    }

    /// A total order on filters: property, operator, value, high value, values.
    static func precedes(_ a: Filter, _ b: Filter) -> Bool {
        if a.propertyName != b.propertyName { return a.propertyName < b.propertyName }
        if a.operator != b.operator { return a.operator.rawValue < b.operator.rawValue }
        if a.value != b.value { return precedes(a.value, b.value) }
        if a.highValue != b.highValue { return precedes(a.highValue, b.highValue) }
        return (a.values ?? []).lexicographicallyPrecedes(b.values ?? [])
    }

    /// No value before any value.
    private static func precedes(_ a: String?, _ b: String?) -> Bool {
        guard let b else { return false }
        guard let a else { return true }
        return a < b
    }

    /// Packs groups into searches of at most `maxFilterGroups` groups and `maxFiltersTotal` filters.
    private func pack(_ groups: [FilterGroup]) -> [[FilterGroup]] {
        // Largest groups first, otherwise in the order the expansion produced them (deterministic).
        let ordered = groups.enumerated().sorted {
            $0.element.filters.count != $1.element.filters.count
                ? $0.element.filters.count > $1.element.filters.count : $0.offset < $1.offset
        }.map(\.element)
        var searches: [[FilterGroup]] = []
        var current: [FilterGroup] = []
        var filterCount = 0
        for group in ordered {
            if current.count == capabilities.maxFilterGroups || filterCount + group.filters.count > capabilities.maxFiltersTotal {
                searches.append(current)
                current = []
                filterCount = 0
            }
            current.append(group)
            filterCount += group.filters.count
        }
        if !current.isEmpty { searches.append(current) }
        return searches
    }

    static func selectivity(_ filter: Filter) -> Int {
        switch filter.operator {
        case .eq, .in: 0
        case .between, .containsToken: 1
        case .lt, .lte, .gt, .gte: 2
        default: 3
        }
    }

    // MARK: Normal forms

    /// Pushes NOT down to the atoms. Atoms negate as SQL does: `NOT x < 5` is `x >= 5`, and
    /// neither matches a record without `x`.
    static func negationNormalForm(_ predicate: BoundPredicate, negate: Bool) -> BoundPredicate {
        switch predicate {
        case .and(let parts):
            let mapped = parts.map { negationNormalForm($0, negate: negate) }
            return negate ? .or(mapped) : .and(mapped)
        case .or(let parts):
            let mapped = parts.map { negationNormalForm($0, negate: negate) }
            return negate ? .and(mapped) : .or(mapped)
        case .not(let inner):
            return negationNormalForm(inner, negate: !negate)
        case .constant(let value):
            return .constant(value != negate)
        case .compare(let property, let type, let op, let value):
            guard negate else { return predicate }
            let negated: ComparisonOperator = switch op {
            case .equal: .notEqual
            case .notEqual: .equal
            case .less: .greaterEqual
            case .lessEqual: .greater
            case .greater: .lessEqual
            case .greaterEqual: .less
            }
            return .compare(property: property, type: type, negated, value: value)
        case .inList(let property, let type, let values, let negated):
            return .inList(property: property, type: type, values: values, negated: negated != negate)
        case .between(let property, let type, let low, let high, let negated):
            if negated != negate {
                // Outside the range: below it or above it (both exclude records without a value).
                return .or([.compare(property: property, type: type, .less, value: low),
                            .compare(property: property, type: type, .greater, value: high)])
            }
            return .between(property: property, type: type, low: low, high: high, negated: false)
        case .isNull(let property, let negated):
            return .isNull(property: property, negated: negated != negate)
        case .like(let property, let pattern, let negated):
            return .like(property: property, pattern: pattern, negated: negated != negate)
        case .computed(var condition):
            // The client computes it; only its negation's truth table changes.
            if negate {
                condition.expression = .not(condition.expression)
                condition.text = "NOT (\(condition.text))"
            }
            return .computed(condition)
        case .containsToken(let property, let token, let negated):
            return .containsToken(property: property, token: token, negated: negated != negate)
        }
    }

    /// How many groups the OR-of-ANDs expansion would have, counted without building it
    /// (saturating, so a huge product stays cheap).
    private func expansionSize(_ predicate: BoundPredicate) -> Int {
        let cap = Self.maxGroups + 1
        switch predicate {
        case .or(let parts): return min(cap, parts.reduce(0) { $0 + expansionSize($1) })
        case .and(let parts): return parts.reduce(1) { min(cap, $0 * expansionSize($1)) }
        case .inList(_, _, let values, false) where values.count > capabilities.maxValuesPerFilter:
            return (values.count + capabilities.maxValuesPerFilter - 1) / capabilities.maxValuesPerFilter
        default: return 1
        }
    }

    /// OR of ANDs of atoms. IN lists longer than a filter allows become OR-ed IN filters here.
    func disjunctiveNormalForm(_ predicate: BoundPredicate) throws -> [[BoundPredicate]] {
        switch predicate {
        case .or(let parts):
            var result: [[BoundPredicate]] = []
            for part in parts {
                result += try disjunctiveNormalForm(part)
                if result.count > Self.maxGroups { throw Failure.tooComplex(groups: result.count) }
            }
            return result
        case .and(let parts):
            var result: [[BoundPredicate]] = [[]]
            for part in parts {
                let alternatives = try disjunctiveNormalForm(part)
                var next: [[BoundPredicate]] = []
                for prefix in result {
                    for alternative in alternatives { next.append(prefix + alternative) }
                    if next.count > Self.maxGroups { throw Failure.tooComplex(groups: next.count) }
                }
                result = next
            }
            return result
        case .inList(let property, let type, let values, false) where values.count > capabilities.maxValuesPerFilter:
            return stride(from: 0, to: values.count, by: capabilities.maxValuesPerFilter).map { start in
                let chunk = Array(values[start..<min(values.count, start + capabilities.maxValuesPerFilter)])
                return [.inList(property: property, type: type, values: chunk, negated: false)]
            }
        default:
            return [[predicate]]
        }
    }

    // MARK: Atoms

    enum Pushdown {
        case exact
        /// The filters match a superset; the client re-checks.
        case superset
        case never
    }

    /// Appends the filters that say `atom` to HubSpot (none when it cannot say it at all).
    func pushdown(_ atom: BoundPredicate, into filters: inout [Filter]) -> Pushdown {
        switch atom {
        case .constant(let value):
            return value ? .exact : .never
        case .compare(let property, _, let op, let value):
            switch op {
            case .equal: filters.append(Filter(propertyName: property, operator: .eq, value: value))
            case .notEqual:
                // HubSpot's NEQ also matches records without a value; SQL's != does not.
                filters.append(Filter(propertyName: property, operator: .neq, value: value))
                filters.append(Filter(propertyName: property, operator: .hasProperty))
            case .less: filters.append(Filter(propertyName: property, operator: .lt, value: value))
            case .lessEqual: filters.append(Filter(propertyName: property, operator: .lte, value: value))
            case .greater: filters.append(Filter(propertyName: property, operator: .gt, value: value))
            case .greaterEqual: filters.append(Filter(propertyName: property, operator: .gte, value: value))
            }
            return .exact
        case .inList(let property, _, let values, let negated):
            if !negated {
                filters.append(Filter(propertyName: property, operator: .in, values: values))
                return .exact
            }
            for start in stride(from: 0, to: values.count, by: capabilities.maxValuesPerFilter) {
                filters.append(Filter(propertyName: property, operator: .notIn,
                                      values: Array(values[start..<min(values.count, start + capabilities.maxValuesPerFilter)])))
            }
            filters.append(Filter(propertyName: property, operator: .hasProperty))
            return .exact
        case .between(let property, _, let low, let high, _):
            filters.append(Filter(propertyName: property, operator: .between, value: low, highValue: high))
            return .exact
        case .isNull(let property, let negated):
            filters.append(Filter(propertyName: property, operator: negated ? .hasProperty : .notHasProperty))
            return .exact
        case .containsToken(let property, let token, let negated):
            if negated {
                // Like !=: NOT CONTAINS does not match a record without a value.
                filters.append(Filter(propertyName: property, operator: .notContainsToken, value: token))
                filters.append(Filter(propertyName: property, operator: .hasProperty))
            } else {
                filters.append(Filter(propertyName: property, operator: .containsToken, value: token))
            }
            return .exact
        case .like(let property, let pattern, let negated):
            // 'abc%' narrows to records with a token starting "abc"; the client applies LIKE itself.
            if !negated, let prefix = Self.tokenPrefix(of: pattern) {
                filters.append(Filter(propertyName: property, operator: .containsToken, value: prefix + "*"))
            }
            return .superset
        case .computed:
            // Nothing HubSpot can say: every record is a candidate, the client decides.
            return .superset
        case .and, .or, .not:
            return .superset
        }
    }

    /// The leading word of a `LIKE 'word%…'` pattern, when it is one whole token prefix.
    static func tokenPrefix(of pattern: String) -> String? {
        var prefix = ""
        for character in pattern {
            if character == "%" || character == "_" { break }
            guard character.isLetter || character.isNumber else { return nil }
            prefix.append(character)
        }
        guard !prefix.isEmpty, prefix.count < pattern.count else { return nil }
        return prefix.lowercased()
    }
}
