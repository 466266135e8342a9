import HubSpotAPI

/// The whole emulated portal: schema, records and associations. A value type the ``Sandbox``
/// actor owns; generation, dumps and loads produce one.
public struct Portal: Sendable {
    var types: [ObjectType]
    var stores: [ObjectStore]
    var associations: AssociationStore
    var pipelines: [String: [Pipeline]]
    var owners: [Owner]
    /// Lists (segments) of records, by creation.
    var lists: [CRMList] = []
    private var typeByAlias: [String: Int] = [:]
    private var usedIDs: Set<Int64> = []
    private var idRandom: SeededRandom

    init(types: [ObjectType], associations: [AssociationDefinition], pipelines: [String: [Pipeline]],
        owners: [Owner], seed: UInt64)
    {
        self.types = types
        self.stores = types.map(ObjectStore.init(type:))
        self.associations = AssociationStore(definitions: associations)
        self.pipelines = pipelines
        self.owners = owners
        self.idRandom = SeededRandom(seed: seed ^ 0xA5A5_5A5A)
        for (index, type) in types.enumerated() {
            for alias in type.aliases { typeByAlias[alias] = index }
        }
    }

    /// The type a path names: plural, singular, upper-case singular, object type id or
    /// fully qualified name.
    func typeIndex(named name: String) -> Int? {
        typeByAlias[name] ?? typeByAlias[name.lowercased()]
    }

    func typeIndex(objectTypeId: String) -> Int? {
        types.firstIndex { $0.objectTypeId == objectTypeId }
    }

    /// The number of records of a type (archived included).
    public func recordCount(of typeName: String) -> Int {
        typeIndex(named: typeName).map { stores[$0].count } ?? 0
    }

    /// Calls, emails, meetings, notes, tasks, communications and postal mail (archived included).
    public var activityCount: Int {
        ["calls", "emails", "meetings", "notes", "tasks", "communications", "postal_mail"].reduce(0) { $0 + recordCount(of: $1) }
    }

    /// A fresh record id for a write: 9–12 digits, unique in the portal, not increasing
    /// (HubSpot does not promise growing ids).
    mutating func newID() -> Int64 {
        while true {
            let digits = 9 + idRandom.below(4)
            var low: Int64 = 1
            for _ in 1..<digits { low *= 10 }
            let id = low + Int64(idRandom.next() % UInt64(low * 9))
            if usedIDs.insert(id).inserted { return id }
        }
    }

    /// Reserves an id chosen by the generator or a load; false when taken.
    mutating func claim(_ id: Int64) -> Bool { usedIDs.insert(id).inserted }
}
