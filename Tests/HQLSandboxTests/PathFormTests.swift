import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Object names in paths, date-versioned twins and query-string forms.
@Suite struct PathFormTests {
    let harness = Harness()

    @Test(arguments: ["contacts", "contact", "CONTACT", "0-1"])
    func pathsAcceptPluralSingularUpperCaseAndId(name: String) async throws {
        let page = try decode(ObjectPage.self, try await harness.call(
            .post, "/crm/v3/objects/\(name)/search", json: SearchRequest(limit: 3)))
        #expect(page.total == 300)
        #expect(try await harness.call(.get, "/crm/v3/properties/\(name)").status == 200)
    }

    @Test func lineItemsAndCustomObjectNames() async throws {
        for name in ["line_items", "line_item", "LINE_ITEM", "0-8", "quotes", "0-14", "vehicles", "VEHICLE"] {
            #expect(try await harness.call(.get, "/crm/v3/objects/\(name)", query: [("limit", "1")]).status == 200, "\(name)")
        }
    }

    @Test func dateVersionedTwinsBehaveLikeV3AndV4() async throws {
        let request = oneGroup(filter("lifecyclestage", .eq, "customer"), limit: 7)
        let v3 = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: request)
        let twin = try await harness.call(.post, "/crm/objects/2026-03/contacts/search", json: request)
        #expect(twin.status == 200)
        #expect(try decode(ObjectPage.self, twin) == (try decode(ObjectPage.self, v3)))
        let id = try #require(try decode(ObjectPage.self, v3).results.first?.id)
        #expect(try decode(CRMObject.self, try await harness.call(.get, "/crm/objects/2026-03/contacts/\(id)"))
            == (try decode(CRMObject.self, try await harness.call(.get, "/crm/v3/objects/contacts/\(id)"))))
        let twinPage = try await harness.call(.get, "/crm/objects/2026-03/contacts/\(id)/associations/companies")
        let v4Page = try await harness.call(.get, "/crm/v4/objects/contacts/\(id)/associations/companies")
        #expect(try decode(AssociationPage.self, twinPage) == (try decode(AssociationPage.self, v4Page)))
        #expect(try await harness.call(.get, "/crm/associations/2026-03/contacts/companies/labels").status == 200)
        #expect(try await harness.call(.get, "/crm/properties/2026-03/deals").status == 200)
        #expect(try await harness.call(.get, "/crm/pipelines/2026-03/deals").status == 200)
    }

    @Test func queryListsArriveRepeatedOrCommaJoined() async throws {
        let repeated = try decode(ObjectPage.self, try await harness.call(
            .get, "/crm/v3/objects/contacts", query: [("limit", "3"), ("properties", "country"), ("properties", "city")]))
        let joined = try decode(ObjectPage.self, try await harness.call(
            .get, "/crm/v3/objects/contacts", query: [("limit", "3"), ("properties", "country,city")]))
        #expect(repeated == joined)
        #expect(repeated.results.allSatisfy { $0.properties.keys.contains("country") && $0.properties.keys.contains("city") })
        // A query string left in the path is read too.
        let inline = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/contacts?limit=3&properties=country,city"))
        #expect(inline == joined)
    }

    @Test func queryBooleansAcceptTrueInAnyCase() async throws {
        _ = try await harness.call(.delete, "/crm/v3/objects/contacts/\(try #require(try await harness.listAll(properties: []).first?.id))")
        for flag in ["true", "True", "TRUE"] {
            let page = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/contacts", query: [("archived", flag)]))
            #expect(page.results.count == 1, "\(flag)")
        }
        for flag in ["false", "False"] {
            let page = try decode(ObjectPage.self, try await harness.call(.get, "/crm/v3/objects/contacts", query: [("archived", flag)]))
            #expect(page.results.count == 10, "\(flag)")
        }
        _ = try harness.expectError(
            try await harness.call(.get, "/crm/v3/objects/contacts", query: [("archived", "perhaps")]), status: 400,
            category: "VALIDATION_ERROR")
    }
}
