import Foundation
import HQLSandbox
import HQLSandboxServer
import HubSpotAPI
import Synchronization
import Testing

/// The whole CRM (issue 15) over HTTP: activities and the other objects, the default property
/// lists, the older schema endpoints, Lists v3, archived records, property history and
/// `--realistic`. Expected figures come from the portal's dump (loose JSON), not from the
/// handlers under test.
@Suite struct WholeCRMEndpointTests {
    /// The dump of the small portal as loose JSON: records by type name, lists. Never changed
    /// after `init`, hence shared with the test bodies.
    struct Dump: @unchecked Sendable {
        let records: [String: [[String: Any]]]
        let lists: [[String: Any]]
        let associations: [[String: Any]]

        init(_ portal: Portal) throws {
            let object = try JSONSerialization.jsonObject(with: try PortalDump(portal).jsonData()) as? [String: Any] ?? [:]
            records = object["records"] as? [String: [[String: Any]]] ?? [:]
            lists = object["lists"] as? [[String: Any]] ?? []
            associations = object["associations"] as? [[String: Any]] ?? []
        }

        func live(_ type: String) -> [[String: Any]] { (records[type] ?? []).filter { ($0["archived"] as? Bool) != true } }

        func value(_ record: [String: Any], _ name: String) -> String? { (record["properties"] as? [String: String])?[name] }
    }

    static let portal = Portals.small
    static let objects: [(plural: String, singular: String, id: String)] = [
        ("calls", "call", "0-48"), ("emails", "email", "0-49"), ("meetings", "meeting", "0-47"), ("notes", "note", "0-46"),
        ("tasks", "task", "0-27"), ("communications", "communication", "0-18"), ("postal_mail", "postal_mail", "0-116"),
        ("leads", "lead", "0-136"), ("goal_targets", "goal_target", "0-74"),
        ("feedback_submissions", "feedback_submission", "0-19"), ("products", "product", "0-7"),
        ("line_items", "line_item", "0-8"), ("quotes", "quote", "0-14"),
    ]

    // MARK: - HTTP plumbing

    enum ServerError: Error { case badURL }

    private func withServer(
        settings: SandboxSettings = SandboxSettings(searchRequestsPerSecond: 10_000, requestsPerTenSeconds: 100_000),
        clock: ManualClock = ManualClock(),
        _ body: @Sendable @escaping (Sandbox, URL) async throws -> Void
    ) async throws {
        var chosen = settings
        chosen.clock = clock
        let sandbox = Sandbox(portal: Self.portal, settings: chosen)
        let server = SandboxServer(sandbox: sandbox, host: "127.0.0.1", port: 0, idleTimeout: .seconds(30), ownThread: true)
        try await server.whileRunning { port in
            guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw ServerError.badURL }
            try await body(sandbox, url)
        }
    }

    /// One request on a connection of its own (see `LoopbackSocket.request`).
    private func send(_ base: URL, _ method: String, _ path: String, query: String = "", json: String? = nil) async throws -> HTTPReply {
        try await LoopbackSocket.request(base, method, path, query: query, body: json.map { Data($0.utf8) })
    }

    /// Every record id of a type through the list endpoint, following its cursor.
    private func listAll(_ base: URL, _ type: String, extra: String = "") async throws -> [String] {
        var ids: [String] = []
        var after: String?
        repeat {
            var query = "limit=100" + extra
            if let after { query += "&after=\(after)" }
            let reply = try await send(base, "GET", "/crm/v3/objects/\(type)", query: query)
            #expect(reply.status == 200, "\(type): \(String(decoding: reply.body, as: UTF8.self))")
            let page = try reply.object()
            ids += (page["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            after = ((page["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
        } while after != nil
        return ids
    }

    // MARK: - Objects

    @Test func everyObjectAnswersByPluralSingularAndTypeIDWithTheDumpsRecords() async throws {
        let dump = try Dump(Self.portal)
        try await withServer { _, base in
            for object in Self.objects {
                let expected = Set(dump.live(object.plural).compactMap { ($0["id"] as? NSNumber).map { "\($0)" } })
                #expect(!expected.isEmpty, "\(object.plural) has records")
                for name in [object.plural, object.singular, object.id] {
                    let ids = try await listAll(base, name)
                    #expect(Set(ids) == expected, "\(name)")
                    #expect(ids.count == expected.count, "\(name): no id twice")
                }
                let reply = try await send(base, "GET", "/crm/v3/properties/\(object.id)")
                #expect(reply.status == 200)
            }
        }
    }

    @Test func activitiesCarryTheirTimestampAndAreAssociatedWithContacts() async throws {
        let dump = try Dump(Self.portal)
        let meetings = dump.live("meetings")
        let meetingCount = meetings.count
        let firstMeeting = meetings.first?["id"] as? NSNumber
        #expect(meetings.allSatisfy { dump.value($0, "hs_timestamp") != nil && dump.value($0, "hs_meeting_title") != nil })
        let contactType = "0-1"
        // Meeting → contact edges in the dump (either direction is stored once).
        let edges = dump.associations.filter {
            let from = $0["fromObjectTypeId"] as? String, to = $0["toObjectTypeId"] as? String
            return (from == "0-47" && to == contactType) || (from == contactType && to == "0-47")
        }
        #expect(edges.count >= meetingCount)
        try await withServer { _, base in
            let body = #"{"filterGroups":[{"filters":[{"propertyName":"hs_timestamp","operator":"GTE","value":"0"}]}],"properties":["hs_meeting_title","hs_timestamp"],"limit":200}"#
            let reply = try await send(base, "POST", "/crm/v3/objects/meetings/search", json: body)
            #expect(reply.status == 200)
            #expect(try reply.object()["total"] as? Int == meetingCount)
            let first = try #require(firstMeeting)
            let associated = try await send(base, "GET", "/crm/v4/objects/meetings/\(first)/associations/contacts")
            #expect(associated.status == 200)
            #expect(!((try associated.object()["results"] as? [Any]) ?? []).isEmpty)
        }
    }

    @Test func theListEndpointAlsoPagesByOffset() async throws {
        try await withServer { _, base in
            let all = try await listAll(base, "line_items")
            var seen: [String] = []
            var offset = 0
            while true {
                let reply = try await send(base, "GET", "/crm/v3/objects/line_items", query: "limit=25&offset=\(offset)")
                let ids = (try reply.object()["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                seen += ids
                offset += ids.count
                if ids.count < 25 { break }
            }
            #expect(seen == all)
            let lists = try await send(base, "POST", "/crm/v3/lists/search", json: #"{"count":1000}"#)
            #expect(lists.status == 200)
        }
    }

    @Test func theStandardObjectsHaveHubSpotsDefaultProperties() async throws {
        try await withServer { _, base in
            for (type, least) in [("contacts", 150), ("companies", 120), ("deals", 80), ("tickets", 60)] {
                let reply = try await send(base, "GET", "/crm/v3/properties/\(type)")
                let results = try reply.object()["results"] as? [[String: Any]] ?? []
                #expect(results.count >= least, "\(type): \(results.count)")
                #expect(Set(results.compactMap { $0["name"] as? String }).count == results.count, "\(type): unique names")
            }
            let stage = try await send(base, "GET", "/crm/v3/properties/contacts/lifecyclestage")
            let options = try stage.object()["options"] as? [[String: Any]] ?? []
            #expect(options.contains { $0["value"] as? String == "salesqualifiedlead" && $0["label"] as? String == "Sales Qualified Lead" })
        }
    }

    @Test func goalTargetsAndFeedbackAreReadOnly() async throws {
        try await withServer { _, base in
            let reply = try await send(base, "POST", "/crm/v3/objects/goal_targets", json: #"{"properties":{"hs_goal_name":"x"}}"#)
            #expect(reply.status == 400)
            let batch = try await send(base, "POST", "/crm/v3/objects/feedback_submissions/batch/archive", json: #"{"inputs":[{"id":"1"}]}"#)
            #expect(batch.status == 400)
        }
    }

    // MARK: - Older schema endpoints

    @Test func propertiesV2IsABareArrayByPluralOrSingular() async throws {
        try await withServer { sandbox, base in
            let current = try await send(base, "GET", "/crm/v3/properties/contacts")
            let count = (try current.object()["results"] as? [Any])?.count ?? -1
            for path in ["/properties/v2/contact/properties", "/properties/v2/contacts/properties", "/properties/v1/contacts/properties"] {
                let reply = try await send(base, "GET", path)
                #expect(reply.status == 200)
                let array = try #require(try reply.json() as? [[String: Any]])
                #expect(array.count == count)
                #expect(array.contains { $0["name"] as? String == "email" && $0["type"] as? String == "string" })
            }
            #expect(await sandbox.currentStats().total > 0)
        }
    }

    @Test func pipelinesForDealsTicketsAndLeadsInBothVersions() async throws {
        try await withServer { _, base in
            for (type, count) in [("deals", 2), ("tickets", 2), ("leads", 1)] {
                let v3 = try await send(base, "GET", "/crm/v3/pipelines/\(type)")
                #expect((try v3.object()["results"] as? [Any])?.count == count, "\(type)")
                let v1 = try await send(base, "GET", "/crm-pipelines/v1/pipelines/\(type)")
                let results = try v1.object()["results"] as? [[String: Any]] ?? []
                #expect(results.count == count, "\(type) v1")
                #expect(results.allSatisfy { $0["pipelineId"] is String && $0["stages"] is [Any] })
            }
        }
    }

    // MARK: - Lists v3

    @Test func listsBySearchNameAndIDWithPagedMembershipsEqualToTheDump() async throws {
        let dump = try Dump(Self.portal)
        let newsletter = try #require(dump.lists.first { $0["name"] as? String == "Newsletter" })
        let liveContacts = Set(dump.live("contacts").compactMap { ($0["id"] as? NSNumber)?.int64Value })
        // Members are `[id, addedAt]` pairs.
        let memberIDs = ((newsletter["members"] as? [[NSNumber]]) ?? []).compactMap { $0.first?.int64Value }
        let manualMembers = Set(memberIDs).intersection(liveContacts)
        #expect(!manualMembers.isEmpty)
        let customers = Set(dump.live("contacts").filter { dump.value($0, "lifecyclestage") == "customer" }
            .compactMap { ($0["id"] as? NSNumber)?.int64Value })
        try await withServer { _, base in
            let search = try await send(base, "POST", "/crm/v3/lists/search", json: #"{"query":"news","count":5}"#)
            let found = try search.object()["lists"] as? [[String: Any]] ?? []
            #expect(found.map { $0["name"] as? String } == ["Newsletter"])
            #expect(found.first?["processingType"] as? String == "MANUAL")
            let all = try await send(base, "POST", "/crm/v3/lists/search", json: #"{"count":2}"#)
            #expect(try all.object()["total"] as? Int == dump.lists.count)
            #expect(try all.object()["hasMore"] as? Bool == true)

            let byName = try await send(base, "GET", "/crm/v3/lists/object-type-id/0-1/name/newsletter")
            let list = try byName.object()["list"] as? [String: Any] ?? [:]
            let id = try #require(list["listId"] as? String)
            let byID = try await send(base, "GET", "/crm/v3/lists/\(id)")
            #expect((try byID.object()["list"] as? [String: Any])?["name"] as? String == "Newsletter")
            #expect(try await send(base, "GET", "/crm/v3/lists/object-type-id/0-1/name/nope").status == 404)

            for (listID, expected) in [(id, manualMembers), ("2", customers)] {
                var seen: [Int64] = []
                var after: String?
                repeat {
                    let page = try await send(base, "GET", "/crm/v3/lists/\(listID)/memberships",
                        query: "limit=50" + (after.map { "&after=\($0)" } ?? ""))
                    let object = try page.object()
                    #expect(object["total"] as? Int == expected.count)
                    seen += (object["results"] as? [[String: Any]] ?? []).compactMap { ($0["recordId"] as? String).flatMap(Int64.init) }
                    after = ((object["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
                } while after != nil
                #expect(seen == seen.sorted(), "by record id")
                #expect(Set(seen) == expected && seen.count == expected.count, "list \(listID)")
            }
        }
    }

    @Test func manualListsTakeMembersByHand() async throws {
        try await withServer { _, base in
            let before = try await send(base, "GET", "/crm/v3/lists/1/memberships", query: "limit=1")
            let total = try before.object()["total"] as? Int ?? -1
            let contacts = try await listAll(base, "contacts")
            let added = try await send(base, "PUT", "/crm/v3/lists/1/memberships/add",
                json: "[\"\(contacts[0])\", \"\(contacts[1])\", \"999\"]")
            let change = try added.object()
            #expect(change["recordIdsMissing"] as? [String] == ["999"])
            let now = (change["recordIdsAdded"] as? [String] ?? []).count
            let after = try await send(base, "GET", "/crm/v3/lists/1/memberships", query: "limit=1")
            #expect(try after.object()["total"] as? Int == total + now)
            #expect(try await send(base, "PUT", "/crm/v3/lists/2/memberships/add", json: "[\"\(contacts[0])\"]").status == 400)
        }
    }

    // MARK: - Archived records and history

    @Test func archivedRecordsComeFromTheListEndpointAndBatchReadOnly() async throws {
        try await withServer { _, base in
            let ids = try await listAll(base, "calls")
            for id in ids.prefix(3) { #expect(try await send(base, "DELETE", "/crm/v3/objects/calls/\(id)").status == 204) }
            let archived = try await listAll(base, "calls", extra: "&archived=true")
            #expect(Set(archived) == Set(ids.prefix(3)))
            #expect(try await listAll(base, "calls").count == ids.count - 3)
            let read = try await send(base, "POST", "/crm/v3/objects/calls/batch/read", query: "archived=true",
                json: "{\"inputs\":[{\"id\":\"\(ids[0])\"}],\"properties\":[\"hs_call_title\"]}")
            let results = try read.object()["results"] as? [[String: Any]] ?? []
            #expect(results.count == 1 && results.first?["archived"] as? Bool == true && results.first?["archivedAt"] is String)
            let search = try await send(base, "POST", "/crm/v3/objects/calls/search", json: #"{"limit":1}"#)
            #expect(try search.object()["total"] as? Int == ids.count - 3)
        }
    }

    @Test func propertiesWithHistoryOnReadListAndBatchRead() async throws {
        let dump = try Dump(Self.portal)
        let customer = try #require(dump.live("contacts").first {
            dump.value($0, "lifecyclestage") == "customer" && dump.value($0, "hs_lifecyclestage_lead_date") != nil
        })
        let id = try #require(customer["id"] as? NSNumber)
        let emailEntries = dump.value(customer, "email") == nil ? 0 : 1
        try await withServer { _, base in
            let read = try await send(base, "GET", "/crm/v3/objects/contacts/\(id)", query: "propertiesWithHistory=lifecyclestage,email")
            let history = try read.object()["propertiesWithHistory"] as? [String: [[String: Any]]] ?? [:]
            let stages = (history["lifecyclestage"] ?? []).compactMap { $0["value"] as? String }
            #expect(stages.first == "customer", "newest first")
            #expect(stages.contains("lead") && stages.contains("subscriber"))
            #expect(history["email"]?.count == emailEntries)

            let patch = try await send(base, "PATCH", "/crm/v3/objects/contacts/\(id)", json: #"{"properties":{"lifecyclestage":"evangelist"}}"#)
            #expect(patch.status == 200)
            let batch = try await send(base, "POST", "/crm/v3/objects/contacts/batch/read",
                json: "{\"inputs\":[{\"id\":\"\(id)\"}],\"propertiesWithHistory\":[\"lifecyclestage\"]}")
            let entries = ((try batch.object()["results"] as? [[String: Any]])?.first?["propertiesWithHistory"]
                as? [String: [[String: Any]]])?["lifecyclestage"] ?? []
            #expect(entries.first?["value"] as? String == "evangelist")
            #expect(entries.first?["sourceType"] as? String == "API")
            #expect(entries.count == stages.count + 1)

            let list = try await send(base, "GET", "/crm/v3/objects/deals", query: "limit=100&propertiesWithHistory=dealstage")
            let deals = try list.object()["results"] as? [[String: Any]] ?? []
            #expect(deals.count == 50, "at most 50 records a page with histories")
            #expect(deals.allSatisfy { (($0["propertiesWithHistory"] as? [String: [Any]])?["dealstage"]?.count ?? 0) >= 1 })
        }
    }

    // MARK: - Realistic

    @Test func otherAppsSpendPartOfTheBudgetWhenRealistic() async throws {
        // Requests of other apps seen by 20 of ours, `step` ms apart: the window's 100 less ours
        // less what the last answer says remains.
        func othersBeside20(_ settings: SandboxSettings, step: Int64) async throws -> Int {
            let clock = ManualClock()
            let last = LatestValue()
            try await withServer(settings: settings, clock: clock) { _, base in
                for _ in 0..<20 {
                    let reply = try await send(base, "GET", "/crm/v3/objects/contacts", query: "limit=1")
                    #expect(reply.status == 200)
                    last.value = Int(reply.header("X-HubSpot-RateLimit-Remaining") ?? "") ?? -1
                    clock.advance(milliseconds: step)
                }
            }
            return 100 - last.value - 20
        }
        // Other apps arrive on their own (a Poisson process at half of each limit: 5 requests a
        // second against 100 per 10 s), whatever this client's pace: over 2 s, about 10 of theirs.
        var settings = SandboxSettings(searchRequestsPerSecond: 10, requestsPerTenSeconds: 100)
        settings.realism = SandboxSettings.Realism(medianLatencyMilliseconds: 1, maxLatencyMilliseconds: 2, otherAppsShare: 0.5)
        let others = try await othersBeside20(settings, step: 100)
        #expect(others >= 3 && others <= 25, "\(others) requests from other apps in 2 s")
        // The same 20 requests at once (the clock still): theirs do not follow ours.
        #expect(try await othersBeside20(settings, step: 0) <= 1, "other apps' requests arrived with no time passing")
        // `--other-apps-share 0`: the latency distribution and faults without the shared budget.
        settings.realism?.otherAppsShare = 0
        #expect(try await othersBeside20(settings, step: 100) == 0, "requests of other apps with their share at 0")
    }
}

/// The last number a `@Sendable` closure saw.
private final class LatestValue: Sendable {
    private let storage = Mutex(0)
    var value: Int {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
