import HubSpotAPI

/// The records of one object type, kept in creation order (`createdAt`, then id), which is the
/// order of a search without sorts.
struct ObjectStore: Sendable {
    let type: ObjectType
    let propertyIndex: [String: Int]
    private(set) var records: [StoredRecord] = []
    private var position: [Int64: Int] = [:]
    /// Unique properties (contacts' `email`): lower-cased value → id, for live records.
    private var uniqueValues: [Int: [String: Int64]] = [:]
    private var uniquePositions: [Int] = []
    private var idOrderCache: [Int]?
    /// Search indexes describe the first `indexedCount` records (an index generation) as they
    /// were when the generation began, except the positions in `changed`; records appended since
    /// come after them. A search evaluates changed and appended records on the record itself, so
    /// a write costs no index maintenance; once they are many, or when an insert moves records,
    /// a new generation begins and indexes are rebuilt by the next search that needs them.
    private(set) var indexes = SearchIndexes()
    private(set) var indexedCount = 0
    private(set) var changed: Set<Int> = []
    /// Property histories written through the API: record id → property index → entries
    /// (generated records have none until written; see ``Portal/generatedHistory``).
    private var histories: [Int64: [Int: [HistoryEntry]]] = [:]

    init(type: ObjectType) {
        self.type = type
        self.propertyIndex = type.index
        for (index, property) in type.properties.enumerated() where property.unique && property.name != "hs_object_id" {
            uniqueValues[index] = [:]
            uniquePositions.append(index)
        }
    }

    var count: Int { records.count }

    func history(of id: Int64, property: Int) -> [HistoryEntry]? { histories[id]?[property] }

    /// Records a write of a property: `earlier` is what it had been through until now.
    mutating func appendHistory(_ entry: HistoryEntry, id: Int64, property: Int, earlier: [HistoryEntry]) {
        histories[id, default: [:]][property, default: earlier].append(entry)
    }

    func record(id: Int64) -> StoredRecord? {
        position[id].map { records[$0] }
    }

    func index(of id: Int64) -> Int? { position[id] }

    /// The live record holding `value` in the unique property at `propertyIndex`.
    func id(forUnique value: String, propertyIndex: Int) -> Int64? {
        uniqueValues[propertyIndex]?[value.lowercased()]
    }

    func isUnique(_ propertyIndex: Int) -> Bool { uniqueValues[propertyIndex] != nil }

    /// Positions of every record in ascending id order (the list endpoint's order), kept until
    /// the next insert.
    mutating func idOrder() -> [Int] {
        let order = currentIDOrder()
        idOrderCache = order
        return order
    }

    /// The same order without keeping it (snapshots are read-only: the actor warms the cache
    /// with ``idOrder()`` before handing one out).
    func currentIDOrder() -> [Int] {
        idOrderCache ?? records.indices.sorted { records[$0].id < records[$1].id }
    }

    /// Inserts a record at its creation-order place.
    mutating func insert(_ record: StoredRecord) {
        let key = (record.createdAt, record.id)
        if let last = records.last, (last.createdAt, last.id) > key {
            var low = 0
            var high = records.count
            while low < high {
                let mid = (low + high) / 2
                if (records[mid].createdAt, records[mid].id) < key { low = mid + 1 } else { high = mid }
            }
            records.insert(record, at: low)
            for index in low..<records.count { position[records[index].id] = index }
            // Positions moved: the indexes describe records that are no longer there.
            if low < indexedCount { newIndexGeneration() }
        } else {
            records.append(record)
            position[record.id] = records.count - 1
        }
        idOrderCache = nil
        indexUnique(record, adding: true)
        newIndexGenerationIfStale()
    }

    /// Replaces a record in place (its `createdAt` must not change).
    mutating func replace(_ record: StoredRecord) {
        guard let index = position[record.id] else { return }
        indexUnique(records[index], adding: false)
        records[index] = record
        indexUnique(record, adding: true)
        if index < indexedCount {
            changed.insert(index)
            newIndexGenerationIfStale()
        }
    }

    /// Changes the values of the record at `position` in place, for the generator's later passes:
    /// `body` must not change unique properties (their look-up is not maintained here) and the
    /// caller ends with ``invalidateIndexes()``.
    mutating func mutateValues(at position: Int, _ body: (inout RecordValues) -> Void) {
        body(&records[position].values)
    }

    /// Forgets every search index (after ``mutateValues(at:_:)``).
    mutating func invalidateIndexes() { newIndexGeneration() }

    /// Starts a new generation when the records a search must evaluate outside the indexes are
    /// more than 1/64 of the generation (so they cost a search at most a few percent of a scan).
    private mutating func newIndexGenerationIfStale() {
        if changed.count + records.count - indexedCount > max(256, indexedCount / 64) { newIndexGeneration() }
    }

    private mutating func newIndexGeneration() {
        // A cache no snapshot shares is emptied in place (the generator inserts a million records).
        if isKnownUniquelyReferenced(&indexes) { indexes.removeAll() } else { indexes = SearchIndexes() }
        indexedCount = records.count
        changed = []
    }

    private mutating func indexUnique(_ record: StoredRecord, adding: Bool) {
        // Iterating `uniqueValues.keys` would hold a second reference and copy the index on every write.
        for propertyIndex in uniquePositions {
            guard let value = record.values.raw[propertyIndex]?.lowercased() else { continue }
            if adding && !record.archived {
                uniqueValues[propertyIndex]?[value] = record.id
            } else if !adding, uniqueValues[propertyIndex]?[value] == record.id {
                uniqueValues[propertyIndex]?[value] = nil
            }
        }
    }
}
