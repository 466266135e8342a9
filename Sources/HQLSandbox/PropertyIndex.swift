import HubSpotAPI

/// One property of one object type, sorted: (key, record position) pairs for the records of an
/// index generation (see ``ObjectStore/indexedCount``). Keys are what ``SearchEvaluator``
/// compares: the number (epoch ms for dates) of ordered properties, the lower-cased text of
/// string properties, the wire text of enumerations and booleans (each selected option of a
/// multi-select). Records without a value have no entry, as no indexable comparison matches them.
struct PropertyIndex: Sendable {
    enum Keys: Sendable {
        case numbers([Double])
        case strings([String])
    }

    let keys: Keys
    /// Positions in the key order; `Int32` halves the memory of a million entries.
    let positions: [Int32]
    /// Positions of the generation the index does not describe: written since the generation
    /// began, or not visible to search with their current values when the index was built. A
    /// search evaluates them on the record.
    let uncovered: [Int]
    /// The latest `indexedAt` among the records described: a snapshot taken before it would see
    /// one of them with its previous values, so it cannot use the index.
    let newestIndexedAt: Int64

    var count: Int { positions.count }

    /// Builds the index of `property` over the first `count` records.
    init(records: [StoredRecord], count: Int, changed: Set<Int>, property: Int, spec: PropertySpec, now: Int64) {
        var uncovered: [Int] = []
        var newest: Int64 = 0
        // Records the index may describe: unchanged since the generation began, live, and seen
        // by search with their current values.
        func described(_ position: Int) -> Bool {
            let record = records[position]
            if changed.contains(position) || record.indexedAt > now {
                uncovered.append(position)
                return false
            }
            if record.archived { return false }
            newest = max(newest, record.indexedAt)
            return true
        }
        if spec.type.isOrdered {
            var pairs: [(key: Double, position: Int32)] = []
            pairs.reserveCapacity(count)
            for position in 0..<count where described(position) {
                let number = records[position].values.numbers[property]
                if !number.isNaN { pairs.append((number, Int32(position))) }
            }
            pairs.sort { $0.key < $1.key }
            keys = .numbers(pairs.map(\.key))
            positions = pairs.map(\.position)
        } else {
            var pairs: [(key: String, position: Int32)] = []
            pairs.reserveCapacity(count)
            let folded = spec.type.isTextual
            let multi = spec.isMultiSelect
            for position in 0..<count where described(position) {
                let values = records[position].values
                if folded {
                    if let text = values.folded[property] { pairs.append((text, Int32(position))) }
                } else if let text = values.raw[property] {
                    if multi {
                        for option in Set(text.split(separator: ";").map(String.init)) { pairs.append((option, Int32(position))) }
                    } else {
                        pairs.append((text, Int32(position)))
                    }
                }
            }
            pairs.sort { $0.key < $1.key }
            keys = .strings(pairs.map(\.key))
            positions = pairs.map(\.position)
        }
        self.uncovered = uncovered
        self.newestIndexedAt = newest
    }

    /// The slice of `positions` whose keys satisfy `key op low` (`BETWEEN`: low...high), with the
    /// evaluator's comparisons; nil when the keys are of the other kind.
    func range(_ op: FilterOperator, _ low: Double, _ high: Double) -> Range<Int>? {
        guard case .numbers(let keys) = keys else { return nil }
        // A NaN bound (`Double("nan")`) compares false with every number: nothing matches.
        if low.isNaN || (op == .between && high.isNaN) { return 0..<0 }
        return Self.range(keys, op, low, high)
    }

    func range(_ op: FilterOperator, _ low: String, _ high: String) -> Range<Int>? {
        guard case .strings(let keys) = keys else { return nil }
        return Self.range(keys, op, low, high)
    }

    private static func range<Key: Comparable>(_ keys: [Key], _ op: FilterOperator, _ low: Key, _ high: Key) -> Range<Int>? {
        let all = keys.count
        let range: Range<Int>
        switch op {
        case .eq: range = lowerBound(keys, low)..<upperBound(keys, low)
        case .lt: range = 0..<lowerBound(keys, low)
        case .lte: range = 0..<upperBound(keys, low)
        case .gt: range = upperBound(keys, low)..<all
        case .gte: range = lowerBound(keys, low)..<all
        case .between:
            let start = lowerBound(keys, low)
            range = start..<max(start, upperBound(keys, high))
        default: return nil
        }
        return range
    }

    /// The first index whose key is not below `key`.
    private static func lowerBound<Key: Comparable>(_ keys: [Key], _ key: Key) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index whose key is above `key`.
    private static func upperBound<Key: Comparable>(_ keys: [Key], _ key: Key) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if key < keys[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
