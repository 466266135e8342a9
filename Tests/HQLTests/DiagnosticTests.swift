import Testing
@testable import HQL

/// Every syntax error points at the offending token with line:column, says what was expected,
/// and a script with several independent errors reports each one.
@Suite struct DiagnosticTests {
    /// The diagnostics of `text` as "line:column message" strings.
    private func errors(_ text: String) -> [String] {
        Script(SourceFile(text)).diagnostics.map { "\($0.location) \($0.message)" }
    }

    private func only(_ text: String) -> Diagnostic? {
        let diagnostics = Script(SourceFile(text)).diagnostics
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.message))")
        return diagnostics.first
    }

    @Test func renderedErrorShowsLineColumnSourceAndCaret() {
        let text = "SELECT email\nFROM contacts\nWHERE (lifecyclestage = 'lead' OR x = 1\nLIMIT 5"
        let script = Script(SourceFile(text, name: "q.hql"))
        #expect(DiagnosticRenderer().render(script.diagnostics, in: script.source) == """
            q.hql:4:1: error: expected ')' to close '(' opened at 3:7, found LIMIT
             4 | LIMIT 5
               | ^^^^^
              = note: '(' opened here (at 3:7)

            """)
    }

    @Test func statementsKnowWhereTheyStart() {
        let script = Script(SourceFile("SELECT 1 FROM contacts;  SELECT dealname FROM deals;\n\n   SELECT\n  email FROM contacts;"))
        #expect(script.statementLocations.map(\.description) == ["1:1", "1:26", "3:4"])
    }

    @Test func caretSpansTheWholeToken() {
        let script = Script(SourceFile("SELECT email FROM contacts LIMIT 5 WHERE a = 1", name: "q.hql"))
        #expect(DiagnosticRenderer().render(script.diagnostics, in: script.source) == """
            q.hql:1:36: error: WHERE must come before LIMIT
             1 | SELECT email FROM contacts LIMIT 5 WHERE a = 1
               |                                    ^^^^^
              = help: clauses go in the order SELECT, FROM, JOIN, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET

            """)
    }

    @Test func caretCountsUnicodeScalarsNotBytes() {
        let script = Script(SourceFile("SELECT 'é' # FROM x", name: "q.hql"))
        let rendered = DiagnosticRenderer().render(script.diagnostics, in: script.source)
        #expect(rendered.contains("q.hql:1:12: error: unexpected character '#'"))
        #expect(rendered.contains("\n   |            ^\n"))
    }

    @Test func unterminatedString() {
        let diagnostic = only("SELECT email FROM contacts WHERE email = 'ana@x.com")
        #expect(diagnostic?.message == "unterminated string literal")
        #expect(diagnostic?.location == SourceLocation(line: 1, column: 42))
    }

    @Test func unterminatedQuotedName() {
        #expect(errors("SELECT \"email FROM contacts") == ["1:8 unterminated quoted name"])
    }

    @Test func unterminatedComment() {
        #expect(errors("SELECT email /* forgot\n FROM contacts") == ["1:14 unterminated comment"])
    }

    @Test func nestedCommentMustBeClosedTwice() {
        #expect(errors("SELECT a /* x /* y */ FROM b") == ["1:10 unterminated comment"])
    }

    @Test func strayCharacters() {
        #expect(errors("SELECT # FROM contacts") == ["1:8 unexpected character '#'"])
        #expect(errors("SELECT `email` FROM contacts").first == "1:8 unexpected character '`'")
        #expect(only("SELECT a FROM b WHERE !a")?.help == "use NOT for negation and != or <> for inequality")
        #expect(errors("SELECT a FROM b WHERE a = 1 €") == ["1:29 unexpected character '€'"])
    }

    @Test func numberGluedToAName() {
        #expect(errors("SELECT a FROM b LIMIT 10x") == ["1:23 invalid number '10x'"])
    }

    @Test func wrongClauseOrder() {
        #expect(errors("SELECT a FROM b ORDER BY a WHERE a = 1") == ["1:28 WHERE must come before ORDER BY"])
        #expect(errors("SELECT a FROM b LIMIT 1 ORDER BY a") == ["1:25 ORDER BY must come before LIMIT"])
        #expect(errors("SELECT a FROM b WHERE a = 1 JOIN c ON ASSOCIATED") == ["1:29 JOIN must come before WHERE"])
        #expect(errors("SELECT a FROM b OFFSET 1 LIMIT 2") == ["1:26 LIMIT must come before OFFSET"])
        #expect(errors("SELECT a WHERE a = 1 FROM b") == ["1:10 expected ',' or FROM after a select item, found WHERE"])
    }

    @Test func trailingCommas() {
        #expect(errors("SELECT a, b, FROM c") == ["1:12 trailing comma before FROM"])
        #expect(errors("SELECT a FROM c WHERE a IN (1, 2,)") == ["1:33 trailing comma before ')'"])
        #expect(errors("SELECT a FROM c ORDER BY a, LIMIT 1") == ["1:27 trailing comma before LIMIT"])
        #expect(errors("SELECT a FROM c GROUP BY a, HAVING COUNT(*) > 1") == ["1:27 trailing comma before HAVING"])
        #expect(errors("INSERT INTO c (a, b,) VALUES (1, 2)") == ["1:20 trailing comma before ')'"])
        #expect(only("SELECT a, FROM c")?.help == "remove the ','")
    }

    @Test func reservedWordsAsNames() {
        let diagnostic = only("SELECT order FROM contacts")
        #expect(diagnostic?.message == "'ORDER' is a reserved word and cannot be used as a name")
        #expect(diagnostic?.help == "quote it to use it as a name: \"order\"")
        #expect(errors("SELECT a FROM contacts AS select") == ["1:27 expected an alias after AS, found SELECT"])
        #expect(errors("SELECT a FROM contacts WHERE like = 1")
            == ["1:30 'LIKE' is a reserved word and cannot be used as a name"])
        #expect(errors("SHOW PROPERTIES FROM distinct") == ["1:22 'DISTINCT' is a reserved word and cannot be used as a name"])
        // Quoted, it is a name.
        #expect(errors("SELECT \"order\" FROM contacts").isEmpty)
    }

    @Test func unclosedParenthesisNotesWhereItOpened() {
        let diagnostic = only("SELECT a FROM b WHERE (a = 1 AND (b = 2 OR c = 3)")
        #expect(diagnostic?.message == "expected ')' to close '(' opened at 1:23, found end of input")
        #expect(diagnostic?.notes.first?.location == SourceLocation(line: 1, column: 23))
    }

    @Test func severalIndependentErrorsInOneScript() {
        let script = """
            SELECT email, FROM contacts;
            SELECT email FROM contacts WHERE lifecyclestage = 'lead';
            SELEC email FROM contacts;
            SELECT a FROM b LIMIT 1 WHERE a = 2;
            SHOW TABLES;
            SELECT ok FROM fine
            """
        #expect(errors(script) == [
            "1:13 trailing comma before FROM",
            "3:1 expected a statement (SELECT, EXPLAIN, SHOW, DESCRIBE, SET, INSERT, UPDATE, DELETE, UPSERT, ASSOCIATE, DISSOCIATE), found name SELEC",
            "4:25 WHERE must come before LIMIT",
            "5:6 expected OBJECTS, PROPERTIES, ASSOCIATIONS, PIPELINES, OWNERS or LISTS after SHOW, found name TABLES",
        ])
        let parsed = Script(SourceFile(script))
        #expect(parsed.statementCount == 2)
        #expect(parsed.diagnostics[1].help == "did you mean 'SELECT'?")
    }

    @Test func missingSemicolonBetweenStatementsIsRecoveredAtTheNextLine() {
        #expect(errors("SELECT a FROM b\nSELECT c FROM d;\nSELECT e FROM") == [
            "2:1 expected ';' before SELECT",
            "3:14 expected an object name, found end of input",
        ])
    }

    @Test func otherMistakesSayWhatWasExpected() {
        #expect(errors("SELECT FROM contacts") == ["1:8 expected a select item before FROM"])
        #expect(errors("SELECT a") == ["1:9 expected FROM after the select list, found end of input"])
        #expect(errors("SELECT a FROM b WHERE a IS 1") == ["1:28 expected NULL after IS, found '1'"])
        #expect(errors("SELECT a FROM b WHERE a = 1 = 2")
            == ["1:29 comparisons cannot be chained: '=' follows a complete comparison"])
        #expect(errors("SELECT a FROM b WHERE a BETWEEN 1 OR 2") == ["1:35 expected AND in BETWEEN … AND …, found OR"])
        #expect(errors("SELECT a FROM b WHERE a IN ()") == ["1:29 IN needs at least one value"])
        #expect(errors("SELECT a FROM b WHERE a IN 1") == ["1:28 expected '(' after IN, found '1'"])
        #expect(errors("SELECT a FROM b LIMIT -1") == ["1:23 LIMIT cannot be negative"])
        #expect(errors("SELECT a FROM b LIMIT 1.5") == ["1:23 LIMIT takes a whole number, found '1.5'"])
        #expect(errors("SELECT a FROM b WHERE t > LAST 7 FORTNIGHTS")
            == ["1:34 expected a unit (MINUTES, HOURS, DAYS, WEEKS, MONTHS, QUARTERS, YEARS) after LAST 7, found name FORTNIGHTS"])
        #expect(errors("SELECT a FROM b WHERE t > NOW() - INTERVAL 'a week'") == ["1:44 invalid interval 'a week'"])
        #expect(errors("SELECT a FROM b WHERE d = DATE '2024-13'") == ["1:27 invalid DATE literal '2024-13'"])
        #expect(errors("EXPLAIN EXPLAIN SELECT a FROM b") == ["1:9 EXPLAIN cannot explain an EXPLAIN"])
        #expect(errors("SELECT a FROM b JOIN c") == ["1:23 expected ON ASSOCIATED after the joined object, found end of input"])
        #expect(errors("SELECT a FROM b JOIN c ON a = b") == ["1:27 expected ASSOCIATED after ON, found name a"])
        #expect(errors("INSERT INTO c (a, b) VALUES (1)") == ["1:29 this row has 1 value for 2 columns"])
        #expect(errors("UPSERT INTO c (a) VALUES (1)")
            == ["1:29 expected ON (unique_property) after the rows of UPSERT, found end of input"])
        #expect(errors("SELECT SUM(*) FROM b") == ["1:12 '*' is only allowed in COUNT(*)"])
        #expect(errors("SELECT LABEL(DISTINCT x) FROM b") == ["1:14 DISTINCT is only allowed in COUNT, SUM, AVG, MIN and MAX"])
        #expect(errors("SELECT a FROM b WHERE a = (SELECT 1 FROM c") == ["1:43 expected ')' to close '(' opened at 1:27, found end of input"])
        #expect(errors("SET timezone 'UTC'") == ["1:14 expected '=' or TO after SET timezone, found string 'UTC'"])
        #expect(errors("ASSOCIATE contacts x WITH companies 1") == ["1:20 expected a record id (a number, a string or a parameter), found name x"])
        #expect(errors("SELECT a FROM b WHERE a = 1 b = 2") == ["1:29 unexpected name b after the end of the statement"])
    }

    @Test func diagnosticRangesStayInsideTheSource() {
        for text in ["SELECT", "SELECT a FROM", "'", "\"", "/*", "(", "SELECT a FROM b WHERE (", ";;;", "SELECT a FROM b LIMIT"] {
            for diagnostic in Script(SourceFile(text)).diagnostics {
                #expect(diagnostic.range.start >= 0 && diagnostic.range.end <= text.utf8.count, "\(text)")
                #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
            }
        }
    }

    // MARK: Long lines and byte-order marks

    /// The excerpt and caret lines of a rendered diagnostic (the caret line without its gutter).
    private func excerpt(_ rendered: String) -> (line: String, caret: String)? {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 2, let bar = lines[1].firstIndex(of: "|") else { return nil }
        let start = lines[1].index(bar, offsetBy: 2)
        return (String(lines[1][start...]), String(lines[2].dropFirst(lines[1].distance(from: lines[1].startIndex, to: start))))
    }

    @Test func aMillionCharacterLineShowsAWindowWithTheCaretUnderTheToken() throws {
        // '#' at column 500,000 of a 1,000,000-character line.
        let text = "SELECT '" + String(repeating: "x", count: 499_989) + "' # '" + String(repeating: "y", count: 499_997) + "'"
        #expect(text.count == 1_000_000)
        let script = Script(SourceFile(text, name: "big.hql"))
        let first = try #require(script.diagnostics.first)
        #expect(first.location == SourceLocation(line: 1, column: 500_000))
        let rendered = DiagnosticRenderer().render(first, in: script.source)
        #expect(rendered.utf8.count < 1_024)
        let (line, caret) = try #require(excerpt(rendered))
        #expect(line.count <= DiagnosticRenderer.maximumExcerptWidth)
        #expect(line.hasPrefix("…x") && line.hasSuffix("y…"))
        let column = caret.count - 1  // one '^' at the end
        #expect(caret.hasSuffix(" ^"))
        #expect(Array(line)[column] == "#")
        // Every diagnostic of the script renders small too.
        #expect(DiagnosticRenderer().render(script.diagnostics, in: script.source).utf8.count < 1_024 * script.diagnostics.count)
    }

    @Test func longLineWindowsNearEitherEndMarkOnlyTheCutEnd() throws {
        let tail = String(repeating: "a", count: 300)
        let nearStart = Script(SourceFile("SELECT # " + tail))
        let (startLine, startCaret) = try #require(excerpt(DiagnosticRenderer().render(nearStart.diagnostics[0], in: nearStart.source)))
        #expect(startLine.hasPrefix("SELECT # a") && startLine.hasSuffix("a…"))
        #expect(startCaret == "       ^")
        let nearEnd = Script(SourceFile("SELECT '" + tail + "' FROM contacts WHERE #"))
        let diagnostic = try #require(nearEnd.diagnostics.first)
        let (endLine, endCaret) = try #require(excerpt(DiagnosticRenderer().render(diagnostic, in: nearEnd.source)))
        #expect(endLine.hasPrefix("…a") && endLine.hasSuffix("WHERE #"))
        #expect(endLine.count <= DiagnosticRenderer.maximumExcerptWidth)
        #expect(endCaret.count == endLine.count && endCaret.hasSuffix(" ^"))
    }

    @Test func aCaretRunLongerThanTheWindowIsCutAtItsEdge() throws {
        // A 502-character number where LIMIT wants a whole one: the caret spans it to the cut.
        let script = Script(SourceFile("SELECT a FROM b LIMIT 1." + String(repeating: "5", count: 500)))
        let diagnostic = try #require(script.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(line: 1, column: 23))
        let (line, caret) = try #require(excerpt(DiagnosticRenderer().render(diagnostic, in: script.source)))
        #expect(line.count == DiagnosticRenderer.maximumExcerptWidth - 1 && line.hasSuffix("5…"))
        #expect(caret == String(repeating: " ", count: 22) + String(repeating: "^", count: line.count - 1 - 22))
    }

    @Test func aByteOrderMarkIsSkippedAndDoesNotShiftColumns() throws {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let valid = Script(SourceFile(bytes: mark + Array("select email from contacts;\n".utf8)))
        #expect(valid.diagnostics.isEmpty)
        #expect(valid.formatted() == "SELECT email FROM contacts;\n")
        #expect(valid.statementLocations == [SourceLocation(line: 1, column: 1)])
        let broken = Script(SourceFile(bytes: mark + Array("SELECT # FROM x;\nSELECT a FROM b LIMIT -1;".utf8), name: "q.hql"))
        #expect(broken.diagnostics.map(\.location) == [SourceLocation(line: 1, column: 8), SourceLocation(line: 2, column: 23)])
        #expect(DiagnosticRenderer().render(broken.diagnostics[0], in: broken.source).hasPrefix("""
            q.hql:1:8: error: unexpected character '#'
             1 | SELECT # FROM x;
               |        ^

            """))
    }

    @Test func locationsAndLineSlicesMatchCountingEveryCharacter() {
        // Lines mixing ASCII, 2- to 4-byte characters, CR LF and a byte-order mark: the ASCII
        // fast path must agree with counting scalars one by one.
        var generator = SeededGenerator(seed: 42)
        let pieces = ["a", "SELECT ", "é", "日本", "🙂", "\t", "\n", "\r\n", "'x'", " "]
        for round in 0..<200 {
            var text = round % 3 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text += pieces.randomElement(using: &generator) ?? "a" }
            let source = SourceFile(text)
            let body = round % 3 == 0 ? String(text.unicodeScalars.dropFirst()) : text
            let skipped = text.utf8.count - body.utf8.count
            var lineStart = skipped
            for (number, raw) in body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = Array(raw.last == "\r" ? raw.dropLast() : raw[...])
                #expect(source.lineLength(number + 1) == line.count, "\(text.debugDescription) line \(number + 1)")
                #expect(source.lineText(number + 1) == String(String.UnicodeScalarView(line)))
                var offset = lineStart
                for column in 0...line.count {
                    #expect(source.location(of: offset) == SourceLocation(line: number + 1, column: column + 1), "\(text.debugDescription)")
                    let upper = min(line.count, column + 3)
                    #expect(source.lineText(number + 1, characters: column..<upper)
                        == String(String.UnicodeScalarView(line[column..<upper])))
                    if column < line.count { offset += String(line[column]).utf8.count }
                }
                lineStart += String(String.UnicodeScalarView(raw)).utf8.count + 1
            }
        }
    }
}
