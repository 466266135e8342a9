import HubSpotAPI

/// The fallback for a condition whose exact OR-of-ANDs does not fit in a few searches: one search
/// that matches a superset, which the client narrows by re-checking the whole condition.
extension FilterPlanner {
    /// One AND-ed part of the condition as OR-ed alternatives, each an AND of atoms. Sizing a
    /// part allocates nothing: an atom, or an OR of atoms, is used as the statement holds it.
    private enum Alternatives {
        case atom(BoundPredicate)
        /// An OR whose parts are atoms: one alternative per atom.
        case anyOf([BoundPredicate])
        case conjunctions([[BoundPredicate]])

        var count: Int {
            switch self {
            case .atom: 1
            case .anyOf(let atoms): atoms.count
            case .conjunctions(let list): list.count
            }
        }

        func forEachAtom(in alternative: Int, _ body: (BoundPredicate) -> Void) {
            switch self {
            case .atom(let atom): body(atom)
            case .anyOf(let atoms): body(atoms[alternative])
            case .conjunctions(let list): list[alternative].forEach(body)
            }
        }
    }

    private struct Part {
        var alternatives: Alternatives
        var rank: Int
        /// Filters in the widest alternative, and in all of them.
        var widest: Int
        var total: Int
    }

    /// Adds the AND-ed parts greedily while the search stays within every limit: fewest
    /// alternatives and most selective first, and a part constraining a property not yet
    /// constrained before one that is. A part with too many alternatives, or one HubSpot cannot
    /// narrow, is left to the client.
    func supersetSearch(_ normal: BoundPredicate) -> [[FilterGroup]] {
        let list: [BoundPredicate] = if case .and(let list) = normal { list } else { [normal] }
        var parts: [Part] = []
        parts.reserveCapacity(list.count)
        // Sizing pushes each atom down into one reused buffer, so the counts are the filters the
        // search will carry: how many, and the most selective of them; nil when it never holds.
        var scratch: [Filter] = []
        scratch.reserveCapacity(8)
        func sized(_ atom: BoundPredicate) -> (count: Int, selectivity: Int)? {
            scratch.removeAll(keepingCapacity: true)
            if case .never = pushdown(atom, into: &scratch) { return nil }
            var best = 3
            for filter in scratch { best = min(best, Self.selectivity(filter)) }
            return (scratch.count, best)
        }
        for predicate in list {
            let alternatives: Alternatives
            switch predicate {
            case .or(let atoms) where atoms.allSatisfy(isOneAlternative):
                guard atoms.count <= capabilities.maxFilterGroups else { continue }
                alternatives = .anyOf(atoms)
            case .and, .or, .inList(_, _, _, false):
                guard let conjunctions = try? disjunctiveNormalForm(predicate),
                      conjunctions.count <= capabilities.maxFilterGroups else { continue }
                alternatives = .conjunctions(conjunctions)
            default:
                alternatives = .atom(predicate)
            }
            // Size each alternative; drop those that never hold.
            var widest = 0, total = 0, worst = 0, live = 0
            var unconstrained = false
            for alternative in 0..<alternatives.count {
                var width = 0
                var best = 3
                var never = false
                alternatives.forEachAtom(in: alternative) { atom in
                    guard let size = sized(atom) else { never = true; return }
                    width += size.count
                    best = min(best, size.selectivity)
                }
                if never { continue }
                // An alternative HubSpot cannot narrow makes the whole part say nothing.
                if width == 0 { unconstrained = true; break }
                live += 1
                widest = max(widest, width)
                total += width
                worst = max(worst, best)
            }
            if unconstrained { continue }
            // An AND-ed part that can never hold: nothing matches.
            if live == 0 { return [] }
            if live < alternatives.count {
                // Rare (a FALSE inside an OR): keep only the alternatives that can hold.
                var kept: [[BoundPredicate]] = []
                for alternative in 0..<alternatives.count {
                    var atoms: [BoundPredicate] = []
                    alternatives.forEachAtom(in: alternative) { atoms.append($0) }
                    if atoms.allSatisfy({ sized($0) != nil }) { kept.append(atoms) }
                }
                parts.append(Part(alternatives: .conjunctions(kept), rank: live * 4 + worst, widest: widest, total: total))
            } else {
                parts.append(Part(alternatives: alternatives, rank: live * 4 + worst, widest: widest, total: total))
            }
        }
        // Stable: equal ranks keep the order written.
        let order = parts.indices.sorted { parts[$0].rank != parts[$1].rank ? parts[$0].rank < parts[$1].rank : $0 < $1 }

        var chosen: [Int] = []
        var groupCount = 1, widest = 0, total = 0  // the search built so far
        var constrained: [String] = []
        for newPropertiesOnly in [true, false] {
            for index in order where !chosen.contains(index) {
                let part = parts[index]
                if newPropertiesOnly {
                    var adds = false
                    for alternative in 0..<part.alternatives.count {
                        part.alternatives.forEachAtom(in: alternative) {
                            if let name = $0.propertyName, !constrained.contains(name) { adds = true }
                        }
                    }
                    if !adds { continue }
                }
                // The product of the groups so far with the part's alternatives, sized before it is built.
                let count = part.alternatives.count
                guard groupCount * count <= capabilities.maxFilterGroups,
                      widest + part.widest <= capabilities.maxFiltersPerGroup,
                      total * count + groupCount * part.total <= capabilities.maxFiltersTotal else { continue }
                groupCount *= count
                widest += part.widest
                total = total * count + groupCount / count * part.total
                chosen.append(index)
                for alternative in 0..<count {
                    part.alternatives.forEachAtom(in: alternative) {
                        if let name = $0.propertyName, !constrained.contains(name) { constrained.append(name) }
                    }
                }
            }
        }
        if chosen.isEmpty { return [[]] }

        // Group g takes one alternative of each chosen part (in the order written; the last varies fastest).
        chosen.sort()
        var result: [FilterGroup] = []
        result.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            var filters: [Filter] = []
            filters.reserveCapacity(widest)
            var stride = groupCount
            for index in chosen {
                let alternatives = parts[index].alternatives
                stride /= alternatives.count
                alternatives.forEachAtom(in: group / stride % alternatives.count) { _ = pushdown($0, into: &filters) }
            }
            let canonical = FilterGroup(filters: Self.canonical(filters))
            if canonical.filters.isEmpty { return [[]] }
            if !result.contains(canonical) { result.append(canonical) }
        }
        return [result]
    }

    /// An atom that is one alternative as it stands (an IN list too long for one filter is several).
    private func isOneAlternative(_ predicate: BoundPredicate) -> Bool {
        switch predicate {
        case .and, .or, .not: false
        case .inList(_, _, let values, false): values.count <= capabilities.maxValuesPerFilter
        default: true
        }
    }
}

extension BoundPredicate {
    /// Whether negation normal form would change it: a NOT, or a NOT BETWEEN (which becomes an OR).
    var hasNegation: Bool {
        switch self {
        case .not, .between(_, _, _, _, true): true
        case .and(let parts), .or(let parts): parts.contains { $0.hasNegation }
        default: false
        }
    }

    /// The property an atom constrains.
    var propertyName: String? {
        switch self {
        case .compare(let property, _, _, _), .inList(let property, _, _, _), .between(let property, _, _, _, _),
             .isNull(let property, _), .like(let property, _, _), .containsToken(let property, _, _): property
        case .and, .or, .not, .constant, .computed: nil
        }
    }
}
