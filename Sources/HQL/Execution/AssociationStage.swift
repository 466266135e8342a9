import HubSpotAPI

/// After each page of FROM records: reads their associations for dot-path columns, JOINs and
/// semi-joins that do not drive the reads, then the associated records' properties, and turns
/// each FROM record into its rows (one, none, or one per JOIN pair).
final class AssociationStage {
    private let plan: PhysicalPlan
    private let reader: AssociationReader
    /// Ids of associated records that satisfy each association's conditions, by association index.
    private let allowed: [Int: Set<String>]
    private let reads: [Int]
    /// Associated records already fetched, by association index (records shared by many FROM
    /// records, such as a company, are read once).
    private var cache: [Int: [String: CRMObject]] = [:]
    private static let cacheLimit = 20_000

    /// Records worth gathering before one expansion (a v4 call's worth), nil when no
    /// association is read.
    var gather: Int? { reads.isEmpty ? nil : reader.client.capabilities.maxAssociationBatchReadInputs }

    init(plan: PhysicalPlan, client: APIClient, allowed: [Int: Set<String>]) {
        self.plan = plan
        self.reader = AssociationReader(client: client)
        self.allowed = allowed
        self.reads = plan.associationReads
    }

    /// Whether the association keeps `target` (`WITH TYPE`, `WITH LABEL`).
    static func accepts(_ target: AssociationTarget, _ association: BoundAssociation) -> Bool {
        if let typeId = association.typeId, !target.associationTypes.contains(where: { $0.typeId == typeId }) { return false }
        if let label = association.label,
           !target.associationTypes.contains(where: { $0.label?.lowercased() == label.lowercased() }) { return false }
        return true
    }

    nonisolated(nonsending) func expand(_ page: [CRMObject]) async throws -> [JoinedRecord] {
        let count = plan.query.associations.count
        guard !reads.isEmpty, !page.isEmpty else {
            return page.map { JoinedRecord(primary: $0, related: Array(repeating: nil, count: count)) }
        }
        let ids = page.map(\.id)
        var chosen: [Int: [String: [String]]] = [:]
        for index in reads {
            let association = plan.query.associations[index]
            // A second hop reads from the first hop's records (read before it: it was registered first).
            var from = plan.object.name
            var fromIds = ids
            if let via = association.via {
                from = plan.query.associations[via].target.name
                fromIds = Array(Set((chosen[via] ?? [:]).values.joined())).sorted(by: idPrecedes)
            }
            let found = fromIds.isEmpty ? [:] : try await reader.associations(from: from, to: association.target.name, ids: fromIds)
            var byRecord: [String: [String]] = [:]
            for (fromId, targets) in found {
                var kept = targets.filter { Self.accepts($0, association) }
                if association.predicate != nil, let set = allowed[index] {
                    kept = kept.filter { set.contains(String($0.toObjectId)) }
                }
                kept.sort { $0.toObjectId < $1.toObjectId }
                if association.kind == .lookup, let first = kept.first {
                    // A cell holds one record: the primary association's, else the lowest id.
                    let primary = kept.first { $0.associationTypes.contains { $0.label?.lowercased() == "primary" } }
                    kept = [primary ?? first]
                }
                byRecord[fromId] = kept.map { String($0.toObjectId) }
            }
            chosen[index] = byRecord
            if !association.properties.isEmpty { try await fetch(index, association, Set(byRecord.values.joined())) }
        }
        var rows: [JoinedRecord] = []
        for record in page {
            var combinations: [[CRMObject?]] = [Array(repeating: nil, count: count)]
            var keep = true
            for index in reads {
                let association = plan.query.associations[index]
                let optional = association.predicate == nil && association.kind != .join(left: false)
                if let via = association.via {
                    // Each combination follows its own first-hop record.
                    combinations = combinations.flatMap { combination -> [[CRMObject?]] in
                        let targets = combination[via].flatMap { chosen[index]?[$0.id] } ?? []
                        if targets.isEmpty { return optional ? [combination] : [] }
                        return targets.map { id in
                            var next = combination
                            next[index] = cache[index]?[id] ?? CRMObject(id: id, properties: [:], createdAt: "", updatedAt: "")
                            return next
                        }
                    }
                    if combinations.isEmpty {
                        keep = false
                        break
                    }
                    continue
                }
                let targets = chosen[index]?[record.id] ?? []
                if targets.isEmpty {
                    if optional { continue }
                    keep = false
                    break
                }
                let objects = targets.map { id in
                    cache[index]?[id] ?? CRMObject(id: id, properties: [:], createdAt: "", updatedAt: "")
                }
                combinations = combinations.flatMap { combination in
                    objects.map { object in
                        var next = combination
                        next[index] = object
                        return next
                    }
                }
            }
            if keep { rows += combinations.map { JoinedRecord(primary: record, related: $0) } }
        }
        return rows
    }

    private nonisolated(nonsending) func fetch(_ index: Int, _ association: BoundAssociation, _ ids: Set<String>) async throws {
        var known = cache[index] ?? [:]
        if known.count > Self.cacheLimit { known = [:] }
        let missing = ids.filter { known[$0] == nil }.sorted(by: idPrecedes)
        guard !missing.isEmpty else { return }
        var properties = association.properties
        if !properties.contains("hs_object_id") { properties.append("hs_object_id") }
        for record in try await reader.records(association.target.name, ids: missing, properties: properties) {
            known[record.id] = record
        }
        cache[index] = known
    }
}
