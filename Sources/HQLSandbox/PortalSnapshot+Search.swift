import Foundation
import HubSpotAPI

/// `POST /crm/v3/objects/{type}/search`, evaluated on a snapshot outside the actor.
extension PortalSnapshot {
    func search(type typeIndex: Int, body: Data?) throws -> Reply {
        let request = try coding.decode(SearchRequest.self, body)
        return coding.reply(200, try search(request, type: typeIndex))
    }

    /// Runs a search; also used directly by benchmarks and tests through ``Sandbox/search(_:objectType:)``.
    /// - Parameter indexes: false evaluates every record (the reference the index path is tested against).
    func search(_ request: SearchRequest, type typeIndex: Int, indexes: Bool = true) throws -> ObjectPage {
        let type = portal.types[typeIndex]
        let store = portal.stores[typeIndex]
        let limit = request.limit ?? 10
        guard limit >= 0, limit <= capabilities.maxSearchPageSize else {
            throw SandboxError.validation("limit must be between 0 and \(capabilities.maxSearchPageSize), got \(limit).")
        }
        var offset = 0
        if let after = request.after, !after.isEmpty {
            guard let value = Int(after), value >= 0 else {
                throw SandboxError.validation("after must be a non-negative integer offset, got \(after).")
            }
            offset = value
        }
        guard offset + limit <= capabilities.searchResultCeiling else {
            throw SandboxError.validation(
                "Search results are limited to \(capabilities.searchResultCeiling): after (\(offset)) + limit (\(limit)) goes past it.",
                subCategory: "SEARCH_RESULT_CEILING")
        }
        guard request.sorts.count <= capabilities.maxSorts else {
            throw SandboxError.validation("At most \(capabilities.maxSorts) sort is allowed, got \(request.sorts.count).")
        }
        let evaluator = try SearchEvaluator(
            request: request, type: type, propertyIndex: store.propertyIndex, capabilities: capabilities,
            associated: { typeName, id in
                guard let other = portal.typeIndex(named: typeName) else { return nil }
                return Set(portal.associations.targets(
                    from: portal.types[other].objectTypeId, id: id, to: type.objectTypeId).keys)
            })

        let instant = now
        let records = store.records
        // Positions of matching records; `lagging` marks those seen with their pre-write values.
        var matches: [Int] = []
        var lagging: Set<Int> = []
        // Selective filters read the records the property indexes point at, the rest every record.
        let candidates = indexes ? candidates(for: evaluator, type: type, store: store) : nil
        // The evaluator reads each record's values in place through a pointer (see `matches`);
        // `offset(of:)` is nil only for computed properties, so the fallback never runs in practice.
        let valuesOffset = MemoryLayout<StoredRecord>.offset(of: \StoredRecord.values)
        records.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            func evaluate(_ position: Int) {
                let record = base + position
                if record.pointee.archived { return }
                if instant >= record.pointee.indexedAt {
                    let hit: Bool
                    if let valuesOffset {
                        let values = (UnsafeRawPointer(record) + valuesOffset).assumingMemoryBound(to: RecordValues.self)
                        hit = evaluator.matches(id: record.pointee.id, values)
                    } else {
                        hit = withUnsafePointer(to: record.pointee.values) { evaluator.matches(id: record.pointee.id, $0) }
                    }
                    if hit { matches.append(position) }
                } else if let previous = record.pointee.previous,
                    withUnsafePointer(to: previous, { evaluator.matches(id: record.pointee.id, $0) })
                {
                    matches.append(position)
                    lagging.insert(position)
                }
            }
            guard let candidates else {
                for position in 0..<buffer.count { evaluate(position) }
                return
            }
            // Set bits in position (creation) order: the order of a search without sorts.
            for word in candidates.check.indices {
                let known = candidates.matched[word]
                var bits = known | candidates.check[word]
                while bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    bits &= bits - 1
                    let position = word &* 64 &+ bit
                    if known & (1 << UInt64(bit)) != 0 { matches.append(position) } else { evaluate(position) }
                }
            }
        }
        func values(_ position: Int) -> RecordValues {
            lagging.contains(position) ? records[position].previous ?? records[position].values : records[position].values
        }
        let total = matches.count
        let end = min(offset + limit, total)
        if let sort = request.sorts.first {
            // Only the first `end` in order are read: a page deep in a large match set needs
            // no full sort (a keyset page over 200,000 contacts is the first 200 of them).
            matches = try sorted(matches, by: sort, type: type, store: store, values: values, first: end)
        }
        var results: [CRMObject] = []
        if offset < end {
            results.reserveCapacity(end - offset)
            for position in matches[offset..<end] {
                results.append(portal.render(
                    records[position], type: typeIndex, requested: request.properties, nulls: true,
                    values: values(position)))
            }
        }
        let paging = offset + limit < total && limit > 0 ? Paging(after: String(offset + limit)) : nil
        return ObjectPage(total: total, results: results, paging: paging)
    }

    /// Sorts by one property; records without a value come last in both directions, ties go by
    /// `hs_object_id` ascending (sandbox choices). Keys are extracted once, then sorted; only the
    /// first `first` positions of the order are returned.
    private func sorted(
        _ matches: [Int], by sort: Sort, type: ObjectType, store: ObjectStore, values: (Int) -> RecordValues, first: Int
    ) throws -> [Int] {
        guard let column = store.propertyIndex[sort.propertyName] else {
            throw SandboxError.validation("Cannot sort on \"\(sort.propertyName)\": no such property on \(type.name).")
        }
        let kind = type.properties[column].type
        let descending = sort.direction == .descending
        let records = store.records
        if kind.isOrdered {
            let keys = matches.map { (key: values($0).numbers[column], id: records[$0].id, position: $0) }
            return Self.smallest(first, of: keys) { a, b in
                if a.key.isNaN || b.key.isNaN { return a.key.isNaN == b.key.isNaN ? a.id < b.id : b.key.isNaN }
                if a.key != b.key { return descending ? a.key > b.key : a.key < b.key }
                return a.id < b.id
            }.map(\.position)
        }
        let folded = kind.isTextual
        let keys = matches.map { position -> (key: String?, id: Int64, position: Int) in
            let row = values(position)
            return (folded ? row.folded[column] : row.raw[column], records[position].id, position)
        }
        return Self.smallest(first, of: keys) { a, b in
            guard let x = a.key, let y = b.key else { return (a.key == nil) == (b.key == nil) ? a.id < b.id : b.key == nil }
            if x != y { return descending ? x > y : x < y }
            return a.id < b.id
        }.map(\.position)
    }

    /// The first `count` elements in the order of `precedes` (a strict total order), sorted: a
    /// full sort when most are wanted, otherwise one pass keeping the best `count` in a sorted
    /// buffer (n comparisons against the worst kept, and few insertions).
    static func smallest<Element>(_ count: Int, of elements: [Element], by precedes: (Element, Element) -> Bool) -> [Element] {
        guard count > 0 else { return [] }
        guard count < elements.count / 4 else { return Array(elements.sorted(by: precedes).prefix(count)) }
        var best: [Element] = []
        best.reserveCapacity(count + 1)
        for element in elements {
            if best.count == count {
                guard let worst = best.last, precedes(element, worst) else { continue }
                best.removeLast()
            }
            // Binary search for the insertion point.
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(best[middle], element) { low = middle + 1 } else { high = middle }
            }
            best.insert(element, at: low)
        }
        return best
    }
}
