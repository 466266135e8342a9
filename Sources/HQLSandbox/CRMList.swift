import HubSpotAPI

/// A list (HubSpot's "segment") of records of one object type: MANUAL and SNAPSHOT lists keep
/// their members; a DYNAMIC list's members are the live records its filter matches, evaluated
/// on every read (choice: HubSpot re-evaluates in the background, the sandbox at once).
struct CRMList: Sendable, Codable, Hashable {
    var listId: Int64
    var name: String
    var objectTypeId: String
    /// `MANUAL`, `DYNAMIC` or `SNAPSHOT`.
    var processingType: String
    var createdAt: Int64
    var updatedAt: Int64
    var filter: ListFilter?
    /// Record id → when it was added, for MANUAL and SNAPSHOT lists.
    var members: [Int64: Int64] = [:]

    /// The filter of a DYNAMIC list: one property compared with values.
    struct ListFilter: Sendable, Codable, Hashable {
        var property: String
        /// `EQ` (any of `values`), `GTE` or `NEQ`.
        var operation: String
        var values: [String]
    }
}

extension Portal {
    /// The index of a list by id.
    func listIndex(id: String) -> Int? {
        guard let number = Int64(id) else { return nil }
        return lists.firstIndex { $0.listId == number }
    }

    /// A list's members now: (record id, membership timestamp), by record id.
    func members(of list: CRMList) -> [(id: Int64, at: Int64)] {
        guard let typeIndex = typeIndex(objectTypeId: list.objectTypeId) else { return [] }
        let store = stores[typeIndex]
        if let filter = list.filter, list.processingType == "DYNAMIC" {
            guard let position = store.propertyIndex[filter.property] else { return [] }
            let wanted = Set(filter.values)
            let bound = filter.values.first.flatMap(Double.init) ?? .nan
            var result: [(Int64, Int64)] = []
            for record in store.records where !record.archived {
                let matches: Bool
                switch filter.operation {
                case "GTE": matches = record.values.numbers[position] >= bound
                case "NEQ": matches = record.values.raw[position].map { !wanted.contains($0) } ?? false
                default: matches = record.values.raw[position].map(wanted.contains) ?? false
                }
                if matches { result.append((record.id, max(list.createdAt, record.createdAt))) }
            }
            return result.sorted { $0.0 < $1.0 }
        }
        return list.members.filter { store.record(id: $0.key).map { !$0.archived } ?? false }
            .map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }
}
