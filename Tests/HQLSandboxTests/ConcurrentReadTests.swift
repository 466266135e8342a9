import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Searches, lists and reads are evaluated outside the actor on a snapshot taken when they are
/// admitted: concurrent ones must answer exactly as one-at-a-time ones do, see writes whole,
/// and still be counted and rate-limited on the actor. (How fast they are is measured in
/// `Benchmarks/SandboxBenchmarks`, not here.)
@Suite struct ConcurrentReadTests {
    /// Different requests, so a mix-up between concurrent answers would show.
    static let requests: [SearchRequest] = {
        var requests: [SearchRequest] = [
            oneGroup(filter("lifecyclestage", .eq, "customer"), limit: 20),
            oneGroup(filter("lifecyclestage", .in, values: ["lead", "subscriber"]), properties: ["city"], limit: 50),
            SearchRequest(sorts: [Sort(propertyName: "lastname", direction: .descending)], limit: 30),
            SearchRequest(query: "a", limit: 15),
        ]
        for offset in stride(from: 0, to: 200, by: 40) {
            var page = SearchRequest(sorts: [Sort(propertyName: "hs_object_id", direction: .ascending)], limit: 40)
            page.after = String(offset)
            requests.append(page)
        }
        return requests
    }()

    @Test func concurrentSearchesAnswerAsSequentialOnes() async throws {
        let harness = Harness()
        var expected: [ObjectPage] = []
        for request in Self.requests { expected.append(try await harness.search(request)) }
        let rounds = 8
        let answers = try await withThrowingTaskGroup(of: (Int, ObjectPage).self) { group in
            for index in 0..<(rounds * Self.requests.count) {
                group.addTask { (index, try await harness.search(Self.requests[index % Self.requests.count])) }
            }
            var answers: [(Int, ObjectPage)] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.count == rounds * Self.requests.count)
        for (index, page) in answers { #expect(page == expected[index % Self.requests.count]) }
        let stats = await harness.sandbox.currentStats()
        #expect(stats.byKind["search"] == ["200": (rounds + 1) * Self.requests.count])
        // The direct entry point takes the same path.
        let direct = try await harness.sandbox.search(Self.requests[0], objectType: "contacts")
        #expect(direct == expected[0])
    }

    @Test func concurrentListsAndReadsAnswerAsSequentialOnes() async throws {
        let harness = Harness()
        let ids = try await harness.search(SearchRequest(limit: 30)).results.map(\.id)
        let list = try await harness.call(.get, "/crm/v3/objects/contacts", query: [("limit", "100"), ("associations", "companies")])
        let read = try await harness.call(.get, "/crm/v3/objects/contacts/\(ids[0])", query: [("properties", "email,city")])
        let batch = try await harness.call(
            .post, "/crm/v3/objects/contacts/batch/read",
            json: BatchReadRequest(inputs: (ids + ["1"]).map(ObjectID.init), properties: ["email"]))
        #expect(list.status == 200 && read.status == 200 && batch.status == 207)
        let expectedBatch = try decode(BatchResponse<CRMObject>.self, batch)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let again = try await harness.call(.get, "/crm/v3/objects/contacts", query: [("limit", "100"), ("associations", "companies")])
                    #expect(try decode(ObjectPage.self, again) == (try decode(ObjectPage.self, list)))
                    #expect(again.header("X-HubSpot-RateLimit-Max") != nil)
                }
                group.addTask {
                    let again = try await harness.call(.get, "/crm/v3/objects/contacts/\(ids[0])", query: [("properties", "email,city")])
                    // Decoded: the properties object's key order varies from one encoding to the next.
                    #expect(try decode(CRMObject.self, again) == (try decode(CRMObject.self, read)))
                }
                group.addTask {
                    let again = try await harness.call(
                        .post, "/crm/v3/objects/contacts/batch/read",
                        json: BatchReadRequest(inputs: (ids + ["1"]).map(ObjectID.init), properties: ["email"]))
                    #expect(again.status == 207)
                    let body = try decode(BatchResponse<CRMObject>.self, again)
                    #expect(body.results == expectedBatch.results && body.errors == expectedBatch.errors)
                }
            }
            try await group.waitForAll()
        }
        let stats = await harness.sandbox.currentStats()
        #expect(stats.byKind["objects.list"] == ["200": 17])
        #expect(stats.byKind["objects.read"] == ["200": 17])
        #expect(stats.byKind["objects.batch.read"] == ["207": 17])
    }

    /// A search sees a batch create entirely or not at all, never half of it, and every write
    /// is visible to searches admitted after it.
    @Test func searchesDuringWritesSeeWholeBatches() async throws {
        let harness = Harness()
        let probe = oneGroup(filter("jobtitle", .eq, "Concurrency probe"), limit: 0)
        let batches = 12
        let totals = try await withThrowingTaskGroup(of: Int?.self) { group in
            for batch in 0..<batches {
                group.addTask {
                    let inputs = (0..<10).map { index in
                        ObjectCreateInput(properties: [
                            "email": "probe\(batch)-\(index)@example.org", "jobtitle": "Concurrency probe",
                        ])
                    }
                    let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/create", json: BatchInput(inputs: inputs))
                    guard response.status == 201 else { throw HarnessError.status(response.status, "batch create") }
                    return nil
                }
                for _ in 0..<4 {
                    group.addTask { try await harness.search(probe).total }
                }
            }
            var totals: [Int] = []
            for try await total in group { if let total { totals.append(total) } }
            return totals
        }
        #expect(totals.count == batches * 4)
        for total in totals { #expect(total % 10 == 0 && total <= batches * 10, "a search saw \(total) probes") }
        #expect(try await harness.search(probe).total == batches * 10)
    }

    /// The limits are counted on the actor whatever the evaluation does: 20 concurrent searches
    /// within one second, 5 answered, 15 refused.
    @Test func concurrentSearchesAreStillRateLimited() async throws {
        let harness = Harness(settings: SandboxSettings(), clock: ManualClock())
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 5)).status
                }
            }
            var statuses: [Int] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses.filter { $0 == 200 }.count == 5)
        #expect(statuses.filter { $0 == 429 }.count == 15)
    }
}
