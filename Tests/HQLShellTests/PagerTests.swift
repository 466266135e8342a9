import Foundation
import HQL
import Testing
@testable import HQLShell

/// The pager: results taller than the terminal go through it, shorter ones straight to the
/// terminal; a pager that quits early costs nothing but the rest of the screen. The pager here is
/// a shell command writing to a file, so what it received can be read back.
@Suite struct PagerTests {
    private func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("hql-pager-\(UUID().uuidString)")
    }

    private func read(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func shortTextGoesToTheTerminalAndLongTextToThePager() {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let terminal = StringSink()
        let short = PagerSink(inner: terminal, height: 10, command: "cat > '\(file.path)'")
        short.write("one\ntwo\nthree\n")
        short.finish()
        #expect(terminal.text == "one\ntwo\nthree\n")
        #expect(!short.paged && read(file) == nil)

        let long = PagerSink(inner: terminal, height: 10, command: "cat > '\(file.path)'")
        let lines = (1...30).map { "line \($0)\n" }
        for line in lines { long.write(line) }
        long.finish()
        #expect(long.paged)
        #expect(read(file) == lines.joined())
        #expect(terminal.text == "one\ntwo\nthree\n", "nothing of the long text reached the terminal")
    }

    @Test func aPagerThatQuitsEarlyLosesOnlyTheScreen() {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let terminal = StringSink()
        let pager = PagerSink(inner: terminal, height: 5, command: "head -n 2 > '\(file.path)'")
        // Far more than a pipe holds, so writes meet the closed pipe (EPIPE, not SIGPIPE's death).
        for index in 1...20_000 { pager.write("row \(index) " + String(repeating: "x", count: 60) + "\n") }
        pager.finish()
        #expect(read(file)?.hasPrefix("row 1 ") == true)
        #expect(terminal.text.isEmpty)
    }

    @Test func aPagerThatCannotStartWritesToTheTerminal() {
        let terminal = StringSink()
        let pager = PagerSink(inner: terminal, height: 3, command: "exit 0")
        let text = (1...10).map { "r\($0)\n" }.joined()
        pager.write(text)
        pager.finish()
        // `exit 0` starts and ends at once: the text is lost to it, never duplicated.
        #expect(!terminal.text.contains("r1\nr1"))
    }

    @Test func theCommandComesFromTheEnvironment() {
        #expect(PagerSink.command(environment: [:]) == "less -FRSX")
        #expect(PagerSink.command(environment: ["PAGER": "more"]) == "more")
        #expect(PagerSink.command(environment: ["PAGER": "more", "HQL_PAGER": "less -S"]) == "less -S")
        #expect(PagerSink.command(environment: ["PAGER": ""]) == nil)
        #expect(PagerSink.command(environment: ["HQL_PAGER": " ", "PAGER": "more"]) == nil)
    }

    /// Through the shell: a 40-row result on a 10-row terminal is paged with its row count (as
    /// psql pages its footer);
    /// `.pager off` prints it on the terminal.
    @Test func theShellPagesResultsTallerThanTheTerminal() async {
        let file = temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let console = StringSink()
        let errors = StringSink()
        let backend = FakeBackend { _ in .rows(FakeBackend.rows(["n"], (1...40).map { [.number(Double($0))] })) }
        var environment = Shell.Environment(console: console, errors: errors, consoleIsTerminal: true, terminalWidth: { 80 })
        environment.terminalHeight = { 10 }
        environment.pagerCommand = "cat > '\(file.path)'"
        var shell = Shell(backend: backend, environment: environment)
        await shell.run(RecordingLines("select n;\n"))
        let paged = read(file) ?? ""
        #expect(paged.contains("│ 40 │") || paged.contains(" 40 "), "\(paged)")
        #expect(paged.hasSuffix("(40 rows)\n"), "\(paged)")
        #expect(console.text.isEmpty)

        try? FileManager.default.removeItem(at: file)
        await shell.run(RecordingLines(".pager off\nselect n;\n"))
        #expect(read(file) == nil)
        #expect(console.text.contains(" 40 "))
    }
}
