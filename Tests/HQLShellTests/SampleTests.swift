import Foundation
import HQL
import Testing
@testable import HQLShell

/// Every script in `samples/` runs against the demo CRM through the real path (shell → session →
/// planner → executor → in-process sandbox), and prints what its golden file says. The demo CRM is
/// deterministic (a seeded portal, "today" fixed at its snapshot day), so the output is exact.
///
/// Regenerate after an intended change: `HQL_UPDATE_GOLDEN=1 swift test --filter SampleTests`,
/// then review the diff.
@Suite(.serialized) struct SampleTests {
    static let samplesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SampleOutputs")

    static var samples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: samplesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".hql") }.sorted()
    }

    /// One demo CRM for all samples (generating it is the slow part).
    static let demo = DemoCRM.session()

    @Test func thereAreAtLeastTenSamples() {
        #expect(Self.samples.count >= 10)
    }

    @Test(arguments: samples)
    func sampleRunsAndPrintsItsGoldenOutput(_ name: String) async throws {
        let text = try String(contentsOf: Self.samplesFolder.appendingPathComponent(name), encoding: .utf8)
        let console = StringSink()
        let errors = StringSink()
        var settings = ShellSettings()
        settings.mode = .box
        var shell = Shell(backend: SessionBackend(session: Self.demo),
                          environment: .init(console: console, errors: errors, consoleIsTerminal: false, terminalWidth: { 110 }),
                          settings: settings)
        let status = await shell.run(TextLineSource(text), sourceName: "samples/\(name)")
        let output = Self.summarize(console.text) + (errors.text.isEmpty ? "" : "-- stderr:\n" + errors.text)
            + "-- exit status: \(status.rawValue)\n"
        let golden = Self.goldenFolder.appendingPathComponent(name.replacingOccurrences(of: ".hql", with: ".out"))
        if ProcessInfo.processInfo.environment["HQL_UPDATE_GOLDEN"] != nil {
            try output.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(output == expected)
        #expect(status == .ok, "\(name) failed:\n\(errors.text)")
    }

    /// A binding error in the second statement of a line, and in an indented one, points at the
    /// script's own line and column, with the caret under the name.
    @Test func diagnosticsPointAtTheScriptsLineAndColumn() async {
        let errors = StringSink()
        var shell = Shell(backend: SessionBackend(session: Self.demo),
                          environment: .init(console: StringSink(), errors: errors, consoleIsTerminal: false, terminalWidth: { 110 }),
                          settings: ShellSettings())
        _ = await shell.run(TextLineSource("SELECT email FROM contacts LIMIT 1; SELECT emial FROM contacts;\n\n  SELECT\n    emial FROM contacts;\n"),
                            sourceName: "typo.hql")
        let lines = errors.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("typo.hql:1:44: error: unknown property 'emial' of contacts"), "\(errors.text)")
        #expect(lines.contains("typo.hql:4:5: error: unknown property 'emial' of contacts"), "\(errors.text)")
        // The caret sits under the name on the line shown.
        for (index, line) in lines.enumerated() where line.hasSuffix("^^^^^") && index > 0 {
            let shown = lines[index - 1]
            let caret = line.firstIndex(of: "^").map { line.distance(from: line.startIndex, to: $0) } ?? -1
            let name = shown.range(of: "emial").map { shown.distance(from: shown.startIndex, to: $0.lowerBound) } ?? -2
            #expect(caret == name, "\(shown)\n\(line)")
        }
        #expect(errors.text.components(separatedBy: "^^^^^").count == 3)
    }

    /// Long outputs (the export past 10,000 rows) keep their head, their tail and their length.
    static func summarize(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 80 else { return text }
        return (lines.prefix(40) + ["… \(lines.count - 50) lines …"] + lines.suffix(10)).joined(separator: "\n")
    }
}
