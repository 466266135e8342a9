import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// Random predicates over the demo schema's contacts (nesting, NOT, IN lists up to 500 values,
/// up to 40 atoms): (a) every planned request is within HubSpot's limits, and (b) running the
/// plan on the sandbox (paging each search, uniting by id, re-checking residual rows) returns
/// the same ids as evaluating the predicate on every record.
@Suite struct PlannerPropertyTests {
    /// A sandbox whose rate limits do not get in the way of a test, and every contact it holds.
    actor Fixture {
        let transport: SandboxTransport
        private var records: [String: [String: String]]?

        init() {
            let settings = SandboxSettings(searchRequestsPerSecond: 1_000_000, requestsPerTenSeconds: 10_000_000,
                                           requestsPerDay: 100_000_000)
            transport = SandboxTransport(sandbox: Sandbox(portal: PortalGenerator(options: .small).generate(), settings: settings))
        }

        static let properties = ["lifecyclestage", "hs_lead_status", "country", "num_associated_deals", "createdate",
                                 "phone", "jobtitle", "firstname", "email", "hs_email_optout", "onboarding_date", "hs_object_id"]

        func allContacts() async throws -> [String: [String: String]] {
            if let records { return records }
            var result: [String: [String: String]] = [:]
            var after: String?
            repeat {
                var query = [HubSpotRequest.QueryItem("limit", "100"),
                             .init("properties", Self.properties.joined(separator: ","))]
                if let after { query.append(.init("after", after)) }
                let page: ObjectPage = try await send(HubSpotRequest(method: .get, path: "/crm/v3/objects/contacts", query: query))
                for record in page.results { result[record.id] = record.properties.compactMapValues { $0 } }
                after = page.paging?.next?.after
            } while after != nil
            records = result
            return result
        }

        func send<T: Decodable>(_ request: HubSpotRequest) async throws -> T {
            var request = request
            request.headers["Authorization"] = "Bearer \(SandboxSettings.defaultToken)"
            let response = try await transport.send(request)
            guard (200..<300).contains(response.status) else {
                throw RunError(status: response.status, body: String(decoding: response.body, as: UTF8.self))
            }
            return try JSONDecoder().decode(T.self, from: response.body)
        }

        /// Runs every planned call to completion and returns the ids of the rows it yields.
        func run(_ plan: PhysicalPlan, predicate: BoundPredicate?) async throws -> Set<String> {
            var rows: [String: [String: String]] = [:]
            switch plan.access {
            case .search(let bodies):
                for body in bodies {
                    var body = body
                    repeat {
                        let data = try JSONEncoder().encode(body)
                        let page: ObjectPage = try await send(HubSpotRequest(method: .post, path: "/crm/v3/objects/contacts/search", body: data))
                        for record in page.results { rows[record.id] = record.properties.compactMapValues { $0 } }
                        body.after = page.paging?.next?.after
                    } while body.after != nil
                }
            case .list:
                rows = try await allContacts()
            case .batchRead(let ids, _):
                let all = try await allContacts()
                for id in ids { if let record = all[id] { rows[id] = record } }
            case .empty:
                break
            case .countFromTotal, .countPerOption, .extremes, .derived, .listMembers, .listSize:
                Issue.record("no aggregate nor derived table in these statements")
            }
            if plan.residualFilter, let predicate {
                rows = rows.filter { PredicateEvaluator().matches(predicate, $0.value) }
            }
            return Set(rows.keys)
        }
    }

    struct RunError: Error { var status: Int; var body: String }

    static let fixture = Fixture()

    @Test func randomPredicatesPlanWithinLimitsAndReturnTheExactAnswer() async throws {
        let contacts = try await Self.fixture.allContacts()
        #expect(contacts.count >= 300)
        var generator = SeededGenerator(seed: 20_261_129)
        let ids = contacts.keys.sorted()
        let values = { (property: String) in Array(Set(contacts.values.compactMap { $0[property] })).sorted() }
        let pools = ["country": values("country"), "firstname": values("firstname"), "email": values("email"),
                     "createdate": values("createdate"), "onboarding_date": values("onboarding_date"), "jobtitle": values("jobtitle")]
        var residualPlans = 0
        var multiSearchPlans = 0
        var nonEmptyAnswers = 0
        let rounds = 120
        for round in 0..<rounds {
            var atoms = 0
            let condition = Self.randomCondition(depth: 0, atoms: &atoms, limit: Int.random(in: 1...40, using: &generator),
                                                 ids: ids, pools: pools, using: &generator)
            let statement = "SELECT email FROM contacts WHERE " + condition
            let outcome = await PlanningSupport.plan(statement)
            guard let plan = outcome.plan, let query = outcome.query else {
                Issue.record("round \(round) did not plan: \(outcome.diagnostics.map(\.message))\n\(statement)")
                continue
            }
            // (a) limits
            for request in plan.requests {
                guard case .search(let body)? = request.body else { continue }
                let limits = SearchCapabilities.hubSpot
                #expect(body.filterGroups.count <= limits.maxFilterGroups, "\(statement)")
                #expect(body.filterGroups.allSatisfy { $0.filters.count <= limits.maxFiltersPerGroup }, "\(statement)")
                #expect(body.filterGroups.reduce(0) { $0 + $1.filters.count } <= limits.maxFiltersTotal, "\(statement)")
                #expect(body.filterGroups.allSatisfy { $0.filters.allSatisfy { ($0.values?.count ?? 0) <= limits.maxValuesPerFilter } })
                #expect((body.limit ?? 10) <= limits.maxSearchPageSize)
                #expect(body.sorts.count <= limits.maxSorts)
            }
            if plan.residualFilter { residualPlans += 1 }
            if case .search(let bodies) = plan.access, bodies.count > 1 { multiSearchPlans += 1 }
            // (b) the answer
            let predicate = query.predicate
            let expected = Set(contacts.filter { entry in
                predicate.map { PredicateEvaluator().matches($0, entry.value) } ?? true
            }.keys)
            let actual = try await Self.fixture.run(plan, predicate: query.predicate)
            #expect(actual == expected, "round \(round): \(statement)\nmissing \(expected.subtracting(actual).count), extra \(actual.subtracting(expected).count)")
            if !expected.isEmpty { nonEmptyAnswers += 1 }
        }
        // The generator must reach the interesting cases, or the property proves little.
        #expect(residualPlans > 0)
        #expect(multiSearchPlans > 0)
        #expect(nonEmptyAnswers > rounds / 4)
    }

    static func randomCondition(depth: Int, atoms: inout Int, limit: Int, ids: [String], pools: [String: [String]],
                                using generator: inout SeededGenerator) -> String {
        if depth < 4, atoms < limit - 1, Int.random(in: 0..<3, using: &generator) > 0 {
            let width = Int.random(in: 2...4, using: &generator)
            var parts: [String] = []
            for _ in 0..<width where atoms < limit {
                parts.append(randomCondition(depth: depth + 1, atoms: &atoms, limit: limit, ids: ids, pools: pools, using: &generator))
            }
            if parts.isEmpty { parts.append(atom(ids: ids, pools: pools, using: &generator)); atoms += 1 }
            let joined = "(" + parts.joined(separator: Bool.random(using: &generator) ? " AND " : " OR ") + ")"
            return Int.random(in: 0..<5, using: &generator) == 0 ? "NOT " + joined : joined
        }
        atoms += 1
        let text = atom(ids: ids, pools: pools, using: &generator)
        return Int.random(in: 0..<6, using: &generator) == 0 ? "NOT " + text : text
    }

    static func atom(ids: [String], pools: [String: [String]], using generator: inout SeededGenerator) -> String {
        func pick(_ property: String) -> String { pools[property]?.randomElement(using: &generator) ?? "x" }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let stages = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"]
        switch Int.random(in: 0..<15, using: &generator) {
        case 0: return "lifecyclestage = \(quoted(stages.randomElement(using: &generator) ?? "lead"))"
        case 1: return "lifecyclestage IN (\(stages.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator)).map(quoted).joined(separator: ", ")))"
        case 2: return "hs_lead_status != 'NEW'"
        case 3: return "country = \(quoted(pick("country")))"
        case 4: return "num_associated_deals > \(Int.random(in: 0...3, using: &generator))"
        case 5: return "createdate >= TIMESTAMP \(quoted(pick("createdate")))"
        case 6: return "createdate BETWEEN TIMESTAMP \(quoted(pick("createdate"))) AND TIMESTAMP \(quoted(pick("createdate")))"
        case 7: return Bool.random(using: &generator) ? "phone IS NULL" : "jobtitle IS NOT NULL"
        case 8: return "firstname LIKE \(quoted(String(pick("firstname").prefix(2)) + "%"))"
        case 9:
            let domain = pick("email").split(separator: "@").last.map(String.init) ?? "example.com"
            return "email CONTAINS \(quoted("*@" + domain))"
        case 10:
            let count = Int.random(in: 1...500, using: &generator)
            return "hs_object_id IN (\((0..<count).map { _ in ids.randomElement(using: &generator) ?? "1" }.joined(separator: ", ")))"
        case 11: return "hs_email_optout = \(Bool.random(using: &generator) ? "TRUE" : "FALSE")"
        case 12: return "onboarding_date < DATE \(quoted(pick("onboarding_date")))"
        case 13: return "jobtitle NOT CONTAINS \(quoted(pick("jobtitle").split(separator: " ").first.map(String.init) ?? "x"))"
        default: return "email LIKE \(quoted("%" + String(pick("email").suffix(6))))"
        }
    }
}
