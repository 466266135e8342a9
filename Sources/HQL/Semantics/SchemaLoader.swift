import Foundation
import HubSpotAPI

/// Reads the portal's schema through a ``HubSpotTransport``: custom-object schemas, the
/// properties of every object, and the owners.
struct SchemaLoader: Sendable {
    let client: APIClient

    init(client: APIClient) { self.client = client }

    /// A loader with its own budget (tests and tools outside a session).
    init(transport: any HubSpotTransport, token: String) {
        let clock = SystemClock()
        client = APIClient(transport: transport, token: token, gate: RateGate(limits: .hubSpot, clock: clock), retry: RetryPolicy(),
                           stats: StatisticsRecorder(retryBudget: 50), clock: clock, capabilities: .hubSpot)
    }

    func load() async throws -> Schema {
        var objects: [ObjectType] = []
        for standard in ObjectType.standard {
            guard let properties: ResultList<PropertyDefinition> = try await get("/crm/v3/properties/\(standard.name)") else {
                continue
            }
            objects.append(ObjectType(
                name: standard.name, singular: standard.singular, typeId: standard.typeId, isCustom: false,
                properties: Self.index(properties.results), defaultSearchProperties: standard.defaults
            ))
        }
        if let schemas: ResultList<ObjectSchema> = try await get("/crm/v3/schemas") {
            for schema in schemas.results {
                objects.append(ObjectType(
                    name: schema.name, singular: schema.name, typeId: schema.objectTypeId,
                    isCustom: true, properties: Self.index(schema.properties),
                    defaultSearchProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
                ))
            }
        }
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
        return Schema(objects: objects, owners: owners)
    }

    /// 100 owners a page: 100,000 users, far more than any HubSpot account has seats.
    static let maxOwnerPages = 1_000

    private static func index(_ definitions: [PropertyDefinition]) -> [String: Property] {
        var properties: [String: Property] = [:]
        for definition in definitions {
            properties[definition.name.lowercased()] = Property(
                name: definition.name, label: definition.label, type: PropertyType(wire: definition.type),
                options: definition.options.map { Property.Option(label: $0.label, value: $0.value) },
                readOnly: definition.modificationMetadata.readOnlyValue, unique: definition.hasUniqueValue
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
