import HubSpotAPI

/// The records a search reads, by position, as two bit sets: `matched` match without being
/// evaluated, `check` must be evaluated. Bits rather than sorted lists: candidates of several
/// groups merge without duplicates and come out in position (creation) order.
struct CandidateSet: Sendable {
    var matched: [UInt64]
    var check: [UInt64]

    init(count: Int) {
        matched = Array(repeating: 0, count: (count + 63) / 64)
        check = matched
    }

    mutating func mark(_ position: Int, known: Bool) {
        let word = position >> 6
        let bit = UInt64(1) << UInt64(position & 63)
        if known { matched[word] |= bit } else { check[word] |= bit }
    }

    /// Marks a record to evaluate even if an index said it matches.
    mutating func markChanged(_ position: Int) {
        let word = position >> 6
        let bit = UInt64(1) << UInt64(position & 63)
        matched[word] &= ~bit
        check[word] |= bit
    }
}

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

    /// The records that can match, from each group's most selective indexable filter, or nil
    /// when a group has none (a scan is then needed anyway) or an index cannot serve this
    /// snapshot. Each group's filters are evaluated on its candidates, unless the filter is the
    /// group's only one and there is no `query`: the index then answers it exactly.
    func candidates(for evaluator: SearchEvaluator, type: ObjectType, store: ObjectStore) -> CandidateSet? {
        let groups = evaluator.groups
        guard !groups.isEmpty else { return nil }
        var chosen: [(Selection, exact: Bool)] = []
        for group in groups {
            var best: Selection?
            for test in group {
                guard let probe = evaluator.probe(test), let selection = select(probe, type: type, store: store) else {
                    continue
                }
                if let current = best, current.cost <= selection.cost { continue }
                best = selection
            }
            guard let best else { return nil }
            if case .slices(let index, _) = best, index.newestIndexedAt > now { return nil }
            let exact: Bool
            if case .slices = best { exact = group.count == 1 && evaluator.queryTerms.isEmpty } else { exact = false }
            chosen.append((best, exact))
        }
        var set = CandidateSet(count: store.count)
        for (selection, exact) in chosen {
            switch selection {
            case .slices(let index, let ranges):
                index.positions.withUnsafeBufferPointer { positions in
                    for range in ranges {
                        for slot in range { set.mark(Int(positions[slot]), known: exact) }
                    }
                }
                for position in index.uncovered { set.mark(position, known: false) }
            case .positions(let positions):
                for position in positions { set.mark(position, known: false) }
            }
        }
        // Written since the generation began, or appended: the indexes may not describe them.
        for position in store.changed { set.markChanged(position) }
        for position in store.indexedCount..<store.count { set.markChanged(position) }
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
