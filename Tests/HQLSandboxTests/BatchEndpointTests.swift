import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Objects v3 batch calls.
@Suite struct BatchEndpointTests {
    let harness = Harness()

    @Test func batchReadAnswers200OrA207WithErrorsForMissingIds() async throws {
        let ids = try await harness.listAll(properties: []).prefix(100).map(\.id)
        let ok = try await harness.call(.post, "/crm/v3/objects/contacts/batch/read", json: BatchReadRequest(
            inputs: ids.map(ObjectID.init), properties: ["email", "country"]))
        #expect(ok.status == 200)
        let full = try decode(BatchResponse<CRMObject>.self, ok)
        #expect(full.status == "COMPLETE")
        #expect(Set(full.results.map(\.id)) == Set(ids))
        #expect(full.errors == nil)
        let partial = try await harness.call(.post, "/crm/v3/objects/contacts/batch/read", json: BatchReadRequest(
            inputs: [ObjectID(id: ids[0]), ObjectID(id: "999999999999")]))
        #expect(partial.status == 207)
        let body = try decode(BatchResponse<CRMObject>.self, partial)
        #expect(body.results.map(\.id) == [ids[0]])
        #expect(body.numErrors == 1)
        #expect(body.errors?.first?.category == "OBJECT_NOT_FOUND")
        #expect(body.errors?.first?.context["ids"] == ["999999999999"])
    }

    @Test func batchReadByIdPropertyAndOmitsPropertiesWithoutValue() async throws {
        let records = try await harness.listAll(properties: ["email", "jobtitle"]).filter { $0.value("email") != nil }.prefix(20)
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/read", json: BatchReadRequest(
            inputs: records.compactMap { $0.value("email") }.map(ObjectID.init), properties: ["jobtitle"], idProperty: "email"))
        let body = try decode(BatchResponse<CRMObject>.self, response)
        #expect(Set(body.results.map(\.id)) == Set(records.map(\.id)))
        for result in body.results where records.first(where: { $0.id == result.id })?.value("jobtitle") == nil {
            #expect(result.properties.keys.contains("jobtitle") == false)
        }
    }

    @Test(arguments: ["read", "create", "update", "upsert", "archive"])
    func batchesAreLimitedTo100Inputs(operation: String) async throws {
        let inputs = (0..<101).map { "{\"id\": \"\($0 + 1)\", \"idProperty\": \"email\", \"properties\": {}}" }
        let response = try await harness.call(
            .post, "/crm/v3/objects/contacts/batch/\(operation)", raw: "{\"inputs\": [\(inputs.joined(separator: ","))]}")
        _ = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func batchCreateAnswers201AndRejectsTheWholeBatchOnAnInvalidInput() async throws {
        let inputs = (0..<100).map { ObjectCreateInput(properties: ["email": "batch\($0)@example.org", "lifecyclestage": "lead"]) }
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/create", json: BatchInput(inputs: inputs))
        #expect(response.status == 201)
        let body = try decode(BatchResponse<CRMObject>.self, response)
        #expect(body.results.count == 100)
        #expect(Set(body.results.compactMap { $0.value("email") }).count == 100)
        let mixed = [ObjectCreateInput(properties: ["email": "fine@example.org"]), ObjectCreateInput(properties: ["bogus": "1"])]
        let rejected = try await harness.call(.post, "/crm/v3/objects/contacts/batch/create", json: BatchInput(inputs: mixed))
        _ = try harness.expectError(rejected, status: 400, category: "VALIDATION_ERROR")
        let search = try await harness.search(oneGroup(filter("email", .eq, "fine@example.org")))
        #expect(search.total == 0)
    }

    @Test func batchUpdateAnswers200Or207() async throws {
        let ids = try await harness.listAll("companies", properties: []).prefix(3).map(\.id)
        let inputs = ids.map { ObjectUpdateInput(id: $0, properties: ["city": "Utrecht"]) }
        let ok = try await harness.call(.post, "/crm/v3/objects/companies/batch/update", json: BatchInput(inputs: inputs))
        #expect(ok.status == 200)
        #expect(try decode(BatchResponse<CRMObject>.self, ok).results.allSatisfy { $0.value("city") == "Utrecht" })
        let partial = try await harness.call(.post, "/crm/v3/objects/companies/batch/update", json: BatchInput(
            inputs: inputs + [ObjectUpdateInput(id: "42", properties: ["city": "Nowhere"])]))
        #expect(partial.status == 207)
        let body = try decode(BatchResponse<CRMObject>.self, partial)
        #expect(body.results.count == 3)
        #expect(body.errors?.first?.context["ids"] == ["42"])
    }

    @Test func batchUpsertCreatesOrUpdatesByUniqueProperty() async throws {
        let existing = try #require(try await harness.listAll(properties: ["email"]).first { $0.value("email") != nil })
        let email = try #require(existing.value("email"))
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/upsert", json: BatchInput(inputs: [
            ObjectUpdateInput(id: email, idProperty: "email", properties: ["city": "Oslo"]),
            ObjectUpdateInput(id: "brand.new@example.org", idProperty: "email", properties: ["city": "Bergen"]),
        ]))
        #expect(response.status == 200)
        let body = try decode(BatchResponse<CRMObject>.self, response)
        #expect(body.results.count == 2)
        #expect(body.results[0].id == existing.id && body.results[0].new == false)
        #expect(body.results[1].new == true && body.results[1].value("email") == "brand.new@example.org")
        // An invalid input rejects the whole batch: nothing of it is applied.
        let rejected = try await harness.call(.post, "/crm/v3/objects/contacts/batch/upsert", json: BatchInput(inputs: [
            ObjectUpdateInput(id: email, idProperty: "email", properties: ["city": "Tromsø"]),
            ObjectUpdateInput(id: "other.new@example.org", idProperty: "email", properties: ["lifecyclestage": "nope"]),
        ]))
        _ = try harness.expectError(rejected, status: 400, category: "VALIDATION_ERROR")
        let read = try decode(CRMObject.self, try await harness.call(.get, "/crm/v3/objects/contacts/\(existing.id)", query: [("properties", "city")]))
        #expect(read.value("city") == "Oslo")
        #expect(try await harness.search(oneGroup(filter("email", .eq, "other.new@example.org"))).total == 0)
    }

    @Test func batchArchiveAnswers204() async throws {
        let ids = try await harness.listAll("tickets", properties: []).prefix(5).map(\.id)
        let response = try await harness.call(.post, "/crm/v3/objects/tickets/batch/archive", json: BatchInput(inputs: ids.map(ObjectID.init)))
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        let remaining = Set(try await harness.listAll("tickets", properties: []).map(\.id))
        #expect(remaining.isDisjoint(with: ids))
    }
}
