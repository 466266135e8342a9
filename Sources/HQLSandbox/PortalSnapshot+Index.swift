import HubSpotAPI

/// Candidate records for a search, from the property indexes.
extension PortalSnapshot {
    /// Where one filter's matches can be: slices of a property index, or record positions.
    private enum Selection {
        case slices(PropertyIndex, [Range<Int>])
        case positions([Int])

        var cost: Int {
            switch self {
            case .slices(_, let ranges): ranges.reduce(0) { $0 + $1.count }
            case .positions(let positions): positions.count
            }
        }
    }

    /// The records that can match, or nil when a group has no indexable filter (a scan is then
    /// needed anyway) or an index cannot serve this snapshot. In each group, the indexable
    /// filters are intersected, most selective first (skipping those over 100 times less
    /// selective: marking an index entry costs about a hundredth of evaluating a record); the
    /// evaluator then tests the group's filters on the candidates, unless every filter of the
    /// group was intersected and there is no `query`: the indexes then answer it exactly.
    func candidates(for evaluator: SearchEvaluator, type: ObjectType, store: ObjectStore) -> CandidateSet? {
        let groups = evaluator.groups
        guard !groups.isEmpty else { return nil }
        var plans: [(selections: [Selection], exact: Bool)] = []
        for group in groups {
            var selections: [Selection] = []
            for test in group {
                guard let probe = evaluator.probe(test), let selection = select(probe, type: type, store: store) else {
                    continue
                }
                if case .slices(let index, _) = selection, index.newestIndexedAt > now { return nil }
                selections.append(selection)
            }
            selections.sort { $0.cost < $1.cost }
            guard let best = selections.first else { return nil }
            selections = selections.filter { $0.cost <= max(best.cost, 1) * 100 }
            let exact = selections.count == group.count && evaluator.queryTerms.isEmpty
                && selections.allSatisfy { if case .slices = $0 { true } else { false } }
            plans.append((selections, exact))
        }
        let count = store.count
        var set = CandidateSet(count: count)
        var uncovered: [Int] = []
        for (selections, exact) in plans {
            var group: [UInt64] = []
            for (number, selection) in selections.enumerated() {
                var bits = CandidateSet.bits(count)
                switch selection {
                case .slices(let index, let ranges):
                    index.positions.withUnsafeBufferPointer { positions in
                        for range in ranges {
                            for slot in range { CandidateSet.set(&bits, Int(positions[slot])) }
                        }
                    }
                    // Not described by the index: evaluated whatever the intersection says (below).
                    uncovered.append(contentsOf: index.uncovered)
                case .positions(let positions):
                    for position in positions { CandidateSet.set(&bits, position) }
                }
                if number == 0 {
                    group = bits
                } else {
                    for word in group.indices { group[word] &= bits[word] }
                }
            }
            set.add(group, known: exact)
        }
        // Written since the generation began, appended, or not described by an index used.
        for position in uncovered { set.markChanged(position) }
        for position in store.changed { set.markChanged(position) }
        for position in store.indexedCount..<count { set.markChanged(position) }
        return set
    }

    private func select(_ probe: IndexProbe, type: ObjectType, store: ObjectStore) -> Selection? {
        func index(_ property: Int) -> PropertyIndex {
            store.indexes.index(property) {
                PropertyIndex(
                    records: store.records, count: store.indexedCount, changed: store.changed, property: property,
                    spec: type.properties[property], now: now)
            }
        }
        switch probe {
        case .numbers(let property, let op, let low, let high):
            let index = index(property)
            return index.range(op, low, high).map { .slices(index, [$0]) }
        case .numberSet(let property, let values):
            let index = index(property)
            let ranges = values.compactMap { index.range(.eq, $0, $0) }
            return ranges.count == values.count ? .slices(index, ranges) : nil
        case .strings(let property, let op, let low, let high):
            let index = index(property)
            return index.range(op, low, high).map { .slices(index, [$0]) }
        case .stringSet(let property, let values):
            let index = index(property)
            let ranges = values.compactMap { index.range(.eq, $0, $0) }
            return ranges.count == values.count ? .slices(index, ranges) : nil
        case .ids(let ids):
            return .positions(ids.compactMap { store.index(of: $0) })
        }
    }
}
