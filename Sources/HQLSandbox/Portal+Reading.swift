import HubSpotAPI

/// Reading records out of a portal: the wire form of a record, look-ups by id or unique value,
/// associations. Non-mutating, so the actor (answering writes) and snapshots (answering reads
/// outside it) share them.
extension Portal {
    /// The wire form of a record.
    ///
    /// - Parameters:
    ///   - requested: the `properties` asked for, or `nil` for the type's default set.
    ///   - nulls: search returns a requested property without a value as `null`; GET leaves it out.
    ///   - all: every property that has a value (create and update answers).
    func render(
        _ record: StoredRecord, type typeIndex: Int, requested: [String]?, nulls: Bool, all: Bool = false,
        values override: RecordValues? = nil
    ) -> CRMObject {
        let type = types[typeIndex]
        let index = stores[typeIndex].propertyIndex
        let values = override ?? record.values
        var properties: [String: String?] = [:]
        if all {
            for (position, property) in type.properties.enumerated() {
                if let value = values.raw[position] { properties[property.name] = value }
            }
        } else {
            var names = requested ?? type.defaultProperties
            if requested != nil { names += ["hs_object_id", type.createdProperty, type.modifiedProperty] }
            for name in names {
                guard let position = index[name] else { continue }  // unknown names are ignored
                if let value = values.raw[position] {
                    properties[name] = value
                } else if nulls {
                    properties[name] = .some(nil)
                }
            }
        }
        return CRMObject(
            id: String(record.id), properties: properties, createdAt: EpochTime.iso(record.createdAt),
            updatedAt: EpochTime.iso(record.updatedAt), archived: record.archived,
            archivedAt: record.archivedAt.map(EpochTime.iso))
    }

    /// Finds a record by id, or by the value of a unique property.
    func lookup(type typeIndex: Int, id: String, idProperty: String?) throws -> StoredRecord? {
        let store = stores[typeIndex]
        if let idProperty, idProperty != "hs_object_id" {
            guard let position = store.propertyIndex[idProperty] else {
                throw SandboxError.validation("Property \"\(idProperty)\" does not exist")
            }
            guard store.isUnique(position) else {
                throw SandboxError.validation("\(idProperty) is not a unique property and cannot be used as idProperty")
            }
            return store.id(forUnique: id, propertyIndex: position).flatMap(store.record(id:))
        }
        return Int64(id).flatMap(store.record(id:))
    }

    /// v3 associations of a record for `associations=` on list and read.
    func v3Associations(type typeIndex: Int, id: Int64, names: [String]) -> [String: AssociationIDPage]? {
        guard !names.isEmpty else { return nil }
        let from = types[typeIndex]
        var result: [String: AssociationIDPage] = [:]
        for name in names {
            guard let toIndex = self.typeIndex(named: name) else { continue }
            let to = types[toIndex]
            let targets = liveTargets(from: typeIndex, id: id, to: toIndex)
            guard !targets.isEmpty else { continue }
            var entries: [AssociatedID] = []
            let hasPrimary = associations.definitions(from: from.objectTypeId, to: to.objectTypeId)
                .contains { $0.isPrimary }
            for (targetID, typeIds) in targets {
                for typeId in typeIds.sorted() {
                    guard let definition = associations.definition(typeId: typeId) else { continue }
                    let base = "\(from.singular)_to_\(to.singular)"
                    let typeName: String
                    if definition.isPrimary {
                        typeName = base
                    } else if let label = definition.label {
                        typeName = label.lowercased().replacingOccurrences(of: " ", with: "_")
                    } else {
                        typeName = hasPrimary ? base + "_unlabeled" : base
                    }
                    entries.append(AssociatedID(id: String(targetID), type: typeName))
                }
            }
            result[to.name] = AssociationIDPage(results: entries)
        }
        return result
    }

    /// Associated records that are not archived, sorted by id.
    func liveTargets(from fromIndex: Int, id: Int64, to toIndex: Int) -> [(Int64, Set<Int>)] {
        let targets = associations.targets(
            from: types[fromIndex].objectTypeId, id: id, to: types[toIndex].objectTypeId)
        let store = stores[toIndex]
        return targets.filter { store.record(id: $0.key).map { !$0.archived } ?? false }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
