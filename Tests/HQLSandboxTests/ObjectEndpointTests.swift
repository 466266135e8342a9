import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Objects v3: list, read, create, update, archive.
@Suite struct ObjectEndpointTests {
    let harness = Harness()

    @Test func listPagesWithAnOpaqueCursorInIdOrder() async throws {
        let first = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/contacts"))
        #expect(first.results.count == 10)  // default limit
        #expect(first.total == nil)
        let after = try #require(first.paging?.next?.after)
        #expect(Int(after) == nil)  // opaque, not an offset
        let all = try await harness.listAll(properties: ["email"])
        #expect(all.count == 300)
        let ids = all.compactMap { Int64($0.id) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        let over = try await harness.call(.get, "/crm/v3/objects/contacts", query: [("limit", "101")])
        _ = try harness.expectError(over, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func listHasNoTenThousandCap() async throws {
        let big = Harness(portal: Portals.ceiling)
        let all = try await big.listAll(properties: ["createdate"])
        #expect(all.count == 10_300)
    }

    @Test func listArchivedShowsOnlyArchivedRecords() async throws {
        let victim = try #require(try await harness.listAll(properties: []).first?.id)
        #expect(try await harness.call(.delete, "/crm/v3/objects/contacts/\(victim)").status == 204)
        for flag in ["true", "True"] {
            let archived = try decode(ObjectPage.self, try await harness.call(
                .get, "/crm/v3/objects/contacts", query: [("archived", flag), ("limit", "100")]))
            #expect(archived.results.map(\.id) == [victim])
            #expect(archived.results.first?.archived == true)
            #expect(archived.results.first?.archivedAt != nil)
        }
        #expect(!(try await harness.listAll(properties: [])).map(\.id).contains(victim))
    }

    @Test func readByIdOrByUniqueIdPropertyAnd404() async throws {
        let record = try #require(try await harness.listAll(properties: ["email"]).first { $0.value("email") != nil })
        let email = try #require(record.value("email"))
        let byId = try decode(CRMObject.self, try await harness.call(.get, "/crm/v3/objects/contacts/\(record.id)"))
        #expect(byId.value("email") == email)
        let byEmail = try await harness.call(
            .get, "/crm/v3/objects/contacts/\(email.uppercased())", query: [("idProperty", "email")])
        #expect(try decode(CRMObject.self, byEmail).id == record.id)
        let missing = try await harness.call(.get, "/crm/v3/objects/contacts/999999999999")
        _ = try harness.expectError(missing, status: 404, category: "OBJECT_NOT_FOUND")
        let notUnique = try await harness.call(.get, "/crm/v3/objects/contacts/x", query: [("idProperty", "firstname")])
        _ = try harness.expectError(notUnique, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func createAnswers201AndRejectsADuplicateContactEmail() async throws {
        let response = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
            "email": "new.person@example.org", "firstname": "New", "lifecyclestage": "lead", "hs_email_optout": "false",
        ]))
        #expect(response.status == 201)
        let created = try decode(CRMObject.self, response)
        #expect(created.value("firstname") == "New")
        #expect(created.value("hs_object_id") == created.id)
        #expect(created.value("createdate") != nil && created.value("lastmodifieddate") != nil)
        let again = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
            "email": "NEW.person@example.org",
        ]))
        let body = try harness.expectError(again, status: 409, category: "CONFLICT")
        #expect(body.message == "Contact already exists. Existing ID: \(created.id)")
    }

    @Test func createWithAssociations() async throws {
        let company = try #require(try await harness.listAll("companies", properties: []).first?.id)
        let response = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(
            properties: ["email": "assoc@example.org"],
            associations: [AssociationInput(to: ObjectID(id: company), types: [AssociationSpec(associationTypeId: 279)])]))
        let id = try decode(CRMObject.self, response).id
        let page = try decode(AssociationPage.self, try await harness.call(
            .get, "/crm/v4/objects/contacts/\(id)/associations/companies"))
        #expect(page.results.map { String($0.toObjectId) } == [company])
        let bad = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(
            properties: ["email": "assoc2@example.org"],
            associations: [AssociationInput(to: ObjectID(id: company), types: [AssociationSpec(associationTypeId: 3)])]))
        _ = try harness.expectError(bad, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func updateSetsAndClearsValuesAndRejectsUnknownOrReadOnlyProperties() async throws {
        let record = try #require(try await harness.listAll(properties: ["jobtitle"]).first { $0.value("jobtitle") != nil })
        let path = "/crm/v3/objects/contacts/\(record.id)"
        let updated = try await harness.call(.patch, path, json: ObjectCreateInput(properties: ["jobtitle": "", "city": "Lyon"]))
        #expect(updated.status == 200)
        let read = try decode(CRMObject.self, try await harness.call(.get, path, query: [("properties", "jobtitle,city")]))
        #expect(read.value("jobtitle") == nil)
        #expect(read.value("city") == "Lyon")
        #expect(read.updatedAt >= record.updatedAt)
        for properties in [["emial": "x"], ["hs_object_id": "1"], ["lastmodifieddate": "1"], ["createdate": "1"],
            ["lifecyclestage": "Customer"], ["num_associated_deals": "3"], ["hs_email_optout": "maybe"]]
        {
            let response = try await harness.call(.patch, path, json: ObjectCreateInput(properties: properties))
            let body = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
            #expect(body.errors?.isEmpty == false, "\(properties)")
        }
        let missing = try await harness.call(.patch, "/crm/v3/objects/contacts/1", json: ObjectCreateInput(properties: ["city": "x"]))
        _ = try harness.expectError(missing, status: 404, category: "OBJECT_NOT_FOUND")
    }

    @Test func writtenValuesAreValidatedAndNormalizedByType() async throws {
        let response = try await harness.call(.post, "/crm/v3/objects/contacts", raw: """
            {"properties": {"email": "types@example.org", "notes_last_contacted": 1700000000123,
             "onboarding_date": "2024-02-29", "hs_email_optout": true, "hs_buying_role": "CHAMPION;END_USER"}}
            """)
        #expect(response.status == 201)
        let created = try decode(CRMObject.self, response)
        #expect(created.value("notes_last_contacted") == "2023-11-14T22:13:20.123Z")
        #expect(created.value("onboarding_date") == "2024-02-29")
        #expect(created.value("hs_email_optout") == "true")
        let notMidnight = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
            "onboarding_date": "1700000000123",
        ]))
        _ = try harness.expectError(notMidnight, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func archiveAnswers204AndHidesTheRecord() async throws {
        let id = try #require(try await harness.listAll("deals", properties: []).first?.id)
        #expect(try await harness.call(.delete, "/crm/v3/objects/deals/\(id)").status == 204)
        _ = try harness.expectError(
            try await harness.call(.get, "/crm/v3/objects/deals/\(id)"), status: 404, category: "OBJECT_NOT_FOUND")
        let archived = try await harness.call(.get, "/crm/v3/objects/deals/\(id)", query: [("archived", "true")])
        #expect(try decode(CRMObject.self, archived).archived)
        #expect(try await harness.call(.delete, "/crm/v3/objects/deals/\(id)").status == 204)  // idempotent
    }

    @Test func modificationStampIsLastmodifieddateOnContactsOnly() async throws {
        let contact = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/contacts", query: [("limit", "1")]))
        #expect(contact.results.first?.properties.keys.contains("lastmodifieddate") == true)
        #expect(contact.results.first?.properties.keys.contains("hs_lastmodifieddate") == false)
        for type in ["companies", "deals", "tickets", "products", "line_items", "quotes", "vehicles"] {
            let page = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/\(type)", query: [("limit", "1")]))
            #expect(page.results.first?.properties.keys.contains("hs_lastmodifieddate") == true, "\(type)")
        }
    }

    @Test func listAndReadReturnV3AssociationsWhenAsked() async throws {
        let page = try decode(ObjectPage.self, try await harness.call(
            .get, "/crm/v3/objects/contacts", query: [("limit", "100"), ("associations", "companies")]))
        let linked = try #require(page.results.first { $0.associations?["companies"] != nil })
        let types = Set(linked.associations?["companies"]?.results.map(\.type) ?? [])
        #expect(types.contains("contact_to_company"))
        #expect(types.contains("contact_to_company_unlabeled"))
    }
}
