import HubSpotAPI

/// One association type between two object types (one direction).
struct AssociationDefinition: Sendable, Codable, Hashable {
    var fromObjectTypeId: String
    var toObjectTypeId: String
    var category: String
    var typeId: Int
    var label: String?
    /// The type id of the same association seen from the other side.
    var inverseTypeId: Int
    /// At most one record on the other side holds a primary association (contact→company 1).
    var isPrimary: Bool

    var apiType: AssociationType { AssociationType(category: category, typeId: typeId, label: label) }
}

/// Associations between records, stored in both directions so either side reads in O(1).
struct AssociationStore: Sendable {
    struct Pair: Hashable, Sendable {
        var from: String
        var to: String
    }

    private(set) var definitions: [AssociationDefinition]
    private var byTypeId: [Int: AssociationDefinition] = [:]
    /// (from type, to type) → from id → to id → type ids.
    private var edges: [Pair: [Int64: [Int64: Set<Int>]]] = [:]

    init(definitions: [AssociationDefinition]) {
        self.definitions = definitions
        for definition in definitions { byTypeId[definition.typeId] = definition }
    }

    func definitions(from: String, to: String) -> [AssociationDefinition] {
        definitions.filter { $0.fromObjectTypeId == from && $0.toObjectTypeId == to }
    }

    /// The unlabeled type of a pair (what `PUT …/associations/default/…` makes).
    func defaultDefinition(from: String, to: String) -> AssociationDefinition? {
        definitions.first { $0.fromObjectTypeId == from && $0.toObjectTypeId == to && $0.label == nil }
    }

    func definition(typeId: Int) -> AssociationDefinition? { byTypeId[typeId] }

    /// The records associated with `id`, with their type ids.
    func targets(from: String, id: Int64, to: String) -> [Int64: Set<Int>] {
        edges[Pair(from: from, to: to)]?[id] ?? [:]
    }

    func hasAny(from: String, to: String) -> Bool { !(edges[Pair(from: from, to: to)]?.isEmpty ?? true) }

    /// Adds a typed association in both directions. A labeled type also carries the unlabeled
    /// default (as HubSpot does), and a primary type moves away from any previous primary.
    mutating func add(_ definition: AssociationDefinition, fromId: Int64, toId: Int64) {
        var typeIds: [AssociationDefinition] = [definition]
        if definition.label != nil,
            let unlabeled = defaultDefinition(from: definition.fromObjectTypeId, to: definition.toObjectTypeId)
        {
            typeIds.append(unlabeled)
        }
        if definition.isPrimary {
            let pair = Pair(from: definition.fromObjectTypeId, to: definition.toObjectTypeId)
            for (otherId, types) in edges[pair]?[fromId] ?? [:] where otherId != toId && types.contains(definition.typeId) {
                removeType(definition, fromId: fromId, toId: otherId)
            }
        }
        for typed in typeIds {
            insert(Pair(from: typed.fromObjectTypeId, to: typed.toObjectTypeId), fromId, toId, typed.typeId)
            insert(Pair(from: typed.toObjectTypeId, to: typed.fromObjectTypeId), toId, fromId, typed.inverseTypeId)
        }
    }

    /// Removes every association between two records (both directions).
    mutating func removeAll(from: String, fromId: Int64, to: String, toId: Int64) {
        edges[Pair(from: from, to: to)]?[fromId]?[toId] = nil
        edges[Pair(from: to, to: from)]?[toId]?[fromId] = nil
        cleanUp(Pair(from: from, to: to), fromId)
        cleanUp(Pair(from: to, to: from), toId)
    }

    private mutating func removeType(_ definition: AssociationDefinition, fromId: Int64, toId: Int64) {
        let forward = Pair(from: definition.fromObjectTypeId, to: definition.toObjectTypeId)
        let backward = Pair(from: definition.toObjectTypeId, to: definition.fromObjectTypeId)
        edges[forward]?[fromId]?[toId]?.remove(definition.typeId)
        edges[backward]?[toId]?[fromId]?.remove(definition.inverseTypeId)
        if edges[forward]?[fromId]?[toId]?.isEmpty == true { edges[forward]?[fromId]?[toId] = nil }
        if edges[backward]?[toId]?[fromId]?.isEmpty == true { edges[backward]?[toId]?[fromId] = nil }
    }

    private mutating func insert(_ pair: Pair, _ fromId: Int64, _ toId: Int64, _ typeId: Int) {
        edges[pair, default: [:]][fromId, default: [:]][toId, default: []].insert(typeId)
    }

    private mutating func cleanUp(_ pair: Pair, _ id: Int64) {
        if edges[pair]?[id]?.isEmpty == true { edges[pair]?[id] = nil }
    }

    /// Every association once, for dumps: (from type, from id, to type, to id, type id), taking
    /// only the direction whose type id is listed first in `definitions` order.
    func allEdges() -> [DumpedAssociation] {
        var result: [DumpedAssociation] = []
        for (pair, sources) in edges {
            for (fromId, targets) in sources {
                for (toId, typeIds) in targets {
                    for typeId in typeIds.sorted() {
                        guard let definition = byTypeId[typeId], isCanonicalDirection(definition) else { continue }
                        result.append(DumpedAssociation(
                            fromObjectTypeId: pair.from, fromId: fromId, toObjectTypeId: pair.to, toId: toId,
                            typeId: typeId))
                    }
                }
            }
        }
        return result.sorted {
            ($0.fromObjectTypeId, $0.fromId, $0.toObjectTypeId, $0.toId, $0.typeId)
                < ($1.fromObjectTypeId, $1.fromId, $1.toObjectTypeId, $1.toId, $1.typeId)
        }
    }

    /// Restores one dumped association (in both directions, without the label side effects).
    mutating func restore(_ edge: DumpedAssociation) {
        guard let definition = byTypeId[edge.typeId] else { return }
        insert(Pair(from: edge.fromObjectTypeId, to: edge.toObjectTypeId), edge.fromId, edge.toId, edge.typeId)
        insert(Pair(from: edge.toObjectTypeId, to: edge.fromObjectTypeId), edge.toId, edge.fromId, definition.inverseTypeId)
    }

    private func isCanonicalDirection(_ definition: AssociationDefinition) -> Bool {
        definition.fromObjectTypeId < definition.toObjectTypeId
            || (definition.fromObjectTypeId == definition.toObjectTypeId && definition.typeId <= definition.inverseTypeId)
    }
}

/// An association as a dump stores it.
public struct DumpedAssociation: Sendable, Codable, Hashable {
    /// The source object type id.
    public var fromObjectTypeId: String
    /// The source record id.
    public var fromId: Int64
    /// The target object type id.
    public var toObjectTypeId: String
    /// The target record id.
    public var toId: Int64
    /// The association type id (from → to).
    public var typeId: Int
}
