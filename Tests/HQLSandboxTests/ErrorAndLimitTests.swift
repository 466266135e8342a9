import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Error bodies, auth, 404s, rate limits, faults, latency and the admin endpoints.
@Suite struct ErrorAndLimitTests {
    @Test func missingOrWrongTokenIs401() async throws {
        let harness = Harness()
        let missing = try await harness.call(.get, "/crm/v3/objects/contacts", auth: false)
        _ = try harness.expectError(missing, status: 401, category: "INVALID_AUTHENTICATION")
        for value in ["Bearer wrong", "Basic \(harness.token)", harness.token] {
            let response = try await harness.transport.send(HubSpotRequest(
                method: .get, path: "/crm/v3/objects/contacts", headers: ["authorization": value]))
            _ = try harness.expectError(response, status: 401, category: "INVALID_AUTHENTICATION")
        }
        let lowerCaseHeader = try await harness.transport.send(HubSpotRequest(
            method: .get, path: "/crm/v3/objects/contacts", headers: ["authorization": "bearer \(harness.token)"]))
        #expect(lowerCaseHeader.status == 200)
    }

    @Test func unknownObjectsAndPathsAre404() async throws {
        let harness = Harness()
        let object = try harness.expectError(
            try await harness.call(.get, "/crm/v3/objects/unicorns"), status: 404, category: "OBJECT_NOT_FOUND")
        #expect(object.message?.contains("unicorns") == true)
        for path in ["/crm/v3/nothing", "/crm/v5/objects/contacts", "/api/v1/hello", "/crm/v3/objects/contacts/1/2/3/4"] {
            _ = try harness.expectError(try await harness.call(.get, path), status: 404, category: "OBJECT_NOT_FOUND")
        }
        _ = try harness.expectError(
            try await harness.call(.post, "/crm/v3/objects/unicorns/search", json: SearchRequest()), status: 404,
            category: "OBJECT_NOT_FOUND")
    }

    @Test func errorBodiesCarryTheCorrelationIdOfTheHeader() async throws {
        let harness = Harness()
        let response = try await harness.call(.post, "/crm/v3/objects/contacts/search", raw: "{not json")
        let body = try harness.expectError(response, status: 400, category: "VALIDATION_ERROR")
        #expect(body.message?.isEmpty == false)
        let other = try await harness.call(.post, "/crm/v3/objects/contacts/search", raw: "{not json")
        #expect(other.header("X-HubSpot-Correlation-Id") != response.header("X-HubSpot-Correlation-Id"))
        // Successful answers carry one too.
        #expect(try await harness.call(.get, "/crm/v3/owners").header("x-hubspot-correlation-id") != nil)
        // Every field decodes as optional from a minimal body.
        let minimal = try JSONDecoder().decode(HubSpotErrorBody.self, from: Data("{}".utf8))
        #expect(minimal.status == nil && minimal.category == nil)
    }

    /// In-process, a body over `maxBodyBytes` gets the 413 the HTTP server gives (tested over
    /// HTTP with the default 32 MiB in `HTTPServerTests`), before auth and without using the window.
    @Test func aBodyOverTheLimitIs413() async throws {
        let clock = ManualClock()
        let harness = Harness(settings: SandboxSettings(requestsPerTenSeconds: 1, maxBodyBytes: 1_000), clock: clock)
        let big = Data(repeating: UInt8(ascii: " "), count: 1_001)
        for auth in [true, false] {
            let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/read", body: big, auth: auth)
            let body = try harness.expectError(response, status: 413, category: "VALIDATION_ERROR")
            #expect(body.subCategory == "PAYLOAD_TOO_LARGE")
            #expect(body.message == "The request body is larger than the 1000 bytes allowed.")
            #expect(response.header("X-HubSpot-RateLimit-Max") == nil)
        }
        let exact = Data(#"{"inputs": []}"#.utf8) + Data(repeating: UInt8(ascii: " "), count: 1_000 - 14)
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/batch/read", body: exact).status == 200)
        #expect(await harness.sandbox.currentStats().byKind["objects.batch.read"] == ["413": 2, "200": 1])
    }

    @Test func searchIsLimitedTo5PerSecondWithAHeaderlessBody() async throws {
        let clock = ManualClock()
        let harness = Harness(settings: SandboxSettings(), clock: clock)
        for _ in 0..<5 {
            let ok = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 1))
            #expect(ok.status == 200)
            #expect(ok.header("X-HubSpot-RateLimit-Max") == nil)
        }
        let limited = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 1))
        #expect(limited.status == 429)
        let json = try jsonObject(limited)
        #expect(Set(json.keys) == ["status", "message", "correlationId", "category"])
        #expect(json["message"] as? String == "You have reached your secondly limit.")
        #expect(json["category"] as? String == "RATE_LIMITS")
        #expect(json["correlationId"] as? String == limited.header("X-HubSpot-Correlation-Id"))
        #expect(limited.headers.keys.allSatisfy { !$0.lowercased().hasPrefix("x-hubspot-ratelimit") })
        #expect(limited.header("Retry-After") == nil)
        // Searches stay outside the 10-second window: other calls still pass.
        #expect(try await harness.call(.get, "/crm/v3/objects/contacts").status == 200)
        clock.advance(milliseconds: 1_000)
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 1)).status == 200)
    }

    @Test func otherCallsHaveARolling10SecondWindowWithHeaders() async throws {
        let clock = ManualClock()
        let harness = Harness(settings: SandboxSettings(), clock: clock)
        for index in 0..<100 {
            let ok = try await harness.call(.get, "/crm/v3/objects/contacts", query: [("limit", "1")])
            #expect(ok.status == 200)
            #expect(ok.header("X-HubSpot-RateLimit-Max") == "100")
            #expect(ok.header("X-HubSpot-RateLimit-Remaining") == String(99 - index))
            #expect(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
            #expect(ok.header("X-HubSpot-RateLimit-Daily") == "250000")
            #expect(ok.header("X-HubSpot-RateLimit-Daily-Remaining") == String(249_999 - index))
            if index == 49 { clock.advance(milliseconds: 5_000) }
        }
        let limited = try await harness.call(.get, "/crm/v3/objects/contacts")
        #expect(limited.status == 429)
        let json = try jsonObject(limited)
        #expect(json["message"] as? String == "You have reached your ten_secondly_rolling limit.")
        #expect(json["errorType"] as? String == "RATE_LIMIT")
        #expect(json["policyName"] as? String == "TEN_SECONDLY_ROLLING")
        #expect(json["correlationId"] as? String == limited.header("X-HubSpot-Correlation-Id"))
        #expect(limited.header("X-HubSpot-RateLimit-Remaining") == "0")
        // Rolling: 5 s later the first 50 calls leave the window, the other 50 are still in it.
        clock.advance(milliseconds: 5_000)
        let after = try await harness.call(.get, "/crm/v3/objects/contacts")
        #expect(after.status == 200)
        #expect(after.header("X-HubSpot-RateLimit-Remaining") == "49")
    }

    @Test func settingsChangeTheNumbersAndTheDailyAllowance() async throws {
        let clock = ManualClock()
        let harness = Harness(settings: SandboxSettings(
            searchRequestsPerSecond: 2, requestsPerTenSeconds: 190, requestsPerDay: 3), clock: clock)
        for _ in 0..<2 { #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest()).status == 200) }
        #expect(try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest()).status == 429)
        for _ in 0..<3 {
            let ok = try await harness.call(.get, "/crm/v3/owners")
            #expect(ok.header("X-HubSpot-RateLimit-Max") == "190")
        }
        let daily = try await harness.call(.get, "/crm/v3/owners")
        #expect(daily.status == 429)
        #expect(try jsonObject(daily)["policyName"] as? String == "DAILY")
        clock.advance(milliseconds: 86_400_000)
        #expect(try await harness.call(.get, "/crm/v3/owners").status == 200)
    }

    @Test func seededFaultsGive502_503_504AndDroppedConnections() async throws {
        func outcomes(seed: UInt64) async throws -> [String] {
            let harness = Harness(settings: SandboxSettings(
                faultRate: 1, faultSeed: seed, searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000))
            var seen: [String] = []
            for _ in 0..<40 {
                do {
                    seen.append(String(try await harness.call(.get, "/crm/v3/owners").status))
                } catch HubSpotTransportError.connectionReset {
                    seen.append("reset")
                }
            }
            return seen
        }
        let first = try await outcomes(seed: 9)
        #expect(Set(first) == ["502", "503", "504", "reset"])
        #expect(try await outcomes(seed: 9) == first)  // seeded: the same pattern every run
        #expect(try await outcomes(seed: 10) != first)
    }

    @Test func faultStatusesAreASetting() async throws {
        let harness = Harness(settings: SandboxSettings(
            faultRate: 1, faultStatuses: [423, 521], faultSeed: 4, searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000))
        var seen: Set<String> = []
        for _ in 0..<30 {
            do {
                let response = try await harness.call(.get, "/crm/v3/owners")
                _ = try harness.expectError(response, status: response.status, category: nil)
                seen.insert(String(response.status))
            } catch HubSpotTransportError.connectionReset {
                seen.insert("reset")
            }
        }
        #expect(seen == ["423", "521", "reset"])
    }

    @Test func missingScopesAre403() async throws {
        let harness = Harness(settings: SandboxSettings(
            missingScopes: ["deals"], searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000))
        for (method, path) in [(HTTPMethod.get, "/crm/v3/objects/deal"), (.post, "/crm/v3/objects/deals/search"),
            (.get, "/crm/v4/associations/contacts/deals/labels")]
        {
            _ = try harness.expectError(try await harness.call(method, path, body: Data("{}".utf8)), status: 403, category: "MISSING_SCOPES")
        }
        #expect(try await harness.call(.get, "/crm/v3/objects/contacts").status == 200)
    }

    @Test func aFaultedWriteIsNotApplied() async throws {
        let harness = Harness(settings: SandboxSettings(
            faultRate: 0.5, faultSeed: 3, searchRequestsPerSecond: 1_000, requestsPerTenSeconds: 1_000))
        var created = 0
        for index in 0..<30 {
            let response = try? await harness.call(.post, "/crm/v3/objects/contacts", json: ObjectCreateInput(properties: [
                "email": "fault\(index)@example.org",
            ]))
            if response?.status == 201 { created += 1 }
        }
        #expect(created > 0 && created < 30)
        let clean = await harness.sandbox.dump()
        let stored = try clean.portal().recordCount(of: "contacts")
        #expect(stored == 300 + created)
    }

    @Test func latencyIsAddedToEveryRequest() async throws {
        let harness = Harness(settings: SandboxSettings(latencyMilliseconds: 60))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await harness.call(.get, "/crm/v3/owners")
        #expect(clock.now - start >= .milliseconds(60))
    }

    @Test func adminStatsCountRequestsByKindAndStatus() async throws {
        let harness = Harness()
        _ = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest())
        _ = try await harness.call(.post, "/crm/v3/objects/contacts/search", json: SearchRequest(limit: 999))
        _ = try await harness.call(.get, "/crm/v3/objects/contacts", auth: false)
        _ = try await harness.call(.get, "/crm/v3/nothing")
        let stats = try decode(RequestStats.self, try await harness.call(.get, "/__sandbox/stats", auth: false))
        #expect(stats.total == 4)
        #expect(stats.byKind["search"] == ["200": 1, "400": 1])
        #expect(stats.byKind["objects.list"] == ["401": 1])
        #expect(stats.byKind["unknown"] == ["404": 1])
        #expect(stats.byStatus == ["200": 1, "400": 1, "401": 1, "404": 1])
        let reset = try await harness.call(.post, "/__sandbox/stats/reset", auth: false)
        #expect(reset.status == 200)
        #expect(try decode(RequestStats.self, try await harness.call(.get, "/__sandbox/stats")).total == 0)
        #expect(try await harness.call(.get, "/__sandbox/unknown").status == 404)
    }
}
