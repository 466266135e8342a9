import HubSpotAPI

/// Past values of properties (`propertiesWithHistory`). Generated records carry no log: their
/// stage properties' history is read from the stage dates HubSpot also keeps
/// (`hs_lifecyclestage_{stage}_date`, `hs_date_entered_{stage}`), every other property has one
/// entry (its value, set when the record was created). Writes through the API add entries
/// (kept by ``ObjectStore``), newest first as HubSpot returns them.
struct HistoryEntry: Sendable, Hashable, Codable {
    var value: String
    var timestamp: Int64
    var sourceType: String
}

extension Portal {
    /// The history of `names` (unknown names left out) of a record.
    func history(of record: StoredRecord, type typeIndex: Int, names: [String]) -> [String: [PropertyHistoryEntry]] {
        let store = stores[typeIndex]
        var result: [String: [PropertyHistoryEntry]] = [:]
        for name in names {
            guard let position = store.propertyIndex[name] else { continue }
            let entries = store.history(of: record.id, property: position) ?? generatedHistory(record, type: typeIndex, position: position)
            result[name] = entries.sorted { $0.timestamp > $1.timestamp }.map {
                PropertyHistoryEntry(value: $0.value, timestamp: EpochTime.iso($0.timestamp), sourceType: $0.sourceType,
                    sourceId: $0.sourceType == "CRM_UI" ? "userId:\(owners.first?.userId ?? 0)" : nil)
            }
        }
        return result
    }

    /// What a generated record's property went through.
    func generatedHistory(_ record: StoredRecord, type typeIndex: Int, position: Int) -> [HistoryEntry] {
        let type = types[typeIndex]
        let store = stores[typeIndex]
        let name = type.properties[position].name
        func stamp(_ property: String) -> Int64? {
            store.propertyIndex[property].flatMap { record.values.raw[$0] != nil ? Int64(record.values.numbers[$0]) : nil }
        }
        var stages: [(String, Int64)] = []
        switch (type.name, name) {
        case ("contacts", "lifecyclestage"), ("companies", "lifecyclestage"):
            stages = StandardSchema.lifecycleStages.compactMap { stage in stamp("hs_lifecyclestage_\(stage)_date").map { (stage, $0) } }
        case ("deals", "dealstage"), ("tickets", "hs_pipeline_stage"):
            let pipelines = pipelines[type.name] ?? []
            stages = pipelines.flatMap(\.stages).compactMap { stage in stamp("hs_date_entered_\(stage.id)").map { (stage.id, $0) } }
        default:
            break
        }
        if !stages.isEmpty {
            return stages.map { HistoryEntry(value: $0.0, timestamp: $0.1, sourceType: "CRM_UI") }
        }
        guard let value = record.values.raw[position] else { return [] }
        let calculated = type.properties[position].calculated
        let at = name == type.modifiedProperty ? record.updatedAt : record.createdAt
        return [HistoryEntry(value: value, timestamp: at, sourceType: calculated ? "CALCULATED" : "CRM_UI")]
    }
}
