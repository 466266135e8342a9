import Foundation
import HubSpotAPI

/// `HISTORY(p)`: reads the past values of `p` for each page of records (batch reads with
/// `propertiesWithHistory`, ``PhysicalPlan/historyBatchSize`` a call) and turns each record into
/// a row per value, newest first — one row with no value when it never had one.
final class HistoryStage {
    private let client: APIClient
    private let object: String
    private let property: String
    private let batchSize: Int
    /// `FROM obj ARCHIVED`: the records are archived, and a batch read finds them only so.
    private let archived: Bool

    init(client: APIClient, object: String, property: String, batchSize: Int, archived: Bool) {
        self.client = client
        self.object = object
        self.property = property
        self.batchSize = batchSize
        self.archived = archived
    }

    nonisolated(nonsending) func expand(_ records: [JoinedRecord]) async throws -> [JoinedRecord] {
        guard !records.isEmpty else { return [] }
        var seen = Set<String>()
        let ids = records.map(\.primary.id).filter { seen.insert($0).inserted }
        var histories: [String: [PropertyHistoryEntry]] = [:]
        let reads = BatchReadSource(client: client, object: object, ids: ids, properties: ["hs_object_id"], batchSize: batchSize,
                                    history: [property], archived: archived)
        while let records = try await reads.next() {
            for record in records { histories[record.id] = record.propertiesWithHistory?[property] ?? [] }
        }
        var rows: [JoinedRecord] = []
        rows.reserveCapacity(records.count)
        for record in records {
            let entries = histories[record.primary.id] ?? []
            if entries.isEmpty {
                rows.append(record)
                continue
            }
            for entry in entries {
                var row = record
                row.history = entry
                rows.append(row)
            }
        }
        return rows
    }
}

extension PropertyHistoryEntry {
    /// One column of `HISTORY(p)` for this entry, the value typed as `p`.
    func part(_ part: BoundColumn.HistoryPart, type: PropertyType) -> Value {
        switch part {
        case .value: RowProjector.typed(value, type)
        case .timestamp: RowProjector.typed(timestamp, .datetime)
        case .source: sourceType.isEmpty ? .null : .string(sourceType)
        }
    }
}
