import HQL
import Testing
@testable import HQLShell

/// Golden output of every mode, and the table's width handling.
@Suite struct RendererTests {
    let columns = Columns(["id", "name", "amount"])
    let rows: [[Value]] = [
        [.number(1), .string("Ana"), .number(12.5)],
        [.number(2), .null, .number(1000)],
    ]

    private func render(_ mode: OutputMode, columns: Columns? = nil, rows: [[Value]]? = nil,
                        configure: (inout RenderOptions) -> Void = { _ in }) -> String {
        var options = RenderOptions(mode: mode)
        configure(&options)
        return Renderers.render(columns ?? self.columns, rows ?? self.rows, options: options)
    }

    @Test func boxRightAlignsNumbersAndShowsNullAndAFooter() {
        #expect(render(.box) == """
            ┌────┬──────┬────────┐
            │ id │ name │ amount │
            ├────┼──────┼────────┤
            │  1 │ Ana  │   12.5 │
            │  2 │ NULL │   1000 │
            └────┴──────┴────────┘
            (2 rows)

            """)
    }

    @Test func tableModeIsASCIIAndHonoursNullValueAndHeadersOff() {
        #expect(render(.table) { $0.nullText = "-"; $0.headers = false } == """
            +---+-----+------+
            | 1 | Ana | 12.5 |
            | 2 | -   | 1000 |
            +---+-----+------+
            (2 rows)

            """)
    }

    @Test func footerSaysOneRowAndGroupsThousands() {
        let one = render(.box, rows: [rows[0]])
        #expect(one.hasSuffix("(1 row)\n"))
        let many = Renderers.render(Columns(["n"]), (0..<1234).map { [.number(Double($0))] }, options: RenderOptions())
        #expect(many.hasSuffix("(1,234 rows)\n"))
    }

    @Test func wideAndCombiningCharactersKeepColumnsAligned() {
        let output = render(.box, columns: Columns(["city", "n"]), rows: [
            [.string("東京"), .number(1)],        // two wide characters: 4 columns
            [.string("Cafe\u{301}"), .number(2)],  // e + combining acute: 4 columns
            [.string("👍🏽 ok"), .number(3)],        // emoji with skin tone: 2 + 3
            [.string("Zoë"), .number(4)],
        ])
        #expect(output == """
            ┌───────┬───┐
            │ city  │ n │
            ├───────┼───┤
            │ 東京  │ 1 │
            │ Café  │ 2 │
            │ 👍🏽 ok │ 3 │
            │ Zoë   │ 4 │
            └───────┴───┘
            (4 rows)

            """)
    }

    @Test func embeddedLineBreaksStayOnOneLine() {
        let output = render(.box, columns: Columns(["note"]), rows: [[.string("first\nsecond\r\nthird\tx")]])
        #expect(output.contains("│ first↵second↵third x │"))
    }

    @Test func widestColumnShrinksToFitTheTerminalWithAnEllipsis() {
        let long = String(repeating: "lorem ipsum ", count: 10)
        let output = render(.box, columns: Columns(["id", "description", "owner"]),
                            rows: [[.number(7), .string(long), .string("ana@example.com")]]) { $0.maxWidth = 50 }
        let lines = output.split(separator: "\n")
        for line in lines.dropLast() { #expect(DisplayWidth.of(String(line)) == 50) }
        #expect(output.contains("│ lorem ipsum lorem ipsu… │"))
        #expect(output.contains("ana@example.com"))  // the narrow column keeps its width
    }

    @Test func widthCommandCapsAColumn() {
        let output = render(.box, columns: Columns(["email"]), rows: [[.string("ana@example.com")]]) {
            $0.columnWidths = [6]
        }
        #expect(output.contains("│ ana@e… │"))
    }

    @Test func colorsOnlyWhenTold() {
        #expect(!render(.box).contains("\u{1B}["))
        let colored = render(.box) { $0.colors = true }
        #expect(colored.contains("\u{1B}[2mNULL\u{1B}[0m"))
    }

    @Test func tablePastItsBufferStreamsInTheFirstChunksWidths() {
        let sink = StringSink()
        var renderer = TableRenderer(options: RenderOptions(tableBuffer: 2), sink: sink)
        let columns = Columns(["name"])
        renderer.begin(columns)
        renderer.row(Row(columns: columns, values: [.string("Ana")]))
        #expect(sink.text.isEmpty)  // still buffering
        renderer.row(Row(columns: columns, values: [.string("Bob")]))
        #expect(sink.text.contains("│ Bob  │"))  // the first chunk printed
        renderer.row(Row(columns: columns, values: [.string("Maximilian")]))
        #expect(sink.text.hasSuffix("│ Max… │\n"))  // streamed at once, cut to the fixed width
        renderer.finish(complete: true)
        #expect(sink.text.hasSuffix("└──────┘\n(3 rows)\n"))
    }

    @Test func incompleteResultHasNoFooter() {
        let sink = StringSink()
        var renderer = TableRenderer(options: RenderOptions(), sink: sink)
        renderer.begin(columns)
        renderer.row(Row(columns: columns, values: rows[0]))
        renderer.finish(complete: false)
        #expect(sink.text.contains("Ana"))
        #expect(!sink.text.contains("row"))
    }

    @Test func csvQuotesWhatRFC4180Requires() {
        let output = render(.csv, columns: Columns(["name", "note", "n"]), rows: [
            [.string("Smith, Ana"), .string("said \"hi\""), .number(1)],
            [.string("line\nbreak"), .null, .number(2.5)],
            [.string(""), .string("plain"), .bool(true)],
            [.string("é,日"), .datetime(1_700_000_000_123), .date("2026-01-02")],
            [.string("cr\rhere"), .string("😀"), .number(-0.5)],
        ])
        #expect(output == "name,note,n\n\"Smith, Ana\",\"said \"\"hi\"\"\",1\n\"line\nbreak\",,2.5\n\"\",plain,true\n"
                + "\"é,日\",2023-11-14T22:13:20.123Z,2026-01-02\n\"cr\rhere\",😀,-0.5\n")
    }

    @Test func tabsAndListNeverQuote() {
        #expect(render(.tabs) == "id\tname\tamount\n1\tAna\t12.5\n2\t\t1000\n")
        #expect(render(.list) { $0.headers = false } == "1|Ana|12.5\n2||1000\n")
    }

    @Test func jsonIsOneArrayOfTypedObjects() {
        let output = render(.json, columns: Columns(["name", "n", "ok", "at", "day", "gone"]), rows: [
            [.string("A \"q\" \\ \n\u{1}\t\r\u{8}\u{C}\u{1F}é😀"), .number(3), .bool(true), .datetime(0), .date("2024-01-31"), .null],
            [.string("B"), .number(.infinity), .bool(false), .null, .null, .null],
        ])
        #expect(output == """
            [
            {"name":"A \\"q\\" \\\\ \\n\\u0001\\t\\r\\b\\f\\u001fé😀","n":3,"ok":true,"at":"1970-01-01T00:00:00.000Z","day":"2024-01-31","gone":null},
            {"name":"B","n":null,"ok":false,"at":null,"day":null,"gone":null}
            ]

            """)
        #expect(render(.json, rows: []) == "[]\n")
    }

    @Test func jsonStreamsEachRowAsItArrives() {
        let sink = StringSink()
        var renderer = JSONRenderer(options: RenderOptions(mode: .json), sink: sink)
        renderer.begin(columns)
        renderer.row(Row(columns: columns, values: rows[0]))
        #expect(sink.text == "[\n{\"id\":1,\"name\":\"Ana\",\"amount\":12.5}")
    }

    @Test func ndjsonIsOneObjectALine() {
        #expect(render(.ndjson) == """
            {"id":1,"name":"Ana","amount":12.5}
            {"id":2,"name":null,"amount":1000}

            """)
    }

    @Test func lineModeAlignsNamesAndSeparatesRecords() {
        #expect(render(.line) == """
                id = 1
              name = Ana
            amount = 12.5

                id = 2
              name = NULL
            amount = 1000

            """)
    }

    @Test func markdownEscapesPipes() {
        let output = render(.markdown, columns: Columns(["a|b", "c"]), rows: [[.string("x|y"), .string("1\n2")]])
        #expect(output == "| a\\|b | c |\n|---|---|\n| x\\|y | 1<br>2 |\n")
    }

    @Test func modeNamesAndAliases() {
        #expect(OutputMode(named: "JSONL") == .ndjson)
        #expect(OutputMode(named: "md") == .markdown)
        #expect(OutputMode(named: "csv") == .csv)
        #expect(OutputMode(named: "xml") == nil)
    }
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("東京", 4), ("ｶ", 1), ("Ａ", 2), ("e\u{301}", 1), ("👍", 2), ("👍🏽", 2),
        ("👨‍👩‍👧", 2), ("🇫🇷", 2), ("❤️", 2), ("한국어", 6), ("a\u{200B}b", 2),
    ])
    func widths(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("東京都庁", to: 4) == "東…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
    }

    @Test func shrinkLowersTheWidestFirst() {
        #expect(TableRenderer.shrink([2, 40, 10], toFit: 30) == [2, 18, 10])
        #expect(TableRenderer.shrink([20, 20], toFit: 30) == [15, 15])
        #expect(TableRenderer.shrink([5, 5], toFit: 30) == [5, 5])
    }
}
