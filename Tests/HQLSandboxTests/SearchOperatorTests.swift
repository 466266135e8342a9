import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Operators, case rules, the tokenizer, dates and association pseudo-properties.
@Suite struct SearchOperatorTests {
    let harness = Harness()

    private func ids(_ filters: Filter..., type: String = "contacts") async throws -> Set<String> {
        Set(try await harness.searchAll(SearchRequest(filterGroups: [FilterGroup(filters: filters)]), type: type))
    }

    @Test func numericComparisonOperators() async throws {
        let deals = try await harness.listAll("deals", properties: ["amount"])
        let amounts = deals.compactMap { record in record.value("amount").flatMap(Double.init).map { (record.id, $0) } }
        let pivot = amounts.map(\.1).sorted()[amounts.count / 2]
        let text = String(pivot)
        func expect(_ op: FilterOperator, _ test: (Double) -> Bool) async throws {
            let got = try await ids(filter("amount", op, text), type: "deals")
            #expect(got == Set(amounts.filter { test($0.1) }.map(\.0)), "\(op)")
        }
        try await expect(.eq) { $0 == pivot }
        try await expect(.lt) { $0 < pivot }
        try await expect(.lte) { $0 <= pivot }
        try await expect(.gt) { $0 > pivot }
        try await expect(.gte) { $0 >= pivot }
        // NEQ also matches records without a value.
        let withoutAmount = Set(deals.filter { $0.value("amount") == nil }.map(\.id))
        #expect(!withoutAmount.isEmpty)
        #expect(try await ids(filter("amount", .neq, text), type: "deals")
            == Set(amounts.filter { $0.1 != pivot }.map(\.0)).union(withoutAmount))
    }

    @Test func betweenIsInclusiveAtBothEnds() async throws {
        let deals = try await harness.listAll("deals", properties: ["amount"])
        let sorted = deals.compactMap { $0.value("amount").flatMap(Double.init) }.sorted()
        let low = sorted[10], high = sorted[20]
        let got = try await ids(filter("amount", .between, String(low), high: String(high)), type: "deals")
        let expected = Set(deals.filter { $0.value("amount").flatMap(Double.init).map { $0 >= low && $0 <= high } ?? false }.map(\.id))
        #expect(got == expected)
        #expect(got.count >= 11)
        let missingHigh = try await harness.call(.post, "/crm/v3/objects/deals/search", json: oneGroup(filter("amount", .between, "1")))
        _ = try harness.expectError(missingHigh, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func inAndNotInNeedValuesAndAtMost100() async throws {
        let missing = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: oneGroup(filter("lifecyclestage", .in)))
        _ = try harness.expectError(missing, status: 400, category: "VALIDATION_ERROR")
        let tooMany = oneGroup(filter("hs_object_id", .in, values: (1...101).map(String.init)))
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v3/objects/contacts/search", json: tooMany), status: 400, category: "VALIDATION_ERROR")
        let hundred = oneGroup(filter("hs_object_id", .in, values: (1...100).map(String.init)))
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: hundred).status == 200)
        let all = try await harness.listAll(properties: ["lifecyclestage"])
        let inSet = try await ids(filter("lifecyclestage", .in, values: ["customer", "lead"]))
        #expect(inSet == Set(all.filter { ["customer", "lead"].contains($0.value("lifecyclestage") ?? "") }.map(\.id)))
        let notIn = try await ids(filter("lifecyclestage", .notIn, values: ["customer", "lead"]))
        #expect(notIn == Set(all.map(\.id)).subtracting(inSet))
    }

    @Test func hasPropertyAndNotHasPropertyTakeNoValue() async throws {
        let all = try await harness.listAll(properties: ["email"])
        let with = try await ids(filter("email", .hasProperty))
        let without = try await ids(filter("email", .notHasProperty))
        #expect(with == Set(all.filter { $0.value("email") != nil }.map(\.id)))
        #expect(without == Set(all.filter { $0.value("email") == nil }.map(\.id)))
        #expect(!without.isEmpty && with.isDisjoint(with: without))
    }

    @Test func stringsAreCaseInsensitiveExceptInWhichNeedsLowerCase() async throws {
        let all = try await harness.listAll(properties: ["country"])
        let france = Set(all.filter { $0.value("country") == "France" }.map(\.id))
        #expect(!france.isEmpty)
        #expect(try await ids(filter("country", .eq, "fRaNcE")) == france)
        #expect(try await ids(filter("country", .in, values: ["france"])) == france)
        #expect(try await ids(filter("country", .in, values: ["France"])).isEmpty)
        #expect(try await ids(filter("country", .notIn, values: ["France"])) == Set(all.map(\.id)))
    }

    @Test func enumerationsAreCaseSensitiveForEveryOperator() async throws {
        let all = try await harness.listAll(properties: ["lifecyclestage"])
        let customers = Set(all.filter { $0.value("lifecyclestage") == "customer" }.map(\.id))
        #expect(try await ids(filter("lifecyclestage", .eq, "customer")) == customers)
        #expect(try await ids(filter("lifecyclestage", .eq, "Customer")).isEmpty)
        #expect(try await ids(filter("lifecyclestage", .in, values: ["CUSTOMER"])).isEmpty)
        #expect(try await ids(filter("lifecyclestage", .containsToken, "Customer")).isEmpty)
        #expect(try await ids(filter("lifecyclestage", .containsToken, "customer")) == customers)
        // Stage ids, not labels: "Closed Won" matches nothing, "closedwon" matches.
        #expect(try await ids(filter("dealstage", .eq, "Closed Won"), type: "deals").isEmpty)
        #expect(!(try await ids(filter("dealstage", .eq, "closedwon"), type: "deals")).isEmpty)
    }

    @Test func multiSelectValuesMatchAnySelectedOption() async throws {
        let all = try await harness.listAll(properties: ["hs_buying_role"])
        let champions = Set(all.filter { ($0.value("hs_buying_role") ?? "").split(separator: ";").contains("CHAMPION") }.map(\.id))
        #expect(!champions.isEmpty)
        #expect(try await ids(filter("hs_buying_role", .eq, "CHAMPION")) == champions)
        #expect(try await ids(filter("hs_buying_role", .in, values: ["CHAMPION"])) == champions)
    }

    @Test func containsTokenMatchesWholeTokensWithStarWildcards() async throws {
        let all = try await harness.listAll(properties: ["email", "jobtitle"])
        let email = try #require(all.compactMap { $0.value("email") }.first { !$0.contains("gmail") })
        let domain = String(email.split(separator: "@")[1])
        let sameDomain = Set(all.filter { $0.value("email")?.hasSuffix("@" + domain) == true }.map(\.id))
        #expect(try await ids(filter("email", .containsToken, "*@" + domain)) == sameDomain)
        #expect(try await ids(filter("email", .containsToken, "*@" + domain.uppercased())) == sameDomain)
        // The whole address is one token: a bare domain is not a whole token of it.
        #expect(try await ids(filter("email", .containsToken, domain)).isEmpty)
        #expect(try await ids(filter("email", .containsToken, email)) == Set(all.filter { $0.value("email") == email }.map(\.id)))
        // Job titles split on whitespace and punctuation: "Senior Software Engineer" has the token "software".
        let software = Set(all.filter { ($0.value("jobtitle") ?? "").lowercased().split(separator: " ").contains("software") }.map(\.id))
        #expect(!software.isEmpty)
        #expect(try await ids(filter("jobtitle", .containsToken, "software")) == software)
        #expect(try await ids(filter("jobtitle", .containsToken, "soft*")) == software)
        #expect(try await ids(filter("jobtitle", .containsToken, "softwar")).isEmpty)
        let notSoftware = try await ids(filter("jobtitle", .notContainsToken, "software"))
        #expect(notSoftware == Set(all.map(\.id)).subtracting(software))
    }

    @Test func tokenizerSplitsOnPunctuationButKeepsJoinersInsideWords() async throws {
        let created = try await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
            "email": "tok.en-izer_test@example.org", "jobtitle": "Head of R&D, Europe/Asia (interim).",
        ]))
        #expect(created.status == 201)
        let id = try decode(CRMObject.self, created).id
        for token in ["head", "r", "d", "europe", "asia", "interim", "HEAD"] {
            #expect(try await ids(filter("jobtitle", .containsToken, token)).contains(id), "\(token)")
        }
        // A value of several tokens needs all of them (a documented sandbox choice).
        #expect(try await ids(filter("jobtitle", .containsToken, "europe/asia")).contains(id))
        #expect(!(try await ids(filter("jobtitle", .containsToken, "europe/africa")).contains(id)))
        #expect(try await ids(filter("email", .containsToken, "tok.en-izer_test@example.org")) == [id])
        #expect(!(try await ids(filter("email", .containsToken, "example")).contains(id)))
    }

    @Test func datesFilterAsEpochMillisecondsAndRenderAsIsoOrDay() async throws {
        let all = try await harness.listAll(properties: ["createdate", "onboarding_date"])
        let record = try #require(all.first { $0.value("onboarding_date") != nil })
        let created = try #require(record.value("createdate"))
        // datetimes: ISO-8601 UTC with milliseconds; dates: YYYY-MM-DD.
        #expect(created.count == 24 && created.hasSuffix("Z") && created.contains("."))
        let day = try #require(record.value("onboarding_date"))
        #expect(day.count == 10 && day.split(separator: "-").count == 3)
        let ms = try #require(isoToMilliseconds(created))
        #expect(try await ids(filter("createdate", .eq, String(ms))).contains(record.id))
        #expect(!(try await ids(filter("createdate", .gt, String(ms))).contains(record.id)))
        let dayMs = try #require(isoToMilliseconds(day + "T00:00:00.000Z"))
        #expect(try await ids(filter("onboarding_date", .eq, String(dayMs))).contains(record.id))
        #expect(try await ids(filter("onboarding_date", .between, String(dayMs), high: String(dayMs + 86_399_999))).contains(record.id))
        let bad = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: oneGroup(filter("createdate", .gt, "yesterday")))
        _ = try harness.expectError(bad, status: 400, category: "VALIDATION_ERROR")
    }

    @Test func requestedPropertiesWithoutValueAreNullInSearchButOmittedInGet() async throws {
        let all = try await harness.listAll(properties: ["jobtitle"])
        let record = try #require(all.first { $0.value("jobtitle") == nil })
        #expect(record.properties.keys.contains("jobtitle") == false)
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: oneGroup(
            filter("hs_object_id", .eq, record.id), properties: ["jobtitle"]))
        let results = try #require(try jsonObject(response)["results"] as? [[String: Any]])
        let properties = try #require(results.first?["properties"] as? [String: Any])
        #expect(properties["jobtitle"] is NSNull)
        let single = try await harness.call(.get, "/crm/v3/objects/contacts/\(record.id)", query: [("properties", "jobtitle")])
        #expect(try decode(CRMObject.self, single).properties.keys.contains("jobtitle") == false)
    }

    @Test func associationPseudoPropertiesFindRecordsOfOneAssociatedRecord() async throws {
        let companies = try await harness.listAll("companies", properties: ["name"])
        var checked = 0
        for company in companies.prefix(5) {
            let page = try decode(AssociationPage.self, try await harness.call(
                .get, "/crm/v4/objects/companies/\(company.id)/associations/contacts"))
            let expected = Set(page.results.map { String($0.toObjectId) })
            #expect(try await ids(filter("associations.company", .eq, company.id)) == expected)
            checked += expected.isEmpty ? 0 : 1
        }
        #expect(checked > 0)
        for bad in [filter("associations.company", .in, values: ["1"]), filter("associations.vehicle", .eq, "1")] {
            _ = try harness.expectError(
                try await harness.call(.post, "/crm/v3/objects/contacts/search", json: oneGroup(bad)), status: 400,
                category: "VALIDATION_ERROR")
        }
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v3/objects/vehicles/search", json: oneGroup(filter("associations.contact", .eq, "1"))),
            status: 400, category: "VALIDATION_ERROR")
    }

    @Test func archivedRecordsNeverAppearInSearch() async throws {
        let page = try await harness.search(oneGroup(filter("lifecyclestage", .eq, "customer"), limit: 1))
        let id = try #require(page.results.first?.id)
        #expect(try await harness.call(.delete, "/crm/v3/objects/contacts/\(id)").status == 204)
        #expect(!(try await ids(filter("lifecyclestage", .eq, "customer"))).contains(id))
        #expect(try await ids(filter("hs_object_id", .eq, id)).isEmpty)
    }

    @Test func writesBecomeVisibleToSearchAfterTheIndexLag() async throws {
        let clock = ManualClock()
        let lagging = Harness(settings: SandboxSettings(
            searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000, indexLagMilliseconds: 2_000), clock: clock)
        let created = try await lagging.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
            "email": "lag@example.org", "lifecyclestage": "lead",
        ]))
        let id = try decode(CRMObject.self, created).id
        let byId = oneGroup(filter("hs_object_id", .eq, id), properties: ["lifecyclestage"])
        #expect(try await lagging.search(byId).total == 0)
        #expect(try await lagging.call(.get, "/crm/v3/objects/contacts/\(id)").status == 200)  // reads are immediate
        clock.advance(milliseconds: 2_000)
        #expect(try await lagging.search(byId).results.first?.value("lifecyclestage") == "lead")
        _ = try await lagging.call(.patch, "/crm/v3/objects/contacts/\(id)", json: ObjectCreateInput(properties: ["lifecyclestage": "customer"]))
        #expect(try await lagging.search(byId).results.first?.value("lifecyclestage") == "lead")  // old value still indexed
        clock.advance(milliseconds: 2_000)
        #expect(try await lagging.search(byId).results.first?.value("lifecyclestage") == "customer")
    }

    @Test func unknownPropertiesInFiltersAndSortsAreRejected() async throws {
        for request in [oneGroup(filter("emial", .eq, "x")), SearchRequest(sorts: [Sort(propertyName: "emial")])] {
            _ = try harness.expectError(
                try await harness.call(.post, "/crm/v3/objects/contacts/search", json: request), status: 400,
                category: "VALIDATION_ERROR")
        }
    }
}

/// Epoch ms of an ISO-8601 UTC instant with milliseconds.
func isoToMilliseconds(_ text: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1_000).rounded()) }
}
