import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Properties, pipelines, owners and schemas.
@Suite struct SchemaEndpointTests {
    let harness = Harness()

    @Test func propertiesListTypesOptionsAndReadOnlyFlags() async throws {
        let response = try await harness.call(.get, "/crm/v3/properties/contacts")
        let json = try jsonObject(response)
        #expect(json["paging"] == nil)
        let list = try decode(ResultList<PropertyDefinition>.self, response)
        let byName = Dictionary(uniqueKeysWithValues: list.results.map { ($0.name, $0) })
        #expect(Set(list.results.map(\.type)) == ["string", "number", "date", "datetime", "enumeration", "bool", "phone_number"])
        let stage = try #require(byName["lifecyclestage"])
        #expect(stage.type == "enumeration")
        #expect(stage.options.map(\.value).contains("customer"))
        #expect(stage.options.allSatisfy { !$0.label.isEmpty && $0.displayOrder >= 0 })
        #expect(byName["email"]?.hasUniqueValue == true)
        #expect(byName["hs_object_id"]?.modificationMetadata.readOnlyValue == true)
        #expect(byName["firstname"]?.modificationMetadata.readOnlyValue == false)
        #expect(byName["hubspot_owner_id"]?.externalOptions == true)
        let single = try decode(PropertyDefinition.self, try await harness.call(.get, "/crm/v3/properties/contacts/email"))
        #expect(single.name == "email")
    }

    @Test func pipelinesListStagesAndRecordsStoreIds() async throws {
        let deals = try decode(ResultList<Pipeline>.self, try await harness.call(.get, "/crm/v3/pipelines/deals"))
        #expect(deals.results.count == 2)
        let sales = try #require(deals.results.first { $0.id == "default" })
        #expect(sales.stages.contains { $0.id == "closedwon" && $0.label == "Closed Won" })
        let stageIds = Set(deals.results.flatMap { $0.stages.map(\.id) })
        for deal in try await harness.listAll("deals", properties: ["pipeline", "dealstage"]) {
            #expect(stageIds.contains(deal.value("dealstage") ?? ""))
            #expect(deals.results.map(\.id).contains(deal.value("pipeline") ?? ""))
        }
        let tickets = try decode(ResultList<Pipeline>.self, try await harness.call(.get, "/crm/v3/pipelines/tickets"))
        #expect(tickets.results.count == 2)
        #expect(tickets.results.allSatisfy { !$0.stages.isEmpty })
        #expect(try await harness.call(.get, "/crm/v3/pipelines/deals/default").status == 200)
    }

    @Test func ownersPageFilterByEmailAndAreReferencedByRecords() async throws {
        let page = try decode(OwnerPage.self, try await harness.call(.get, "/crm/v3/owners", query: [("limit", "10")]))
        #expect(page.results.count == 10)
        let after = try #require(page.paging?.next?.after)
        let rest = try decode(OwnerPage.self, try await harness.call(.get, "/crm/v3/owners", query: [("limit", "100"), ("after", after)]))
        let owners = page.results + rest.results
        #expect(Set(owners.map(\.id)).count == owners.count)
        let first = owners[0]
        let byEmail = try decode(OwnerPage.self, try await harness.call(.get, "/crm/v3/owners", query: [("email", first.email)]))
        #expect(byEmail.results.map(\.id) == [first.id])
        let ownerIds = Set(owners.map(\.id))
        for contact in try await harness.listAll(properties: ["hubspot_owner_id"]).prefix(50) {
            #expect(ownerIds.contains(contact.value("hubspot_owner_id") ?? ""))
        }
    }

    @Test func schemasListTheCustomObject() async throws {
        let list = try decode(ResultList<ObjectSchema>.self, try await harness.call(.get, "/crm/v3/schemas"))
        let vehicles = try #require(list.results.first)
        #expect(vehicles.objectTypeId.hasPrefix("2-"))
        #expect(Int(vehicles.objectTypeId.dropFirst(2)) != nil)
        #expect(vehicles.properties.contains { $0.name == "vin" })
        let viaService = try await harness.call(.get, "/crm-object-schemas/v3/schemas/\(vehicles.objectTypeId)")
        #expect(try decode(ObjectSchema.self, viaService).name == "vehicles")
        for name in [vehicles.objectTypeId, vehicles.name, vehicles.fullyQualifiedName] {
            #expect(try await harness.call(.get, "/crm/v3/objects/\(name)", query: [("limit", "1")]).status == 200, "\(name)")
        }
    }
}
