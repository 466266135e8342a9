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

    private enum CodingKeys: String, CodingKey {
        case listId, name, objectTypeId, processingType, createdAt, updatedAt, filter, members
    }

    /// Members are written as `[id, addedAt]` pairs sorted by id, so equal lists give equal dumps
    /// (a dictionary's order differs from one instance to the next).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(listId, forKey: .listId)
        try container.encode(name, forKey: .name)
        try container.encode(objectTypeId, forKey: .objectTypeId)
        try container.encode(processingType, forKey: .processingType)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(filter, forKey: .filter)
        try container.encode(members.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }, forKey: .members)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listId = try container.decode(Int64.self, forKey: .listId)
        name = try container.decode(String.self, forKey: .name)
        objectTypeId = try container.decode(String.self, forKey: .objectTypeId)
        processingType = try container.decode(String.self, forKey: .processingType)
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        updatedAt = try container.decode(Int64.self, forKey: .updatedAt)
        filter = try container.decodeIfPresent(ListFilter.self, forKey: .filter)
        var members: [Int64: Int64] = [:]
        for pair in try container.decode([[Int64]].self, forKey: .members) where pair.count == 2 { members[pair[0]] = pair[1] }
        self.members = members
    }

    init(listId: Int64, name: String, objectTypeId: String, processingType: String, createdAt: Int64, updatedAt: Int64,
        filter: ListFilter? = nil, members: [Int64: Int64] = [:])
    {
        self.listId = listId
        self.name = name
        self.objectTypeId = objectTypeId
        self.processingType = processingType
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.filter = filter
        self.members = members
    }

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
