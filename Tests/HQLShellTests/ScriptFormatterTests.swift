import Testing
@testable import HQLShell

/// `hql fmt`: canonical output, exit status 65 and rendered diagnostics on a syntax error.
@Suite struct ScriptFormatterTests {
    private func input(_ text: String, name: String = "q.hql") -> ScriptFormatter.Input {
        ScriptFormatter.Input(name: name, bytes: Array(text.utf8))
    }

    @Test func printsEachStatementCanonically() {
        let outcome = ScriptFormatter().run([input("select email from contacts where x = 1; show objects")])
        #expect(outcome.status == .ok)
        #expect(outcome.standardError.isEmpty)
        #expect(outcome.standardOutput == "SELECT email\nFROM contacts\nWHERE x = 1;\n\nSHOW OBJECTS;\n")
    }

    @Test func compactPrintsOneLinePerStatement() {
        let outcome = ScriptFormatter(pretty: false).run([input("select email from contacts where x = 1; show objects")])
        #expect(outcome.standardOutput == "SELECT email FROM contacts WHERE x = 1;\nSHOW OBJECTS;\n")
    }

    @Test func syntaxErrorExitsWith65AndPrintsNothingOnStdout() {
        let outcome = ScriptFormatter().run([
            input("select email from contacts;", name: "good.hql"),
            input("select email from contacts where (a = 1", name: "bad.hql"),
        ])
        #expect(outcome.status == .queryError)
        #expect(outcome.status.rawValue == 65)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("bad.hql:1:40: error: expected ')' to close '(' opened at 1:34"))
        #expect(outcome.standardError.contains("bad.hql: 1 error"))
    }

    @Test func aByteOrderMarkIsSkippedAndDiagnosticsKeepTheirColumns() {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let good = ScriptFormatter(pretty: false).run([ScriptFormatter.Input(name: "bom.hql", bytes: mark + Array("select email from contacts".utf8))])
        #expect(good.status == .ok)
        #expect(good.standardOutput == "SELECT email FROM contacts;\n")
        let bad = ScriptFormatter().run([ScriptFormatter.Input(name: "bom.hql", bytes: mark + Array("select # from contacts;\nselect (".utf8))])
        #expect(bad.status == .queryError)
        #expect(bad.standardError.hasPrefix("bom.hql:1:8: error: unexpected character '#'\n 1 | select # from contacts;\n   |        ^\n"))
        #expect(bad.standardError.contains("bom.hql:2:"))
    }

    @Test func invalidUTF8IsAnError() {
        let bytes: [UInt8] = Array("select '".utf8) + [0xFF, 0xFE] + Array("' from contacts".utf8)
        let outcome = ScriptFormatter().run([ScriptFormatter.Input(name: "bin.hql", bytes: bytes)])
        #expect(outcome.status == .queryError)
        #expect(outcome.standardError.contains("bin.hql:1:9: error: input is not valid UTF-8 (byte 0xFF)"))
    }

    @Test func formattingIsIdempotent() {
        let first = ScriptFormatter().run([input("select a,b from x where not (a=1 or b=2) order by a desc limit 3")])
        let second = ScriptFormatter().run([input(first.standardOutput)])
        #expect(second.standardOutput == first.standardOutput)
    }
}
