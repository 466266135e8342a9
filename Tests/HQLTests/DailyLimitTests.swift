import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// The portal's daily allowance, shared with its other integrations: a statement that uses more
/// than a tenth of it is warned about, and none eats into the last 5%.
@Suite struct DailyLimitTests {
    @Test func aLargeShareWarnsAndTheReserveIsLeftToOthers() async throws {
        var settings = SandboxSettings()
        settings.searchRequestsPerSecond = 1_000
        settings.requestsPerTenSeconds = 100_000
        settings.requestsPerDay = 60
        let sandbox = Sandbox(portal: TestPortals.small, settings: settings)
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: settings.token),
                              rateLimits: RateLimits.hubSpot.scaled(by: 100))
        // List pages (a LIMIT short enough for the list alone), association reads and batch
        // reads: each carries the daily headers (searches carry none).
        let statement = "SELECT email, companies.name, deals.dealname FROM contacts LIMIT 1000"
        let first = try await session.query(statement)
        _ = try await first.collect()
        let used = await first.statistics.totalRequests
        #expect(used > 6, "\(used) requests")
        #expect(await first.statistics.warnings.first?.contains("more than 10% of the portal's 60 daily requests") == true)

        // Again and again until the allowance runs low: hql stops before the last 5% (3 of 60).
        var stopped: HubSpotError?
        for _ in 0..<20 where stopped == nil {
            do {
                _ = try await session.query(statement).collect()
            } catch let error as HubSpotError {
                stopped = error
            } catch let interrupted as QueryInterrupted {
                stopped = interrupted.underlying as? HubSpotError
            }
        }
        let error = try #require(stopped)
        #expect(error.kind == .rateLimited)
        #expect(error.message.contains("daily requests left"), "\(error.message)")
        // The portal still has its reserve: HubSpot never had to refuse a request.
        let stats = await sandbox.currentStats()
        #expect(stats.total <= 60 - 3, "\(stats)")
        #expect(stats.total >= 60 - 3 - used, "\(stats)")
    }

    /// `SET daily_limit` stands in for the headers where HubSpot sends none (public apps).
    @Test func theSettingStandsInForTheHeaders() async throws {
        let rig = SandboxRig(portal: TestPortals.small) { DailyHeadersRemoved(inner: $0) }
        #expect(try await rig.session.execute("SET daily_limit = 40") == "SET DAILY_LIMIT 40")
        let result = try await rig.session.query("SELECT email, companies.name FROM contacts")
        _ = try await result.collect()
        #expect(await result.statistics.warnings.first?.contains("more than 10% of the portal's 40 daily requests") == true)
        await #expect(throws: HQLError.self) { try await rig.session.execute("SET daily_limit = 'lots'") }
        // Without an allowance known, nothing is assumed.
        _ = try await rig.session.execute("SET daily_limit = 0")
        let unknown = try await rig.session.query("SELECT email, companies.name FROM contacts")
        _ = try await unknown.collect()
        #expect(await unknown.statistics.warnings.isEmpty)
    }
}

/// A transport whose responses carry no daily headers, as a public app's do not.
struct DailyHeadersRemoved: HubSpotTransport {
    let inner: any HubSpotTransport
    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        var response = try await inner.send(request)
        response.headers = response.headers.filter { !$0.key.lowercased().contains("daily") }
        return response
    }
}
