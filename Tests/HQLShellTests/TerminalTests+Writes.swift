import Foundation
import Testing

/// The REPL asks before a write over `write_confirm_threshold` — on the terminal, in a real
/// pseudo-terminal (tmux) — and writes nothing when told no. Part of ``TerminalTests`` (which is
/// serialized: the tests share one tmux socket).
extension TerminalTests {
    @Test func theREPLAsksBeforeAWriteOverTheThreshold() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hql-pty-writes-\(getpid())")
        try? FileManager.default.removeItem(at: home)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = Tmux()
        defer { _ = try? tmux.run(["kill-server"]) }
        let command = "env -u HUBSPOT_ACCESS_TOKEN HQL_PAGER= HOME=\(home.path) XDG_DATA_HOME=\(home.path)/data HQL_DATA_DIR=\(home.path)/hql "
            + "TERM=xterm-256color \(Self.hql) --demo"
        try tmux.run(["new-session", "-d", "-s", tmux.session, "-x", "160", "-y", "50", command])
        var screen = try await tmux.waitFor { $0.contains("hql>") }

        try tmux.type("UPDATE tickets SET subject = 'Renamed';")
        try tmux.keys("Enter")
        screen = try await tmux.waitFor(240) { $0.contains("[y/N]") }
        #expect(screen.contains("UPDATE 1,200 tickets? [y/N]"), "question:\n\(screen)")
        try tmux.type("n")
        try tmux.keys("Enter")
        screen = try await tmux.waitFor(20) { $0.contains("nothing was written") }
        #expect(screen.contains("nothing was written"), "refusal:\n\(screen)")

        try tmux.type("UPDATE tickets SET subject = 'Renamed';")
        try tmux.keys("Enter")
        screen = try await tmux.waitFor(60) { $0.components(separatedBy: "[y/N]").count == 3 }
        try tmux.type("y")
        try tmux.keys("Enter")
        screen = try await tmux.waitFor(60) { $0.contains("1,200 written") }
        #expect(screen.contains("UPDATE tickets: 1,200 written, 0 failed, 0 skipped"), "write:\n\(screen)")
        #expect(screen.contains("undo: hql undo "))

        try tmux.keys("C-d")
        let deadline = Date().addingTimeInterval(10)
        while tmux.alive, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let journal = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("hql/journal").path)
        #expect(journal.filter { $0.hasSuffix(".json") }.count == 1)
    }
}
