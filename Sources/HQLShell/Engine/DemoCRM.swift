import Foundation
import HQL
import HQLSandbox
import HubSpotAPI

/// The built-in demo CRM: the in-process sandbox with a deterministic generated portal.
///
/// Generating the portal takes most of a second, so it starts in the background at launch and
/// the first request waits for it: the prompt appears at once. HubSpot's rate limits are scaled
/// ×10 on both sides (the sandbox enforces them, the session budgets for them), so the demo
/// behaves like a portal, only faster. `--search-rate` / `--rate-limit` replace the scaled limits on
/// both sides (to feel HubSpot's own pace, or to make a statement last long enough to cancel).
public enum DemoCRM {
    public static let rateScale = 10
    /// The demo portal is a snapshot taken on 2026-06-30 (its newest records are from that
    /// morning): relative dates resolve against noon of that day, so the samples' answers never
    /// drift with the calendar.
    public static let today = Date(timeIntervalSince1970: 1_782_820_800)

    /// A connection to a fresh demo CRM (generated in the background).
    public static func connection(limits: RateLimits = demoLimits) -> Connection {
        .transport(DemoTransport(limits: limits), token: SandboxSettings.defaultToken, endpoint: "demo CRM (in-process sandbox)")
    }

    /// HubSpot's limits ×10.
    public static let demoLimits = RateLimits.hubSpot.scaled(by: rateScale)

    /// A session on a fresh demo CRM whose sandbox enforces `limits` and whose session budgets for them.
    public static func session(timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                               limits: RateLimits = demoLimits) -> Session {
        Session(connection: connection(limits: limits), timeZone: timeZone, rateLimits: limits, today: { today })
    }
}

/// A transport whose sandbox is being generated in the background.
struct DemoTransport: HubSpotTransport {
    private let sandbox: Task<Sandbox, Never>

    init(limits: RateLimits) {
        sandbox = Task.detached(priority: .userInitiated) {
            var settings = SandboxSettings()
            settings.searchRequestsPerSecond = limits.searchesPerSecond
            settings.requestsPerTenSeconds = limits.requestsPerWindow * 10_000 / max(1, limits.windowMilliseconds)
            settings.requestsPerDay *= DemoCRM.rateScale
            return Sandbox(portal: PortalGenerator(options: .demo).generate(), settings: settings)
        }
    }

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        try await SandboxTransport(sandbox: await sandbox.value).send(request)
    }
}
