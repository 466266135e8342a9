import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// HubSpot lists in HQL, end to end against the in-process sandbox: `SHOW LISTS`, `FROM LIST`,
/// `[NOT] IN LIST` planned from either side, `COUNT(*)` from the list's size. Expected rows come
/// from the portal's dump (members of MANUAL lists as stored, DYNAMIC lists' filters evaluated
/// here); request counts are the sandbox's own, by endpoint kind.
@Suite struct ListQueryTests {
    /// 3,000 contacts: "Newsletter" holds about a thousand, so the two directions differ.
    static let portal = PortalGenerator(options: PortalGenerator.Options(
        seed: 11, contacts: 3_000, companies: 60, deals: 40, tickets: 20, products: 2, lineItems: 5, quotes: 2,
        customRecords: 2, burst: 0)).generate()
    static let truth = Result { try ListTruth(portal) }

    /// The dump's contacts and lists, read without HQL.
    struct ListTruth {
        struct List {
            var id: String
            var name: String
            var objectTypeId: String
            var processingType: String
            var members: Set<String>
        }
        let contacts: [DumpTruth.Record]
        let lists: [List]

        init(_ portal: Portal) throws {
            let records = try DumpTruth(portal)
            contacts = records["contacts"]
            let dump = try JSONSerialization.jsonObject(with: try PortalDump(portal).jsonData()) as? [String: Any] ?? [:]
            var lists: [List] = []
            for entry in dump["lists"] as? [[String: Any]] ?? [] {
                let type = entry["objectTypeId"] as? String ?? ""
                let object = ["0-1": "contacts", "0-2": "companies", "0-3": "deals"][type] ?? ""
                let live = Set(records[object].map(\.id))
                var members = Set((entry["members"] as? [[NSNumber]] ?? []).map { String($0[0].int64Value) }).intersection(live)
                if let filter = entry["filter"] as? [String: Any], entry["processingType"] as? String == "DYNAMIC" {
                    let property = filter["property"] as? String ?? ""
                    let values = filter["values"] as? [String] ?? []
                    let operation = filter["operation"] as? String ?? "EQ"
                    members = Set(records[object].filter { record in
                        guard let value = record[property] else { return false }
                        switch operation {
                        case "GTE": return (Double(value) ?? -.infinity) >= (Double(values.first ?? "") ?? .infinity)
                        case "NEQ": return !values.contains(value)
                        default: return values.contains(value)
                        }
                    }.map(\.id))
                }
                lists.append(List(id: String((entry["listId"] as? NSNumber)?.int64Value ?? 0), name: entry["name"] as? String ?? "",
                                  objectTypeId: type, processingType: entry["processingType"] as? String ?? "", members: members))
            }
            self.lists = lists
        }

        func list(_ name: String) -> List? { lists.first { $0.name == name } }
    }

    func rig() async throws -> SandboxRig {
        let rig = SandboxRig(portal: Self.portal)
        try await rig.warm()
        return rig
    }

    /// Requests of one endpoint kind the sandbox counted.
    func count(_ rig: SandboxRig, _ kind: String) async -> Int {
        (await rig.sandbox.currentStats().byKind[kind] ?? [:]).values.reduce(0, +)
    }

    static func ceil(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

    @Test func showListsIsThePortalsLists() async throws {
        let truth = try Self.truth.get()
        let rig = try await rig()
        let rows = try await rig.rows("SHOW LISTS")
        #expect(rows.count == truth.lists.count)
        for list in truth.lists {
            let row = try #require(rows.first { $0["list_id"]?.text == list.id })
            #expect(row["name"]?.text == list.name)
            #expect(row["object_type_id"]?.text == list.objectTypeId)
            #expect(row["processing_type"]?.text == list.processingType)
            #expect(row["size"]?.text == String(list.members.count), "\(list.name)")
            #expect(row["updated_at"]?.isNull == false)
        }
        #expect(rows.first?["object"]?.text != nil)
        #expect(await rig.requests() == 1)  // one search page holds them all
        await rig.resetCount()
        let news = try await rig.rows("SHOW LISTS LIKE 'news%'")
        #expect(news.map { $0["name"]?.text } == ["Newsletter"])
        #expect(await rig.requests() == 1)
        let explained = try await rig.rows("EXPLAIN SHOW LISTS").compactMap { $0[0].text }.joined(separator: "\n")
        #expect(explained.contains("POST /crm/v3/lists/search"))
    }

    /// A broad rest of WHERE (every contact): the members are read first, then one search with their ids.
    @Test func inListReadsMembersFirstWhenTheRestIsBroad() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let size = newsletter.members.count
        #expect(size > 500)
        let rig = try await rig()
        let statement = "SELECT hs_object_id FROM contacts WHERE IN LIST 'Newsletter' AND createdate >= DATE '2019-01-01'"
        let rows = try await rig.rows(statement)
        #expect(Set(rows.compactMap { $0[0].text }) == newsletter.members)
        #expect(rows.count == size)
        #expect(await count(rig, "lists.read") == 1)
        #expect(await count(rig, "lists.memberships") == Self.ceil(size, 250))
        #expect(await count(rig, "lists.records.memberships") == 0)
        let searches = await count(rig, "search")
        // The count of the rest, then the IN-batch searches' pages (≤ 4 searches, 500 ids each).
        #expect(searches >= 2 && searches <= 1 + 4 * Self.ceil(500, 200))
        #expect(await rig.requests() == 1 + Self.ceil(size, 250) + searches)
        let analyzed = try await rig.rows("EXPLAIN ANALYZE " + statement).compactMap { $0[0].text }.joined(separator: "\n")
        #expect(analyzed.contains("-- chose: IN LIST (a)"), "\(analyzed)")
    }

    /// A selective rest (30 e-mails): it is searched first and its records' memberships checked.
    @Test func inListReadsTheRestFirstWhenItIsSelective() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let chosen = Array(truth.contacts.filter { $0["email"] != nil }.prefix(30))
        let emails = chosen.compactMap { $0["email"] }
        let expected = Set(chosen.filter { newsletter.members.contains($0.id) }.map(\.id))
        #expect(!expected.isEmpty && expected.count < chosen.count)
        let rig = try await rig()
        let list = emails.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try await rig.rows("SELECT hs_object_id, email FROM contacts WHERE email IN (\(list)) AND IN LIST 'Newsletter'")
        #expect(Set(rows.compactMap { $0[0].text }) == expected)
        // The list's metadata, the count, one page of the 30, one membership batch read.
        #expect(await count(rig, "lists.read") == 1)
        #expect(await count(rig, "search") == 2)
        #expect(await count(rig, "lists.records.memberships") == 1)
        #expect(await count(rig, "lists.memberships") == 0)
        #expect(await rig.requests() == 4)

        // NOT IN LIST, the same way round.
        await rig.resetCount()
        let others = try await rig.rows("SELECT hs_object_id FROM contacts WHERE email IN (\(list)) AND NOT IN LIST 'Newsletter'")
        #expect(Set(others.compactMap { $0[0].text }) == Set(chosen.map(\.id)).subtracting(expected))
        #expect(await rig.requests() == 4)

        // ORDER BY and LIMIT after the check: the first two members by id, descending.
        await rig.resetCount()
        let limited = try await rig.rows("SELECT hs_object_id FROM contacts WHERE email IN (\(list)) AND IN LIST 'Newsletter' "
                                         + "ORDER BY hs_object_id DESC LIMIT 2")
        let top = expected.sorted { (Int64($0) ?? 0) > (Int64($1) ?? 0) }.prefix(2)
        #expect(limited.compactMap { $0[0].text } == Array(top))
        let analyzed = try await rig.rows("EXPLAIN ANALYZE SELECT email FROM contacts WHERE email IN (\(list)) AND IN LIST 'Newsletter'")
            .compactMap { $0[0].text }.joined(separator: "\n")
        #expect(analyzed.contains("-- chose: IN LIST (b)"), "\(analyzed)")
    }

    /// No other condition, an ordered LIMIT: the records in order, memberships checked until
    /// five are found (about 5 × 3,000 / S records), instead of every member read by id.
    @Test func orderedLimitOfAListReadsRecordsUntilEnoughAreMembers() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let top = newsletter.members.sorted { (Int64($0) ?? 0) > (Int64($1) ?? 0) }.prefix(5)
        let rig = try await rig()
        let rows = try await rig.rows("SELECT hs_object_id FROM contacts WHERE IN LIST 'Newsletter' ORDER BY hs_object_id DESC LIMIT 5")
        #expect(rows.compactMap { $0[0].text } == Array(top))
        // The list, the count of all contacts, one page of 200, its two membership batch reads.
        #expect(await count(rig, "lists.read") == 1)
        #expect(await count(rig, "search") == 2)
        #expect(await count(rig, "lists.records.memberships") == 2)
        #expect(await rig.requests() == 5)
        // FROM LIST: the name search replaces the metadata read.
        await rig.resetCount()
        let from = try await rig.rows("SELECT hs_object_id FROM LIST 'Newsletter' ORDER BY hs_object_id DESC LIMIT 5")
        #expect(from.compactMap { $0[0].text } == Array(top))
        #expect(await count(rig, "lists.search") == 1)
        #expect(await rig.requests() == 5)
    }

    /// Past the ceiling (12,000 contacts) an id-ordered LIMIT keeps its order (keyset), and a
    /// LIMIT without ORDER BY takes any records (the list endpoint): both read records until
    /// enough are members.
    @Test func limitOverALargeObjectReadsRecordsUntilEnoughAreMembers() async throws {
        let portal = PortalGenerator(options: PortalGenerator.Options(
            seed: 12, contacts: 12_000, companies: 20, deals: 5, tickets: 5, products: 2, lineItems: 5, quotes: 2,
            customRecords: 2, burst: 0)).generate()
        let truth = try ListTruth(portal)
        let newsletter = try #require(truth.list("Newsletter"))
        let rig = SandboxRig(portal: portal)
        try await rig.warm()
        let top = newsletter.members.sorted { (Int64($0) ?? 0) > (Int64($1) ?? 0) }.prefix(10)
        let rows = try await rig.rows("SELECT hs_object_id FROM LIST 'Newsletter' ORDER BY hs_object_id DESC LIMIT 10")
        #expect(rows.compactMap { $0[0].text } == Array(top))
        // The name search, the count, one page of 200 (≈ 10 × 12,000 / S records), two membership reads.
        #expect(await count(rig, "lists.memberships") == 0)
        #expect(await rig.requests() == 5)
        await rig.resetCount()
        let any = try await rig.rows("SELECT hs_object_id FROM LIST 'Newsletter' LIMIT 10")
        #expect(any.count == 10)
        #expect(Set(any.compactMap { $0[0].text }).isSubset(of: newsletter.members))
        #expect(await count(rig, "lists.memberships") == 0)
        #expect(await count(rig, "objects.list") <= 2)
    }

    @Test func notInListWithABroadRestReadsMembersFirst() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let rig = try await rig()
        let rows = try await rig.rows("SELECT hs_object_id FROM contacts WHERE createdate >= DATE '2019-01-01' AND NOT IN LIST 'Newsletter'")
        #expect(Set(rows.compactMap { $0[0].text }) == Set(truth.contacts.map(\.id)).subtracting(newsletter.members))
        #expect(await count(rig, "lists.memberships") == Self.ceil(newsletter.members.count, 250))
        #expect(await count(rig, "lists.records.memberships") == 0)
    }

    /// `COUNT(*)` of a list alone is its size: one request with the schema read, two cold.
    @Test func countOfAListIsItsSize() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let cold = SandboxRig(portal: Self.portal)
        let rows = try await cold.rows("SELECT COUNT(*) FROM contacts WHERE IN LIST 'Newsletter'")
        #expect(rows.first?[0].text == String(newsletter.members.count))
        #expect(await cold.requests() == 2)  // contacts' properties, the list
        await cold.resetCount()
        let customers = try #require(truth.list("Customers"))
        let dynamic = try await cold.rows("SELECT COUNT(*) FROM contacts WHERE IN LIST '\(customers.id)'")
        #expect(dynamic.first?[0].text == String(customers.members.count))
        #expect(await cold.requests() == 1)
        #expect(await count(cold, "lists.memberships") == 0)
        // NOT IN LIST alone: every contact counted, less the size (2 requests).
        await cold.resetCount()
        let outside = try await cold.rows("SELECT COUNT(*) FROM contacts WHERE NOT IN LIST 'Newsletter'")
        #expect(outside.first?[0].text == String(truth.contacts.count - newsletter.members.count))
        #expect(await cold.requests() == 2)
        let explained = try await cold.session.explain("SELECT COUNT(*) FROM contacts WHERE IN LIST 'Newsletter'")
        #expect(explained.contains("ListSize"), "\(explained)")
    }

    @Test func fromListReadsTheListsRecords() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let members = truth.contacts.filter { newsletter.members.contains($0.id) }
        let rig = try await rig()

        // WHERE, ORDER BY, LIMIT, an alias.
        let leads = members.filter { $0["lifecyclestage"] == "lead" }
        let rows = try await rig.rows("SELECT n.hs_object_id, n.email FROM LIST 'Newsletter' AS n WHERE n.lifecyclestage = 'lead' "
                                      + "ORDER BY hs_object_id DESC LIMIT 5")
        let top = leads.map(\.id).sorted { (Int64($0) ?? 0) > (Int64($1) ?? 0) }.prefix(5)
        #expect(rows.compactMap { $0[0].text } == Array(top))

        // COUNT(*) alone: the search that found the list by name gave its size.
        await rig.resetCount()
        let count = try await rig.rows("SELECT COUNT(*) FROM LIST 'newsletter'")
        #expect(count.first?[0].text == String(members.count))
        #expect(await rig.requests() == 1)

        // By id, grouped.
        let byStage = try await rig.rows("SELECT lifecyclestage, COUNT(*) FROM LIST '\(newsletter.id)' GROUP BY lifecyclestage")
        var expected: [String: Int] = [:]
        for member in members { expected[member["lifecyclestage"] ?? "", default: 0] += 1 }
        var got: [String: Int] = [:]
        for row in byStage { got[row[0].text ?? ""] = Int(row[1].text ?? "") ?? -1 }
        #expect(got == expected)

        // In a subquery and a WITH query: looked up too.
        let customers = try #require(truth.list("Customers"))
        let countries = Set(truth.contacts.filter { customers.members.contains($0.id) }.compactMap { $0["country"]?.lowercased() })
        let sameCountry = try await rig.rows("SELECT hs_object_id FROM contacts WHERE country IN (SELECT country FROM LIST 'Customers')")
        let expectedSame = Set(truth.contacts.filter { ($0["country"]?.lowercased()).map(countries.contains) ?? false }.map(\.id))
        #expect(Set(sameCountry.compactMap { $0[0].text }) == expectedSame)
        let with = try await rig.rows("WITH n AS (SELECT lifecyclestage FROM LIST 'Newsletter') SELECT COUNT(*) FROM n WHERE lifecyclestage = 'lead'")
        #expect(with.first?[0].text == String(leads.count))

        // A DYNAMIC list of companies: its object is found from the list.
        let enterprise = try #require(truth.list("Enterprise accounts"))
        let companies = try await rig.rows("SELECT hs_object_id FROM LIST 'Enterprise accounts'")
        #expect(Set(companies.compactMap { $0[0].text }) == enterprise.members)
    }

    @Test func anUnknownListIsADiagnosticWithDidYouMean() async throws {
        let rig = try await rig()
        do {
            _ = try await rig.rows("SELECT email FROM LIST 'Newsleter'")
            Issue.record("an unknown list was accepted")
        } catch let error as HQLError {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.message == "no list named 'Newsleter'")
            #expect(diagnostic.help == "did you mean 'Newsletter'?")
            #expect(error.description.contains("1:24: error") && error.description.contains("^^^^^^^^^^^\n"), "\(error.description)")
        }
        // The name search, then every list's name for the suggestion; no record read.
        #expect(await rig.requests() == 2)
        await #expect(throws: HQLError.self) { _ = try await rig.rows("SELECT email FROM LIST '999999'") }
        // A JOIN of a list is a syntax error.
        await #expect(throws: HQLError.self) {
            _ = try await rig.rows("SELECT c.email FROM contacts c JOIN LIST 'Newsletter' n ON ASSOCIATED")
        }
        // IN LIST of another object's list: refused, not read as contact ids.
        let enterprise = try #require(try Self.truth.get().list("Enterprise accounts"))
        await #expect(throws: ExecutionError.self) {
            _ = try await rig.rows("SELECT email FROM contacts WHERE IN LIST '\(enterprise.id)'")
        }
    }

    /// The sandbox's record-side endpoints answer what the lists hold.
    @Test func recordMembershipsMatchTheLists() async throws {
        let truth = try Self.truth.get()
        let newsletter = try #require(truth.list("Newsletter"))
        let rig = try await rig()
        let transport = SandboxTransport(sandbox: rig.sandbox)
        let headers = ["Authorization": "Bearer \(SandboxSettings.defaultToken)", "Content-Type": "application/json"]
        let member = try #require(newsletter.members.first)
        let one = try await transport.send(HubSpotRequest(method: .get, path: "/crm/v3/lists/records/0-1/\(member)/memberships",
                                                          headers: headers))
        #expect(one.status == 200)
        let holding = Set(truth.lists.filter { $0.members.contains(member) }.map(\.id))
        let page = try JSONSerialization.jsonObject(with: one.body) as? [String: Any]
        let ids = Set((page?["results"] as? [[String: Any]] ?? []).compactMap { $0["listId"] as? String })
        #expect(ids == holding)
        let tooMany = try JSONSerialization.data(withJSONObject: ["inputs": (0..<101).map { ["objectTypeId": "0-1", "recordId": String($0)] }])
        let refused = try await transport.send(HubSpotRequest(method: .post, path: "/crm/v3/lists/records/memberships/batch/read",
                                                              headers: headers, body: tooMany))
        #expect(refused.status == 400)
        // The date-versioned twin of the batch read, as newer clients call it.
        let batch = try JSONSerialization.data(withJSONObject: ["inputs": [["objectTypeId": "0-1", "recordId": member]]])
        let dated = try await transport.send(HubSpotRequest(method: .post, path: "/crm/lists/2026-03/records/memberships/batch/read",
                                                            headers: headers, body: batch))
        #expect(dated.status == 200)
        let results = (try JSONSerialization.jsonObject(with: dated.body) as? [String: Any])?["results"] as? [[String: Any]] ?? []
        let lists = (results.first?["recordListMemberships"] as? [[String: Any]] ?? []).compactMap { $0["listId"] as? String }
        #expect(Set(lists) == holding)
        #expect(await count(rig, "lists.records.memberships") == 3)
    }
}

/// `SHOW LISTS` against canned Lists API answers: offset paging followed to its end, ids and
/// sizes in either JSON shape, and a search whose offset does not move refused.
@Suite struct ListSearchPagingTests {
    /// Answers each `POST /crm/v3/lists/search` with the next canned body.
    final class CannedLists: HubSpotTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var bodies: [String]
        private(set) var sent = 0
        init(_ bodies: [String]) { self.bodies = bodies }
        func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
            lock.withLock {
                sent += 1
                let body = bodies.isEmpty ? #"{"lists":[],"offset":0,"hasMore":false,"total":0}"# : bodies.removeFirst()
                return HubSpotResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
            }
        }
    }

    func session(_ transport: CannedLists) -> Session {
        Session(connection: .transport(transport, token: "test-token"), rateLimits: RateLimits.hubSpot.scaled(by: 1_000))
    }

    @Test func pagesAreFollowedAndEitherShapeIsRead() async throws {
        let transport = CannedLists([
            #"{"lists":[{"listId":7,"name":"Beta","objectTypeId":"0-1","processingType":"MANUAL","additionalProperties":{"hs_list_size":"12"}}],"offset":1,"hasMore":true,"total":2}"#,
            #"{"lists":[{"listId":"3","name":"alpha","objectTypeId":"0-2","processingType":"DYNAMIC","size":4,"updatedAt":"2025-01-02T03:04:05.000Z"}],"offset":2,"hasMore":false,"total":2}"#,
        ])
        let rows = try await session(transport).query("SHOW LISTS").collect()
        #expect(rows.map { $0["name"]?.text } == ["alpha", "Beta"])
        #expect(rows.map { $0["size"]?.text } == ["4", "12"])
        #expect(rows.map { $0["list_id"]?.text } == ["3", "7"])
        #expect(rows.first?["object"]?.text == "companies")
        #expect(transport.sent == 2)
    }

    @Test func anOffsetThatDoesNotMoveIsRefused() async throws {
        let page = #"{"lists":[{"listId":"1","name":"A","objectTypeId":"0-1","processingType":"MANUAL"}],"offset":0,"hasMore":true,"total":9}"#
        let transport = CannedLists(Array(repeating: page, count: 5))
        await #expect(throws: HubSpotError.self) { _ = try await session(transport).query("SHOW LISTS").collect() }
        #expect(transport.sent == 1)
    }
}
