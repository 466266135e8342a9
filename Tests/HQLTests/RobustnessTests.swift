import Testing
@testable import HQL

/// No input crashes the front end: absurd nesting, huge statements, invalid UTF-8, and random or
/// mutated statements all end in a tree or in diagnostics with valid ranges.
@Suite struct RobustnessTests {
    @Test func hundredThousandParenthesesAreTooDeeplyNested() {
        let depth = 100_000
        let text = "SELECT a FROM b WHERE " + String(repeating: "(", count: depth) + "a = 1" + String(repeating: ")", count: depth)
        let script = Script(SourceFile(text))
        #expect(script.diagnostics.count == 1)
        #expect(script.diagnostics.first?.message.hasPrefix("statement is too deeply nested") == true)
    }

    @Test func deepNotChainsAndSubqueriesAreBoundedToo() {
        let nots = "SELECT a FROM b WHERE " + String(repeating: "NOT ", count: 50_000) + "a = 1"
        #expect(Script(SourceFile(nots)).diagnostics.first?.message.hasPrefix("statement is too deeply nested") == true)
        let minus = "SELECT a FROM b WHERE a = " + String(repeating: "-", count: 50_000) + "1"
        // "--" starts a comment, so alternate the signs.
        let signs = "SELECT a FROM b WHERE a = " + String(repeating: "- + ", count: 25_000) + "1"
        #expect(Script(SourceFile(signs)).diagnostics.first?.message.hasPrefix("statement is too deeply nested") == true)
        _ = Script(SourceFile(minus))
        var subquery = "SELECT a FROM b"
        for _ in 0..<300 { subquery = "SELECT a FROM b WHERE a IN (\(subquery))" }
        #expect(Script(SourceFile(subquery)).diagnostics.first?.message.hasPrefix("statement is too deeply nested") == true)
    }

    @Test func nestingWithinTheLimitParses() {
        let text = "SELECT a FROM b WHERE " + String(repeating: "(", count: 60) + "a = 1" + String(repeating: ")", count: 60)
        #expect(Script(SourceFile(text)).diagnostics.isEmpty)
    }

    @Test func tenMegabyteStatementParses() {
        // ~10 MB: one WHERE with a long OR chain and a long IN list; both stay flat in the tree.
        var text = "SELECT email FROM contacts WHERE email IN ("
        var index = 0
        while text.utf8.count < 5_000_000 {
            text += "'user\(index)@example.com', "
            index += 1
        }
        text += "'last@example.com') OR "
        while text.utf8.count < 10_000_000 {
            text += "hs_object_id = \(index) OR "
            index += 1
        }
        text += "hs_object_id = 0"
        let script = Script(SourceFile(text))
        #expect(script.diagnostics.isEmpty)
        #expect(script.statementCount == 1)
        let printed = script.canonicalStatements()[0]
        #expect(printed.utf8.count > 9_000_000)
    }

    @Test func tenMegabyteGarbageFailsCleanly() {
        var text = "SELECT a FROM b WHERE "
        text += String(repeating: "a = = ( , ", count: 1_000_000)
        let script = Script(SourceFile(text))
        #expect(!script.diagnostics.isEmpty)
        #expect(script.diagnostics.count < 10)
    }

    @Test func invalidUTF8IsAnErrorAtItsByte() {
        let bytes: [UInt8] = Array("SELECT a FROM b WHERE a = '".utf8) + [0xC3, 0x28] + Array("'".utf8)
        let script = Script(SourceFile(bytes: bytes))
        #expect(script.diagnostics.first?.message == "input is not valid UTF-8 (byte 0xC3)")
        #expect(script.diagnostics.first?.location == SourceLocation(line: 1, column: 28))
        // Overlong encodings and surrogates are invalid too.
        #expect(SourceFile(bytes: [0xC0, 0xAF]).invalidUTF8Offset == 0)
        #expect(SourceFile(bytes: [0x41, 0xED, 0xA0, 0x80]).invalidUTF8Offset == 1)
        #expect(SourceFile(bytes: Array("é✓日本🙂".utf8)).invalidUTF8Offset == nil)
    }

    @Test func randomAndMutatedStatementsNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EED)
        let corpus = CaseFile.all.flatMap { $0.cases.map(\.text) }
        #expect(!corpus.isEmpty)
        let fragments = ["SELECT", "FROM", "WHERE", "(", ")", ",", ";", "'", "\"", "/*", "*/", "--", "\n", "AND", "OR",
                         "NOT", "IN", "BETWEEN", "LIKE", "IS", "NULL", "=", "<>", "?", ":p", "2024-01-01", "1e", ".", "*",
                         "LAST", "7", "DAYS", "JOIN", "ON", "ASSOCIATED", "é", "\u{FFFD}", "x", "contacts", "LIMIT"]
        var checked = 0
        for round in 0..<4_000 {
            var bytes: [UInt8]
            if round % 2 == 0, let base = corpus.randomElement(using: &generator) {
                bytes = Array(base.utf8)
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: at)
                    case 2: bytes.insert(contentsOf: Array((fragments.randomElement(using: &generator) ?? "").utf8), at: at)
                    default: bytes[at] = UInt8.random(in: 0x20...0x7E, using: &generator)
                    }
                }
            } else {
                let count = Int.random(in: 1...30, using: &generator)
                bytes = Array((0..<count).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined(separator: " ").utf8)
            }
            let source = SourceFile(bytes: bytes)
            let script = Script(source)
            for diagnostic in script.diagnostics {
                #expect(diagnostic.range.start >= 0 && diagnostic.range.start <= diagnostic.range.end)
                #expect(diagnostic.range.end <= bytes.count)
                #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
                _ = DiagnosticRenderer().render(diagnostic, in: source)
            }
            // What parses must round-trip, garbage or not.
            if !script.hasErrors {
                for statement in script.statements {
                    let printed = Printer.print(statement)
                    let (reparsed, _) = Parser.parseStatement(printed)
                    #expect(reparsed == statement, "\(printed)")
                }
            }
            checked += 1
        }
        #expect(checked == 4_000)
    }
}

/// SplitMix64: a deterministic generator, so a failure reproduces.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
