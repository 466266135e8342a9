import HubSpotAPI

/// `HISTORY(p)`: after each page of records, their past values of `p` are read by batch reads
/// with `propertiesWithHistory` (HubSpot's search and list pages carry none), and each record
/// becomes a row per value.
extension PhysicalPlan {
    /// The first history read (its ids are each page's records, known at run time).
    var historyReadRequests: [PlannedRequest] {
        guard let property = query.history else { return [] }
        return [PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/batch/read",
                               query: archived ? [.init("archived", "true")] : [], body: .historyRead(ids: ["$\(object.name) ids of each page"], property: property))]
    }

    var historyTree: PlanTree? {
        guard let property = query.history else { return nil }
        return PlanTree(name: "HistoryRead", attributes: [
            ("property", property),
            ("strategy", "batch read with propertiesWithHistory, \(historyBatchSize) records a call; a row per past value, newest first "
                + "(one row of NULLs for a record that never had one)"),
            ("requests", "per page of P \(object.name): ⌈P/\(historyBatchSize)⌉"),
            ("rows", "one per past value"),
        ])
    }
}

extension PlannedRequest {
    /// The body of a history read: ids only, and the one property with its past values.
    static func historyBody(ids: [String], property: String) -> BatchReadRequest {
        BatchReadRequest(inputs: ids.map(ObjectID.init), properties: ["hs_object_id"], propertiesWithHistory: [property])
    }
}
