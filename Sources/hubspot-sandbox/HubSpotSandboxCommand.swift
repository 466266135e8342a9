import ArgumentParser
import Foundation
import HQLSandbox
import HQLSandboxServer

/// `hubspot-sandbox`: serves a generated (or loaded) portal on loopback, or dumps one.
@main
struct HubSpotSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubspot-sandbox",
        abstract: "An emulated HubSpot CRM API on loopback.",
        discussion: "Prints the address it listens on, then serves until SIGINT or SIGTERM.")

    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 0
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Seed of the generated portal.") var seed: UInt64 = PortalGenerator.Options.demo.seed
    @Option(help: "Contacts to generate.") var contacts = PortalGenerator.Options.demo.contacts
    @Option(help: "Companies to generate.") var companies = PortalGenerator.Options.demo.companies
    @Option(help: "Deals to generate.") var deals = PortalGenerator.Options.demo.deals
    @Option(help: "Tickets to generate.") var tickets = PortalGenerator.Options.demo.tickets
    @Option(help: "Bearer token clients must send.") var token = SandboxSettings.defaultToken
    @Option(name: .customLong("latency-ms"), help: "Latency added to every request (ms).") var latencyMs = 0
    @Option(name: .customLong("fault-rate"), help: "Share of requests failing with 502/503/504/dropped connection (0-1; default 0, 0.01 with --realistic).")
    var faultRate: Double?
    @Option(name: .customLong("lost-response-rate"), help: "Share of writes whose response is dropped after the write happened (0-1).")
    var lostResponseRate = 0.0
    @Option(name: .customLong("search-rate"), help: "Searches allowed per second.") var searchRate = 5
    @Option(name: .customLong("rate-limit"), help: "Other requests allowed per rolling 10 seconds.") var rateLimit = 100
    @Option(name: .customLong("daily-limit"), help: "Other requests allowed per day.") var dailyLimit = 250_000
    @Option(help: "Contacts sharing one createdate millisecond in an extra import burst.") var burst = 0
    @Option(name: .customLong("index-lag-ms"), help: "Delay before writes become visible to search (ms).")
    var indexLagMs = 0
    @Option(name: .customLong("idle-timeout-ms"), help: "Close a connection idle (or stalled mid-request) this long (ms; 0: never).")
    var idleTimeoutMs = Int(SandboxServer.defaultIdleTimeout.components.seconds) * 1_000
    @Option(help: "Write the whole portal as JSON to this file and exit.") var dump: String?
    @Option(help: "Serve the portal from a dump file instead of generating one.") var load: String?
    @Option(help: "Activities (calls, emails, meetings, notes, tasks, communications, postal mail) and leads to generate.")
    var activities = PortalGenerator.Options.demo.activities
    @Flag(help: "Behave like a live portal: latency drawn from a distribution (median 250 ms, tail to 1.5 s), other apps using 30% of the rate budget, 1% of requests failing with 502/504 (--fault-rate sets another share, 0 none).")
    var realistic = false
    @Option(name: .customLong("other-apps-share"),
            help: "With --realistic: the share of each rate limit the account's other apps use (0 to below 1; default 0.3). 0 leaves the latency distribution and the faults alone.")
    var otherAppsShare: Double?
    @Flag(help: "Log every connection problem (injected drops included).") var verbose = false

    func validate() throws {
        guard (0...1).contains(faultRate ?? 0) else { throw ValidationError("--fault-rate must be between 0 and 1") }
        guard (0...1).contains(lostResponseRate) else { throw ValidationError("--lost-response-rate must be between 0 and 1") }
        if let otherAppsShare {
            guard realistic else { throw ValidationError("--other-apps-share goes with --realistic") }
            guard (0..<1).contains(otherAppsShare) else { throw ValidationError("--other-apps-share must be at least 0 and below 1") }
        }
        guard searchRate > 0, rateLimit > 0, dailyLimit > 0 else { throw ValidationError("rate limits must be positive") }
        guard [contacts, companies, deals, tickets, activities, burst, latencyMs, indexLagMs, idleTimeoutMs].allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("sizes and delays must not be negative")
        }
    }

    func run() async throws {
        let started = Date()
        let portal: Portal
        if let load {
            portal = try PortalDump.decode(try Data(contentsOf: URL(fileURLWithPath: load))).portal(seed: seed)
        } else {
            var options = PortalGenerator.Options.demo
            options.seed = seed
            options.contacts = contacts
            options.companies = companies
            options.deals = deals
            options.tickets = tickets
            options.burst = burst
            options.activities = activities
            portal = PortalGenerator(options: options).generate()
        }
        let elapsed = Int(Date().timeIntervalSince(started) * 1_000)
        FileHandle.standardError.write(Data(
            "portal ready in \(elapsed) ms: \(portal.recordCount(of: "contacts")) contacts, \(portal.recordCount(of: "companies")) companies, \(portal.recordCount(of: "deals")) deals, \(portal.recordCount(of: "tickets")) tickets, \(portal.activityCount) activities\n".utf8))
        if let dump {
            try PortalDump(portal).jsonData().write(to: URL(fileURLWithPath: dump))
            FileHandle.standardError.write(Data("wrote \(dump)\n".utf8))
            return
        }
        var settings = SandboxSettings(
            token: token, latencyMilliseconds: latencyMs, faultRate: faultRate ?? 0, faultSeed: seed,
            searchRequestsPerSecond: searchRate, requestsPerTenSeconds: rateLimit, requestsPerDay: dailyLimit,
            indexLagMilliseconds: indexLagMs, lostResponseRate: lostResponseRate)
        if realistic {
            settings.realism = SandboxSettings.Realism()
            if let otherAppsShare { settings.realism?.otherAppsShare = otherAppsShare }
            // `--fault-rate 0` turns the faults off, to measure the latency distribution alone.
            if faultRate == nil {
                settings.faultRate = 0.01
                settings.faultStatuses = [502, 504]
            }
        }
        let server = SandboxServer(
            sandbox: Sandbox(portal: portal, settings: settings), host: host, port: port,
            idleTimeout: idleTimeoutMs > 0 ? .milliseconds(idleTimeoutMs) : nil, verbose: verbose)
        try await server.run(handleSignals: true) { host, port in
            // Written unbuffered, so a script reading the port sees it at once.
            FileHandle.standardOutput.write(Data("hubspot-sandbox listening on http://\(host):\(port)\n".utf8))
        }
    }
}
