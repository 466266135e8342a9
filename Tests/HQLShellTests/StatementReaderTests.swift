import HQL
import Testing
@testable import HQLShell

/// Lines in, statements and dot-commands out, with the prompt telling what is open.
@Suite struct StatementReaderTests {
    private func statements(_ items: [StatementReader.Item]) -> [String] {
        items.compactMap { if case .statement(let statement) = $0 { statement.text } else { nil } }
    }

    @Test func oneLineStatement() {
        var reader = StatementReader()
        #expect(reader.prompt == "hql> ")
        let items = reader.feed("select email from contacts;")
        #expect(items == [.statement(ShellStatement(text: "select email from contacts;", line: 1))])
        #expect(reader.prompt == "hql> ")
    }

    @Test func aByteOrderMarkOnTheFirstLineIsSkipped() {
        var reader = StatementReader(sourceName: "bom.hql")
        #expect(reader.feed("\u{FEFF}select 1; select") == [.statement(ShellStatement(text: "select 1;", sourceName: "bom.hql"))])
        #expect(statements(reader.feed("\u{FEFF}2;")) == ["select\n\u{FEFF}2;"])  // only a script's first character
        var dot = StatementReader()
        #expect(dot.feed("\u{FEFF}.mode csv") == [.dotCommand(".mode csv", line: 1)])
    }

    @Test func continuationPromptSaysWhatIsOpen() {
        var reader = StatementReader()
        #expect(reader.feed("select email").isEmpty)
        #expect(reader.prompt == "...> ")
        #expect(reader.feed("from contacts where name = 'O").isEmpty)
        #expect(reader.prompt == "..'> ")
        #expect(reader.feed("Brien' and x in (1,").isEmpty)
        #expect(reader.prompt == "..(> ")
        #expect(reader.feed("2) /* note").isEmpty)
        #expect(reader.prompt == "./*> ")
        let items = reader.feed("*/;")
        #expect(statements(items) == ["select email\nfrom contacts where name = 'O\nBrien' and x in (1,\n2) /* note\n*/;"])
        #expect(reader.prompt == "hql> ")
        #expect(reader.pending.isEmpty)
    }

    @Test func semicolonInAStringOrCommentDoesNotEndTheStatement() {
        var reader = StatementReader()
        #expect(reader.feed("select 'a;b' -- c;").isEmpty)
        #expect(statements(reader.feed("from x;")) == ["select 'a;b' -- c;\nfrom x;"])
    }

    @Test func severalStatementsOnOneLineSplit() {
        var reader = StatementReader()
        let items = reader.feed("select 1; select 2;  select 3")
        #expect(statements(items) == ["select 1;", "select 2;"])
        #expect(reader.pending == "select 3")
        #expect(statements(reader.feed(";")) == ["select 3\n;"])
    }

    @Test func dotCommandOnlyAtAStatementsStart() {
        var reader = StatementReader()
        #expect(reader.feed("  .mode csv  ") == [.dotCommand(".mode csv", line: 1)])
        #expect(reader.feed("select a").isEmpty)
        // Inside a statement a leading dot is statement text.
        #expect(statements(reader.feed(".5;")) == ["select a\n.5;"])
    }

    @Test func blankLinesAndLoneSemicolonsAreSkippedButCounted() {
        var reader = StatementReader(sourceName: "q.hql")
        #expect(reader.feed("").isEmpty)
        #expect(reader.feed("   ").isEmpty)
        #expect(reader.feed(";").isEmpty)
        #expect(reader.feed("-- just a comment").isEmpty)
        #expect(reader.prompt == "hql> ")
        #expect(reader.feed("select 1;") == [.statement(ShellStatement(text: "select 1;", sourceName: "q.hql", line: 5))])
    }

    @Test func columnsAreWhereStatementsStartOnTheirLine() {
        var reader = StatementReader()
        let items = reader.feed("select 1;  select é; select 3;")
        #expect(items == [.statement(ShellStatement(text: "select 1;", line: 1, column: 1)),
                          .statement(ShellStatement(text: "select é;", line: 1, column: 12)),
                          .statement(ShellStatement(text: "select 3;", line: 1, column: 22))])
        #expect(reader.feed("\t  select 4;") == [.statement(ShellStatement(text: "select 4;", line: 2, column: 4))])
    }

    @Test func lineNumbersFollowStatementsSplitAcrossLines() {
        var reader = StatementReader()
        _ = reader.feed("select 1; select")
        let items = reader.feed("2;")
        #expect(items == [.statement(ShellStatement(text: "select\n2;", line: 1, column: 11))])
        _ = reader.feed("")
        #expect(reader.feed("select 3;") == [.statement(ShellStatement(text: "select 3;", line: 4))])
    }

    @Test func endOfInputReportsTheUnfinishedStatement() {
        var reader = StatementReader()
        _ = reader.feed("select email from contacts where name = 'x")
        let leftover = reader.finish()
        #expect(leftover?.statement.text == "select email from contacts where name = 'x")
        if case .closingQuote? = leftover?.missing {} else { Issue.record("expected a missing quote") }
        #expect(reader.finish() == nil)
    }

    @Test func endOfInputAfterOnlyACommentIsNothing() {
        var reader = StatementReader()
        _ = reader.feed("select 1; -- done")
        #expect(reader.finish() == nil)
    }

    @Test func discardDropsThePartialStatement() {
        var reader = StatementReader()
        _ = reader.feed("select (")
        reader.discard()
        #expect(reader.prompt == "hql> ")
        #expect(statements(reader.feed("select 2;")) == ["select 2;"])
    }
}

@Suite struct HistoryRedactorTests {
    @Test(arguments: [
        (".connect --token pat-na1-0f8b2c3d-1111-2222-3333-444455556666", ".connect --token <redacted>"),
        (".connect --token=abc123", ".connect --token=<redacted>"),
        ("curl -H 'Authorization: Bearer eyJhbGciOi.x.y'", "curl -H 'Authorization: Bearer <redacted>'"),
        ("key pat-eu1-abcdef12-3456-7890-abcd-ef1234567890 here", "key <redacted> here"),
        ("select x from contacts where h = '0123456789abcdef0123456789abcdef';",
         "select x from contacts where h = '<redacted>';"),
        ("set api_key = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA'", "set api_key = '<redacted>'"),
        (".connect password=hunter2 portal=42", ".connect password=<redacted> portal=42"),
        ("ask aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3 now", "ask <redacted> now"),
    ])
    func secretsAreRedacted(entry: String, expected: String) {
        #expect(HistoryRedactor.redact(entry) == expected)
    }

    @Test(arguments: [
        // Private-app keys of any shape after the region.
        (".connect --base-url http://x pat-na1-SECRET1234", ".connect --base-url http://x <redacted>"),
        ("select 'pat-eu1-x_y.z' from contacts;", "select '<redacted>' from contacts;"),
        // OAuth access tokens, long and short.
        ("select email from contacts where note = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';",
         "select email from contacts where note = '<redacted>';"),
        (".print CJabcdefghijklmnopqrstuvwxyzabcdefghijklmn", ".print <redacted>"),
        // Long base64 and hex runs.
        (".print c2VjcmV0LXRva2VuLXRoYXQtaXMtbG9uZzEyMw==", ".print <redacted>"),
        (".print 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ".print <redacted>"),
    ])
    func hubSpotTokenShapesAreRedacted(entry: String, expected: String) {
        #expect(HistoryRedactor.redact(entry) == expected)
    }

    @Test func theSessionsOwnTokenIsRedactedByExactValue() {
        let token = "sandbox.Token:7"
        #expect(HistoryRedactor.redact("select 'sandbox.Token:7' from contacts;", secrets: [token])
            == "select '<redacted>' from contacts;")
        #expect(HistoryRedactor.redact(".print see sandbox.Token:7, twice: sandbox.Token:7", secrets: [token])
            == ".print see <redacted>, twice: <redacted>")
        // A token that ends in what a pattern also catches is masked whole, not in part.
        let oauth = "x!CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7O"
        #expect(HistoryRedactor.redact(".print \(oauth)", secrets: [oauth]) == ".print <redacted>")
        // Too short to be a token: left alone rather than masking a common word everywhere.
        #expect(HistoryRedactor.redact("select lead from x;", secrets: ["lead"]) == "select lead from x;")
    }

    @Test(arguments: [
        "select hs_analytics_first_touch_converting_campaign from contacts where id = 12345678901234;",
        "select email from contacts where createdate >= LAST 90 DAYS;",
        ".mode csv",
        "select * from \"2-1234567\" where token_count = 3;",
        "select hs_lead_status, email from contacts where email = 'ana.maria+crm@example-company.com' and hs_object_id IN (1234, 98765432101);",
        "select firstname from contacts where amount >= 1500000.25 and num_associated_deals < 12 and lifecyclestage = 'marketingqualifiedlead';",
        "select hs_analytics_source_data_1, notes_last_contacted from contacts where company = 'Patagonia' and jobtitle like 'pat-%';",
        ".print Quarterly pipeline review: CJ and Pat, 2026-06-30",
    ])
    func ordinaryEntriesStay(entry: String) {
        #expect(HistoryRedactor.redact(entry) == entry)
    }
}
