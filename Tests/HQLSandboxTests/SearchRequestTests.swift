import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// The search request: groups, limits, paging, the ceiling, sorts, `query` and the response shape.
@Suite struct SearchRequestTests {
    let harness = Harness()

    @Test func groupsAreOredAndFiltersInsideAGroupAreAnded() async throws {
        let all = try await harness.listAll(properties: ["lifecyclestage", "country"])
        let request = SearchRequest(filterGroups: [
            FilterGroup(filters: [filter("lifecyclestage", .eq, "customer"), filter("country", .eq, "France")]),
            FilterGroup(filters: [filter("lifecyclestage", .eq, "evangelist")]),
        ])
        let ids = Set(try await harness.searchAll(request))
        let expected = Set(all.filter {
            ($0.value("lifecyclestage") == "customer" && $0.value("country") == "France")
                || $0.value("lifecyclestage") == "evangelist"
        }.map(\.id))
        #expect(!expected.isEmpty)
        #expect(ids == expected)
    }

    @Test func legacyTopLevelFiltersAndNumericAfterAreAccepted() async throws {
        let modern = try await harness.search(oneGroup(filter("lifecyclestage", .eq, "lead"), limit: 5))
        let legacy = try await harness.call(.post, "/crm/v3/objects/contacts/search", raw: """
            {"filters":[{"propertyName":"lifecyclestage","operator":"EQ","value":"lead"}],"limit":5,"after":5}
            """)
        #expect(legacy.status == 200)
        let page = try decode(ObjectPage.self, legacy)
        #expect(page.total == modern.total)
        var request = oneGroup(filter("lifecyclestage", .eq, "lead"), limit: 5)
        request.after = "5"
        let second = try await harness.search(request)
        #expect(page.results.map(\.id) == second.results.map(\.id))
    }

    @Test(arguments: [(6, 1), (1, 7), (4, 5)])
    func filterLimitsAreEnforced(groups: Int, perGroup: Int) async throws {
        // 6 groups; 7 in one group; 20 in total (each group within 6) — all over the 5/6/18 limits.
        let group = FilterGroup(filters: Array(repeating: filter("email", .hasProperty), count: perGroup))
        let request = SearchRequest(filterGroups: Array(repeating: group, count: groups))
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: request)
        let body = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
        #expect(body.message?.contains("Too many") == true)
    }

    @Test func filterLimitsAtTheBoundaryAreAccepted() async throws {
        let group = FilterGroup(filters: Array(repeating: filter("email", .hasProperty), count: 6))
        let three = SearchRequest(filterGroups: Array(repeating: group, count: 3))  // 18 filters
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: three).status == 200)
        let five = SearchRequest(filterGroups: Array(repeating: FilterGroup(filters: [filter("email", .hasProperty)]), count: 5))
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: five).status == 200)
    }

    @Test func filterLimitsComeFromTheCapabilitiesSetting() async throws {
        var capabilities = SearchCapabilities.hubSpot
        capabilities.maxFilterGroups = 3
        capabilities.maxFiltersPerGroup = 3
        capabilities.maxFiltersTotal = 9
        let strict = Harness(settings: SandboxSettings(
            capabilities: capabilities, searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000))
        let four = SearchRequest(filterGroups: Array(repeating: FilterGroup(filters: [filter("email", .hasProperty)]), count: 4))
        _ = try strict.expectError(
            try await strict.call(.post, "/crm/v3/objects/contacts/search", json: four), status: 400, category: "VALIDATION_ERROR")
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: four).status == 200)
    }

    @Test func limitDefaultsToTenAndIsAtMost200() async throws {
        let page = try await harness.search(SearchRequest())
        #expect(page.results.count == 10)
        #expect(try await harness.search(SearchRequest(limit: 200)).results.count == 200)
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 201))
        _ = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func afterIsAStringOffsetAndPagingIsAbsentOnTheLastPage() async throws {
        let total = try #require(try await harness.search(SearchRequest(limit: 1)).total)
        let first = try await harness.search(SearchRequest(limit: 100))
        #expect(first.paging?.next?.after == "100")
        let json = try jsonObject(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 100)))
        let next = (json["paging"] as? [String: Any])?["next"] as? [String: Any]
        #expect(next?["after"] is String)
        var request = SearchRequest(limit: 100)
        request.after = String(total - 30)
        let last = try await harness.search(request)
        #expect(last.results.count == 30)
        #expect(last.paging == nil)
        let ids = try await harness.searchAll(SearchRequest())
        #expect(ids.count == total)
        #expect(Set(ids).count == total)
    }

    @Test func theCeilingRejectsAPageReachingPast10000AndTotalStaysTrue() async throws {
        let big = Harness(portal: Portals.ceiling)
        var request = SearchRequest(limit: 200)
        request.after = "9800"
        let lastAllowed = try await big.search(request)
        #expect(lastAllowed.results.count == 200)
        #expect(lastAllowed.total == 10_300)  // the true count, above the ceiling
        #expect(lastAllowed.paging?.next?.after == "10000")
        request.after = "9801"
        let response = try await big.call(.post, "/crm/v3/objects/contacts/search", json: request)
        let body = try big.expectError(response, status: 400, category: "VALIDATION_ERROR")
        #expect(body.message?.contains("10000") == true)
        request.after = "10000"
        request.limit = 1
        _ = try big.expectError(
            try await big.call(.post, "/crm/v3/objects/contacts/search", json: request), status: 400,
            category: "VALIDATION_ERROR")
    }

    @Test func onlyOneSortRuleIsAllowed() async throws {
        let request = SearchRequest(sorts: [Sort(propertyName: "createdate"), Sort(propertyName: "email")])
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v3/objects/contacts/search", json: request), status: 400,
            category: "VALIDATION_ERROR")
    }

    @Test func withoutSortsOrderIsCreationOrderWithTiesByNumericId() async throws {
        let big = Harness(portal: Portals.ceiling)
        // ISO-8601 with fixed-width fields sorts as text.
        var seen: [(String, Int64)] = []
        var request = SearchRequest(properties: ["createdate"], limit: 200)
        for offset in stride(from: 0, to: 10_000, by: 200) {
            request.after = String(offset)
            for record in try await big.search(request).results {
                let created = try #require(record.value("createdate"))
                seen.append((created, try #require(Int64(record.id))))
            }
        }
        #expect(seen.count == 10_000)
        let ordered = zip(seen, seen.dropFirst()).allSatisfy { a, b in a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }
        #expect(ordered)
        // The burst: more than 10,000 records share one millisecond.
        let burstSize = Dictionary(grouping: seen, by: { $0.0 }).values.map(\.count).max() ?? 0
        #expect(burstSize > 9_000)
    }

    @Test func sortsAscendingAndDescendingWithMissingValuesLast() async throws {
        let ascending = try await harness.searchAll(SearchRequest(
            sorts: [Sort(propertyName: "jobtitle", direction: .ascending)], properties: ["jobtitle"]))
        let page = try await harness.search(SearchRequest(
            sorts: [Sort(propertyName: "jobtitle", direction: .descending)], properties: ["jobtitle"], limit: 200))
        let titles = page.results.compactMap { $0.value("jobtitle")?.lowercased() }
        #expect(titles == titles.sorted(by: >))
        #expect(ascending.count == page.total)
        let all = try await harness.listAll(properties: ["jobtitle"])
        let missing = Set(all.filter { $0.value("jobtitle") == nil }.map(\.id))
        #expect(!missing.isEmpty)
        #expect(Set(ascending.suffix(missing.count)) == missing)
    }

    @Test func hsObjectIdComparesAndSortsAsANumber() async throws {
        let ids = try await harness.searchAll(SearchRequest(sorts: [Sort(propertyName: "hs_object_id")]))
        let numbers = ids.compactMap(Int64.init)
        #expect(numbers == numbers.sorted())
        #expect(Set(ids.map(\.count)).count >= 4)  // mixed lengths: 3 to 12 digits
        let pivot = numbers[numbers.count / 2]
        let above = try await harness.searchAll(oneGroup(filter("hs_object_id", .gt, String(pivot))))
        #expect(Set(above) == Set(numbers.filter { $0 > pivot }.map(String.init)))
    }

    @Test func queryIsTokenPrefixCaseInsensitiveAndAndedWithFilters() async throws {
        let textProperties = ["firstname", "lastname", "email", "phone", "mobilephone", "company", "website"]
        let all = try await harness.listAll(properties: textProperties + ["lifecyclestage"])
        let sample = try #require(all.first { $0.value("lastname") == "Müller" } ?? all.first { $0.value("lastname") != nil })
        let last = try #require(sample.value("lastname"))
        let prefix = String(last.prefix(3)).uppercased()
        var request = SearchRequest(query: prefix)
        let ids = Set(try await harness.searchAll(request))
        #expect(ids.contains(sample.id))
        for record in all where ids.contains(record.id) {
            let text = textProperties.compactMap { record.value($0) }.joined(separator: " ").lowercased()
            #expect(text.contains(prefix.lowercased()), "\(record.id) matched \(prefix) without containing it")
        }
        request.filterGroups = [FilterGroup(filters: [filter("lifecyclestage", .eq, "customer")])]
        let both = Set(try await harness.searchAll(request))
        #expect(both.isSubset(of: ids))
        #expect(both == Set(all.filter { ids.contains($0.id) && $0.value("lifecyclestage") == "customer" }.map(\.id)))
        let domain = try #require(all.compactMap { $0.value("email") }.first?.split(separator: "@").last)
        let byDomain = try await harness.searchAll(SearchRequest(query: String(domain)))
        #expect(Set(byDomain) == Set(all.filter { $0.value("email")?.hasSuffix("@" + domain) == true }.map(\.id)))
        #expect(try await harness.searchAll(SearchRequest(query: "zzqqxxnotaname")).isEmpty)
    }

    @Test func queryIsAtMost3000Characters() async throws {
        let ok = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(query: String(repeating: "a", count: 3_000)))
        #expect(ok.status == 200)
        let response = try await harness.call(
            .post, "/crm/v3/objects/contacts/search", json: SearchRequest(query: String(repeating: "a", count: 3_001)))
        _ = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func defaultPropertiesPerObjectType() async throws {
        let expected: [String: Set<String>] = [
            "contacts": ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"],
            "companies": ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            "deals": ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            "tickets": ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject",
                "createdate", "hs_lastmodifieddate", "hs_object_id"],
            "products": ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            "line_items": ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            "quotes": ["hs_expiration_date", "hs_public_url_key", "hs_status", "hs_title", "hs_createdate",
                "hs_lastmodifieddate", "hs_object_id"],
            "vehicles": ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
        ]
        for (type, names) in expected {
            let page = try await harness.search(SearchRequest(limit: 3), type: type)
            #expect(!page.results.isEmpty, "\(type)")
            for record in page.results { #expect(Set(record.properties.keys) == names, "\(type)") }
        }
    }

    @Test func namingPropertiesReplacesTheDefaultsButKeepsTheStamps() async throws {
        let page = try await harness.search(SearchRequest(properties: ["country"], limit: 5))
        for record in page.results {
            #expect(Set(record.properties.keys) == ["country", "createdate", "lastmodifieddate", "hs_object_id"])
        }
        let deals = try await harness.search(SearchRequest(properties: ["amount"], limit: 5), type: "deals")
        for record in deals.results {
            #expect(Set(record.properties.keys) == ["amount", "createdate", "hs_lastmodifieddate", "hs_object_id"])
        }
    }

    @Test func responseShapeAndStringValues() async throws {
        let response = try await harness.call(
            .post, "/crm/v3/objects/contacts/search", json: SearchRequest(properties: ["num_associated_deals", "hs_email_optout"], limit: 2))
        let json = try jsonObject(response)
        #expect(json["total"] is Int)
        let results = try #require(json["results"] as? [[String: Any]])
        for record in results {
            #expect(record["id"] is String)
            #expect(record["createdAt"] is String && record["updatedAt"] is String)
            #expect(record["archived"] as? Bool == false)
            let properties = try #require(record["properties"] as? [String: Any])
            for (_, value) in properties { #expect(value is String || value is NSNull) }
            #expect(["true", "false"].contains(properties["hs_email_optout"] as? String ?? ""))
        }
    }

    /// The field's two ways past the ceiling, on a small portal whose ceiling setting is 100 and
    /// where 150 contacts share one millisecond (fast; the real 10,000 is tested above).
    @Test func keysetAndDateWindowsGetPastTheCeiling() async throws {
        var capabilities = SearchCapabilities.hubSpot
        capabilities.searchResultCeiling = 100
        let portal = PortalGenerator(options: PortalGenerator.Options(
            seed: 5, contacts: 300, companies: 10, deals: 0, tickets: 0, products: 0, lineItems: 0, quotes: 0,
            customRecords: 0, burst: 150)).generate()
        let small = Harness(portal: portal, settings: SandboxSettings(
            capabilities: capabilities, searchRequestsPerSecond: 100_000, requestsPerTenSeconds: 100_000))
        func crawl(_ base: [Filter]) async throws -> [String] {
            var ids: [String] = []
            var last: String?
            while true {
                var filters = base
                if let last { filters.append(filter("hs_object_id", .gt, last)) }
                var request = SearchRequest(filterGroups: [FilterGroup(filters: filters)], sorts: [Sort(propertyName: "hs_object_id")], limit: 50)
                var got = 0
                for offset in [0, 50] {
                    request.after = offset == 0 ? nil : String(offset)
                    let page = try await small.search(request)
                    ids += page.results.map(\.id)
                    got += page.results.count
                    if page.paging == nil { break }
                }
                guard got == 100, let next = ids.last else { return ids }
                last = next
            }
        }
        var request = SearchRequest(limit: 50)
        request.after = "51"
        _ = try small.expectError(
            try await small.call(.post, "/crm/v3/objects/contacts/search", json: request), status: 400, category: "VALIDATION_ERROR")
        let all = try await crawl([filter("hs_object_id", .hasProperty)])
        #expect(all.count == 300 && Set(all).count == 300)
        // One millisecond holding more records than the ceiling is drained by keyset inside the window.
        let created = try await small.listAll(properties: ["createdate"])
        let burst = Dictionary(grouping: created, by: { $0.value("createdate") ?? "" }).max { $0.value.count < $1.value.count }
        let instant = try #require(burst?.key).description
        let ms = try #require(isoToMilliseconds(instant))
        #expect(try await small.search(oneGroup(filter("createdate", .eq, String(ms)), limit: 1)).total == 150)
        let window = try await crawl([filter("createdate", .eq, String(ms))])
        #expect(Set(window) == Set(burst?.value.map(\.id) ?? []))
        #expect(window.count == 150)
    }
}
