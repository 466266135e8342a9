import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// The generator, concurrent writes, and dump → load.
@Suite struct PortalDataTests {
    @Test func generationIsDeterministicPerSeed() async throws {
        let a = try PortalDump(PortalGenerator(options: .small).generate()).jsonData()
        let b = try PortalDump(PortalGenerator(options: .small).generate()).jsonData()
        var other = PortalGenerator.Options.small
        other.seed = 8
        let c = try PortalDump(PortalGenerator(options: other).generate()).jsonData()
        #expect(a == b)
        #expect(a != c)
    }

    @Test func theDemoPortalReachesTheCeilingAndLooksReal() async throws {
        let portal = PortalGenerator(options: .demo).generate()
        #expect(portal.recordCount(of: "contacts") > 10_000)
        let harness = Harness(portal: portal)
        let all = try await harness.search(SearchRequest(limit: 1))
        #expect((all.total ?? 0) > 10_000)
        let contacts = try await harness.search(SearchRequest(
            properties: ["email", "lifecyclestage", "hs_lead_status", "country", "jobtitle", "hubspot_owner_id"], limit: 200))
        let domains = Set(contacts.results.compactMap { $0.value("email")?.split(separator: "@").last.map(String.init) })
        #expect(domains.count > 50)
        #expect(Set(contacts.results.compactMap { $0.value("lifecyclestage") }).count >= 5)
        #expect(Set(contacts.results.compactMap { $0.value("country") }).count >= 10)
        let companies = try await harness.search(SearchRequest(properties: ["industry", "numberofemployees", "annualrevenue"], limit: 200), type: "companies")
        #expect(companies.total == 400)
        #expect(companies.results.allSatisfy { $0.value("industry") != nil && $0.value("annualrevenue") != nil })
        let deals = try await harness.searchAll(oneGroup(filter("pipeline", .eq, "31338947")), type: "deals")
        #expect(!deals.isEmpty)
        let years = try await harness.search(SearchRequest(sorts: [Sort(propertyName: "createdate")], properties: ["createdate"], limit: 1))
        let newest = try await harness.search(SearchRequest(sorts: [Sort(propertyName: "createdate", direction: .descending)], properties: ["createdate"], limit: 1))
        let first = try #require(years.results.first?.value("createdate")?.prefix(4)).description
        let last = try #require(newest.results.first?.value("createdate")?.prefix(4)).description
        #expect((Int(last) ?? 0) - (Int(first) ?? 0) >= 5)
    }

    @Test func idsHaveMixedLengthsAndBurstsShareOneMillisecond() async throws {
        let harness = Harness(portal: Portals.small)
        let records = try await harness.listAll(properties: ["createdate"])
        let lengths = Set(records.map(\.id.count))
        #expect(lengths.contains { $0 <= 6 } && lengths.contains { $0 >= 10 })
        let sharing = Dictionary(grouping: records, by: { $0.value("createdate") ?? "" }).values.map(\.count).max() ?? 0
        #expect(sharing >= 5)
        let big = Harness(portal: Portals.ceiling)
        var middle = SearchRequest(properties: ["createdate"], limit: 1)
        middle.after = "5000"  // 10,050 of the 10,300 contacts are in the big burst: the middle one is
        let burst = try await big.search(middle)
        let instant = try #require(burst.results.first?.value("createdate"))
        let ms = try #require(isoToMilliseconds(instant))
        let same = try await big.search(oneGroup(filter("createdate", .eq, String(ms)), limit: 1))
        #expect((same.total ?? 0) > 10_000)
    }

    @Test func eightConcurrentWritersLoseNothing() async throws {
        let harness = Harness()
        let existing = try await harness.listAll("companies", properties: []).prefix(8).map(\.id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<25 {
                        let response = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
                            "email": "writer\(task)-\(index)@example.org", "city": "Task \(task)",
                        ]))
                        guard response.status == 201 else { throw HarnessError.status(response.status, "create") }
                        let update = try await harness.call(.patch, "/crm/v3/objects/companies/\(existing[task])", json: ObjectCreateInput(
                            properties: ["description": "task \(task) step \(index)"]))
                        guard update.status == 200 else { throw HarnessError.status(update.status, "update") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let writers = try await harness.searchAll(oneGroup(filter("email", .containsToken, "writer*")))
        #expect(writers.count == 200)
        let all = try await harness.listAll(properties: ["email"])
        #expect(all.count == 500)
        #expect(Set(all.compactMap { $0.value("email") }.filter { $0.hasPrefix("writer") }).count == 200)
        let companies = try await harness.listAll("companies", properties: ["description"])
        for (task, id) in existing.enumerated() {
            #expect(companies.first { $0.id == id }?.value("description") == "task \(task) step 24")
        }
    }

    @Test func aDumpLoadedBackServesTheSameAnswers() async throws {
        let original = Harness()
        // Writes first, so the dump holds more than the generator's output.
        let created = try await original.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: ["email": "dumped@example.org"]))
        let id = try decode(CRMObject.self, created).id
        _ = try await original.call(.delete, "/crm/v3/objects/deals/\(try #require(try await original.listAll("deals", properties: []).first?.id))")
        let data = try await original.sandbox.dump().jsonData()
        let loaded = Harness(portal: try PortalDump.decode(data).portal())
        let request = SearchRequest(filterGroups: [FilterGroup(filters: [filter("lifecyclestage", .in, values: ["lead", "customer"])])],
            sorts: [Sort(propertyName: "lastname", direction: .descending)], properties: ["lastname", "email", "jobtitle"], limit: 50)
        #expect(try await loaded.search(request) == (try await original.search(request)))
        for type in ["contacts", "companies", "deals", "tickets", "products", "line_items", "quotes", "vehicles"] {
            let names = try decode(ResultList<PropertyDefinition>.self, try await original.call(.get, "/crm/v3/properties/\(type)")).results.map(\.name)
            #expect(try await loaded.listAll(type, properties: names) == (try await original.listAll(type, properties: names)), "\(type)")
        }
        let contacts = try await original.listAll(properties: []).map { AssociationReadInput(id: $0.id) }
        for target in ["companies", "deals", "tickets", "quotes", "vehicles"] {
            let body = BatchInput(inputs: contacts)
            let a = try decode(BatchResponse<AssociationBatchResult>.self, try await original.call(.post, "/crm/v4/associations/contacts/\(target)/batch/read", json: body))
            let b = try decode(BatchResponse<AssociationBatchResult>.self, try await loaded.call(.post, "/crm/v4/associations/contacts/\(target)/batch/read", json: body))
            #expect(a.results == b.results, "\(target)")
        }
        #expect(try await loaded.call(.get, "/crm/v3/objects/contacts/\(id)").status == 200)
        #expect(try await loaded.call(.get, "/crm/v3/pipelines/deals").body.count > 100)
        #expect(try decode(OwnerPage.self, try await loaded.call(.get, "/crm/v3/owners")) == (try decode(OwnerPage.self, try await original.call(.get, "/crm/v3/owners"))))
        #expect(try await loaded.sandbox.dump().jsonData() == data)
    }
}
