import Foundation
import HubSpotAPI

/// Reads the portal's schema through a ``HubSpotTransport``, as much as a statement needs
/// (``SchemaNeeds``): the properties of each standard object it names, the custom-object
/// schemas, the owners — the parts in parallel, each request counted in the statement's
/// statistics (the loader uses the statement's client).
struct SchemaLoader: Sendable {
    let client: APIClient

    init(client: APIClient) { self.client = client }

    /// A loader with its own budget (tests and tools outside a session).
    init(transport: any HubSpotTransport, token: String) {
        let clock = SystemClock()
        client = APIClient(transport: transport, token: token, gate: RateGate(limits: .hubSpot, clock: clock), retry: RetryPolicy(),
                           stats: StatisticsRecorder(retryBudget: 50), clock: clock, capabilities: .hubSpot)
    }

    /// Everything: every standard object, the custom objects and the owners.
    func load() async throws -> Schema {
        try await load(.everything).schema
    }

    /// What `needs` asks for, read concurrently.
    func load(_ needs: SchemaNeeds) async throws -> SchemaCatalog {
        try await withThrowingTaskGroup(of: SchemaCatalog.self) { group in
            for name in needs.objects {
                group.addTask {
                    var part = SchemaCatalog()
                    if let object = try await standardObject(name) { part.standard[name] = object } else { part.absent.insert(name) }
                    return part
                }
            }
            if needs.customObjects {
                group.addTask {
                    var part = SchemaCatalog()
                    part.customs = try await customObjects()
                    return part
                }
            }
            if needs.owners {
                group.addTask {
                    var part = SchemaCatalog()
                    part.owners = try await owners()
                    return part
                }
            }
            var catalog = SchemaCatalog()
            for try await part in group { catalog.merge(part) }
            return catalog
        }
    }

    /// A standard object with its properties; nil when the portal does not have it (404).
    func standardObject(_ name: String) async throws -> ObjectType? {
        guard let standard = ObjectType.standard.first(where: { $0.name == name }),
              let properties: ResultList<PropertyDefinition> = try await get("/crm/v3/properties/\(name)") else { return nil }
        return ObjectType(name: standard.name, singular: standard.singular, typeId: standard.typeId, isCustom: false,
                          properties: Self.index(properties.results), defaultSearchProperties: standard.defaults)
    }

    /// The custom objects, with their properties (one read).
    func customObjects() async throws -> [ObjectType] {
        guard let schemas: ResultList<ObjectSchema> = try await get("/crm/v3/schemas") else { return [] }
        return schemas.results.map { schema in
            ObjectType(name: schema.name, singular: schema.name, typeId: schema.objectTypeId, isCustom: true,
                       properties: Self.index(schema.properties),
                       defaultSearchProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"])
        }
    }

    /// Every owner, page by page.
    func owners() async throws -> [Owner] {
        var owners: [Owner] = []
        var after: String?
        var afters = Set<String>()
        repeat {
            var query = [HubSpotRequest.QueryItem("limit", "100")]
            if let after { query.append(.init("after", after)) }
            guard let page: OwnerPage = try await get("/crm/v3/owners", query: query) else { break }
            owners += page.results
            after = page.paging?.next?.after
            // A cursor that comes back, or more pages than any portal has owners, would never end.
            if let next = after, !afters.insert(next).inserted || afters.count > Self.maxOwnerPages {
                throw HubSpotError.inconsistent("the owners' paging cursor came back, or ran past \(Self.maxOwnerPages) pages "
                                                + "(after='\(next.prefix(40))')", call: "GET /crm/v3/owners")
            }
        } while after != nil
        return owners
    }

    /// 100 owners a page: 100,000 users, far more than any HubSpot account has seats.
    static let maxOwnerPages = 1_000

    private static func index(_ definitions: [PropertyDefinition]) -> [String: Property] {
        var properties: [String: Property] = [:]
        for definition in definitions {
            properties[definition.name.lowercased()] = Property(
                name: definition.name, label: definition.label, type: PropertyType(wire: definition.type),
                options: definition.options.map { Property.Option(label: $0.label, value: $0.value) },
                readOnly: definition.modificationMetadata.readOnlyValue, unique: definition.hasUniqueValue,
                group: definition.groupName, calculated: definition.calculated
            )
        }
        return properties
    }

    /// GET and decode; nil on 404 (an object this portal does not have).
    private func get<T: Decodable>(_ path: String, query: [HubSpotRequest.QueryItem] = []) async throws -> T? {
        do {
            return try await client.send(HubSpotRequest(method: .get, path: path, query: query), kind: .schema, as: T.self)
        } catch let error as HubSpotError where error.status == 404 {
            return nil
        }
    }
}
