import Foundation
import HubSpotAPI

/// Properties, pipelines, owners and custom-object schemas.
extension Sandbox {
    func properties(type typeIndex: Int) throws -> Reply {
        reply(200, ResultList(results: portal.types[typeIndex].properties.map(\.definition)))
    }

    func property(type typeIndex: Int, name: String) throws -> Reply {
        guard let property = portal.types[typeIndex].properties.first(where: { $0.name == name }) else {
            throw SandboxError.notFound("Unable to find property \(name) on \(portal.types[typeIndex].name)")
        }
        return reply(200, property.definition)
    }

    /// Deals and tickets have pipelines; other types answer an empty list.
    func pipelines(type typeIndex: Int) throws -> Reply {
        reply(200, ResultList(results: portal.pipelines[portal.types[typeIndex].name] ?? []))
    }

    func pipeline(type typeIndex: Int, id: String) throws -> Reply {
        guard let pipeline = portal.pipelines[portal.types[typeIndex].name]?.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Pipeline \(id) not found for \(portal.types[typeIndex].name)")
        }
        return reply(200, pipeline)
    }

    func owners(query: QueryParameters) throws -> Reply {
        let limit = try query.int("limit") ?? 100
        guard limit >= 1, limit <= 500 else { throw SandboxError.validation("limit must be between 1 and 500, got \(limit).") }
        var owners = portal.owners.filter { !$0.archived || (try? query.bool("archived")) == true }
        if let email = query.first("email") { owners = owners.filter { $0.email.lowercased() == email.lowercased() } }
        let start = Int(query.first("after") ?? "") ?? 0
        let end = min(start + limit, owners.count)
        let page = start < end ? Array(owners[start..<end]) : []
        return reply(200, OwnerPage(results: page, paging: end < owners.count ? Paging(after: String(end)) : nil))
    }

    func owner(id: String) throws -> Reply {
        guard let owner = portal.owners.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Owner \(id) not found")
        }
        return reply(200, owner)
    }

    /// `GET /crm/v3/schemas` lists custom objects only, as HubSpot does.
    func schemas() throws -> Reply {
        reply(200, ResultList(results: portal.types.indices.filter { portal.types[$0].isCustom }.map(schema(of:))))
    }

    func schema(type typeIndex: Int) throws -> Reply { reply(200, schema(of: typeIndex)) }

    private func schema(of typeIndex: Int) -> ObjectSchema {
        let type = portal.types[typeIndex]
        let associations = portal.associations.definitions.filter {
            $0.fromObjectTypeId == type.objectTypeId && $0.label == nil
        }.map {
            SchemaAssociation(id: String($0.typeId), fromObjectTypeId: $0.fromObjectTypeId,
                toObjectTypeId: $0.toObjectTypeId, name: nil)
        }
        let stamp = "2021-03-15T09:30:00.000Z"
        return ObjectSchema(
            id: String(type.objectTypeId.split(separator: "-").last ?? ""), name: type.name, labels: type.labels,
            objectTypeId: type.objectTypeId, fullyQualifiedName: type.fullyQualifiedName,
            primaryDisplayProperty: type.primaryDisplayProperty, requiredProperties: [type.primaryDisplayProperty],
            searchableProperties: type.textProperties, secondaryDisplayProperties: [],
            properties: type.properties.map(\.definition), associations: associations, createdAt: stamp, updatedAt: stamp)
    }
}
