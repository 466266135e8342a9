import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Associations v4.
@Suite struct AssociationEndpointTests {
    let harness = Harness()

    private func companyWithContacts() async throws -> (company: String, contacts: [String]) {
        for company in try await harness.listAll("companies", properties: []) {
            let page = try decode(AssociationPage.self, try await harness.call(
                .get, "/crm/v4/objects/companies/\(company.id)/associations/contacts"))
            if page.results.count >= 3 { return (company.id, page.results.map { String($0.toObjectId) }) }
        }
        throw HarnessError.status(0, "no company with 3 contacts")
    }

    @Test func perRecordAssociationsPageAtMost500() async throws {
        let (company, contacts) = try await companyWithContacts()
        let path = "/crm/v4/objects/companies/\(company)/associations/contacts"
        let first = try decode(AssociationPage.self, try await harness.call(.get, path, query: [("limit", "2")]))
        #expect(first.results.count == 2)
        let after = try #require(first.paging?.next?.after)
        let rest = try decode(AssociationPage.self, try await harness.call(.get, path, query: [("limit", "500"), ("after", after)]))
        #expect((first.results + rest.results).map { String($0.toObjectId) } == contacts)
        #expect(rest.paging == nil)
        _ = try harness.expectError(
            try await harness.call(.get, path, query: [("limit", "501")]), status: 400, category: "VALIDATION_ERROR")
        _ = try harness.expectError(
            try await harness.call(.get, "/crm/v4/objects/companies/1/associations/contacts"), status: 404,
            category: "OBJECT_NOT_FOUND")
    }

    @Test func toObjectIdIsAJsonNumberAndTypesCarryLabels() async throws {
        let (company, _) = try await companyWithContacts()
        let json = try jsonObject(try await harness.call(.get, "/crm/v4/objects/companies/\(company)/associations/contacts"))
        let first = try #require((json["results"] as? [[String: Any]])?.first)
        #expect(first["toObjectId"] is NSNumber)
        #expect(!(first["toObjectId"] is String))
        let types = try #require(first["associationTypes"] as? [[String: Any]])
        #expect(types.contains { $0["typeId"] as? Int == 280 && $0["label"] is NSNull && $0["category"] as? String == "HUBSPOT_DEFINED" })
        #expect(types.contains { $0["typeId"] as? Int == 2 && $0["label"] as? String == "Primary" })
        // Reading accepts a string too, as the published schema says.
        let decoded = try JSONDecoder().decode(AssociationTarget.self, from: Data(#"{"toObjectId":"123","associationTypes":[]}"#.utf8))
        #expect(decoded.toObjectId == 123)
    }

    @Test func batchReadAnswersPerInputAndIsLimitedTo1000Inputs() async throws {
        let contacts = try await harness.listAll(properties: [])
        let inputs = contacts.prefix(50).map { AssociationReadInput(id: $0.id) }
        let response = try await harness.call(.post, "/crm/v4/associations/contacts/companies/batch/read", json: BatchInput(inputs: inputs))
        #expect([200, 207].contains(response.status))
        let body = try decode(BatchResponse<AssociationBatchResult>.self, response)
        #expect(!body.results.isEmpty)
        for result in body.results {
            let single = try decode(AssociationPage.self, try await harness.call(
                .get, "/crm/v4/objects/contacts/\(result.from.id)/associations/companies"))
            #expect(result.to == single.results)
        }
        #expect(body.results.count + (body.errors?.count ?? 0) == 50)
        if response.status == 207 { #expect(body.errors?.allSatisfy { $0.category == "OBJECT_NOT_FOUND" } == true) }
        let tooMany = (0..<1_001).map { AssociationReadInput(id: String($0)) }
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v4/associations/contacts/companies/batch/read", json: BatchInput(inputs: tooMany)),
            status: 400, category: "VALIDATION_ERROR")
        let thousand = (0..<1_000).map { AssociationReadInput(id: String($0)) }
        #expect(try await harness.call(.post, "/crm/v4/associations/contacts/companies/batch/read", json: BatchInput(inputs: thousand)).status == 207)
    }

    @Test func batchCreateAndArchive() async throws {
        let deal = try #require(try await harness.listAll("deals", properties: []).first?.id)
        let tickets = try await harness.listAll("tickets", properties: []).prefix(3).map(\.id)
        let inputs = tickets.map {
            AssociationCreateInput(from: ObjectID(id: deal), to: ObjectID(id: $0), types: [AssociationSpec(associationTypeId: 27)])
        }
        let created = try await harness.call(.post, "/crm/v4/associations/deals/tickets/batch/create", json: BatchInput(inputs: inputs))
        #expect(created.status == 201)
        #expect(try decode(BatchResponse<AssociationCreated>.self, created).results.count == 3)
        let page = try decode(AssociationPage.self, try await harness.call(.get, "/crm/v4/objects/deals/\(deal)/associations/tickets"))
        #expect(Set(tickets).isSubset(of: Set(page.results.map { String($0.toObjectId) })))
        // The other side sees the inverse type (ticket→deal 28).
        let back = try decode(AssociationPage.self, try await harness.call(.get, "/crm/v4/objects/tickets/\(tickets[0])/associations/deals"))
        #expect(back.results.first { String($0.toObjectId) == deal }?.associationTypes.map(\.typeId) == [28])
        let archived = try await harness.call(.post, "/crm/v4/associations/deals/tickets/batch/archive", json: BatchInput(inputs: [
            AssociationArchiveInput(from: ObjectID(id: deal), to: tickets.map(ObjectID.init)),
        ]))
        #expect(archived.status == 204)
        let after = try decode(AssociationPage.self, try await harness.call(.get, "/crm/v4/objects/deals/\(deal)/associations/tickets"))
        #expect(Set(after.results.map { String($0.toObjectId) }).isDisjoint(with: tickets))
        let tooMany = (0..<2_001).map { _ in inputs[0] }
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v4/associations/deals/tickets/batch/create", json: BatchInput(inputs: tooMany)),
            status: 400, category: "VALIDATION_ERROR")
        let wrongType = [AssociationCreateInput(from: ObjectID(id: deal), to: ObjectID(id: tickets[0]), types: [AssociationSpec(associationTypeId: 279)])]
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v4/associations/deals/tickets/batch/create", json: BatchInput(inputs: wrongType)),
            status: 400, category: "VALIDATION_ERROR")
    }

    @Test func putDefaultUsesTheUnlabeledDefaultType() async throws {
        let contact = try #require(try await harness.listAll(properties: []).last?.id)
        let deal = try #require(try await harness.listAll("deals", properties: []).last?.id)
        let response = try await harness.call(.put, "/crm/v4/objects/contacts/\(contact)/associations/default/deals/\(deal)")
        #expect(response.status == 200)
        let page = try decode(AssociationPage.self, try await harness.call(.get, "/crm/v4/objects/contacts/\(contact)/associations/deals"))
        #expect(page.results.first { String($0.toObjectId) == deal }?.associationTypes.map(\.typeId) == [4])
    }

    @Test func labelsListTheTypesOfAPair() async throws {
        let labels = try decode(AssociationLabels.self, try await harness.call(.get, "/crm/v4/associations/contacts/companies/labels"))
        #expect(Set(labels.results.map(\.typeId)) == [279, 1, 101])
        #expect(labels.results.first { $0.typeId == 1 }?.label == "Primary")
        #expect(labels.results.first { $0.typeId == 101 }?.category == "USER_DEFINED")
    }

    @Test(arguments: [
        ("contacts", "companies", 279, 1), ("companies", "contacts", 280, 2), ("deals", "contacts", 3, nil),
        ("contacts", "deals", 4, nil), ("deals", "companies", 341, 5), ("companies", "deals", 342, 6),
        ("tickets", "contacts", 16, nil), ("contacts", "tickets", 15, nil), ("tickets", "companies", 339, 26),
        ("companies", "tickets", 340, 25), ("deals", "tickets", 27, nil), ("tickets", "deals", 28, nil),
        ("deals", "line_items", 19, nil), ("line_items", "deals", 20, nil),
    ] as [(String, String, Int, Int?)])
    func defaultTypeIdsFollowTheContract(from: String, to: String, unlabeled: Int, primary: Int?) async throws {
        let labels = try decode(AssociationLabels.self, try await harness.call(.get, "/crm/v4/associations/\(from)/\(to)/labels"))
        #expect(labels.results.contains { $0.typeId == unlabeled && $0.label == nil && $0.category == "HUBSPOT_DEFINED" })
        if let primary { #expect(labels.results.contains { $0.typeId == primary && $0.label == "Primary" }) }
    }

    @Test func primaryAssociationsAreUniquePerRecord() async throws {
        let contact = try #require(try await harness.listAll(properties: []).first?.id)
        let companies = try await harness.listAll("companies", properties: []).suffix(2).map(\.id)
        for company in companies {
            let input = AssociationCreateInput(from: ObjectID(id: contact), to: ObjectID(id: company), types: [AssociationSpec(associationTypeId: 1)])
            #expect(try await harness.call(.post, "/crm/v4/associations/contacts/companies/batch/create", json: BatchInput(inputs: [input])).status == 201)
        }
        let page = try decode(AssociationPage.self, try await harness.call(.get, "/crm/v4/objects/contacts/\(contact)/associations/companies"))
        let primaries = page.results.filter { $0.associationTypes.contains { $0.typeId == 1 } }
        #expect(primaries.map { String($0.toObjectId) } == [companies[1]])
    }
}
