import Testing
@testable import HQL

/// sqlparser-rs's `verified_stmt` oracle over the annotated corpus: every statement parses,
/// prints, re-parses to the same tree, and printing is idempotent, in both one-line and pretty form.
@Suite struct RoundTripTests {
    @Test func corpusIsLargeEnough() {
        let files = CaseFile.all
        #expect(files.count >= 5)
        let count = files.reduce(0) { $0 + $1.cases.count }
        #expect(count >= 150, "the corpus holds \(count) statements")
    }

    @Test(arguments: CaseFile.all)
    func everyStatementRoundTrips(_ file: CaseFile) {
        let rendered = DiagnosticRenderer().render(file.result.diagnostics, in: file.source)
        #expect(file.result.diagnostics.isEmpty, "\(rendered)")
        var checkedCanonical = 0
        for item in file.cases {
            for pretty in [false, true] {
                let printed = Printer.print(item.statement, pretty: pretty)
                let (reparsed, diagnostics) = Parser.parseStatement(printed)
                #expect(diagnostics.isEmpty, "\(file.name):\(item.location) printed as unparsable: \(printed)")
                #expect(reparsed == item.statement, "\(file.name):\(item.location): \(item.text)\nprinted: \(printed)")
                if let reparsed {
                    #expect(Printer.print(reparsed, pretty: pretty) == printed, "printing is not idempotent: \(printed)")
                }
            }
            if let canonical = item.canonical {
                checkedCanonical += 1
                #expect(Printer.print(item.statement) == canonical, "\(file.name):\(item.location)")
            }
        }
        #expect(checkedCanonical == file.annotationCount, "a '-- canonical:' line found no statement")
    }

    @Test func everyStatementKindIsInTheCorpus() {
        var kinds = Set<String>()
        for file in CaseFile.all {
            for item in file.cases {
                var statement = item.statement
                if case .explain(let inner) = statement.kind {
                    kinds.insert("explain")
                    statement = inner
                }
                let name = String(describing: statement.kind).prefix { $0 != "(" }
                kinds.insert(String(name))
            }
        }
        let expected: Set<String> = [
            "select", "explain", "showObjects", "showProperties", "showAssociations", "showPipelines", "showOwners", "showLists",
            "describe", "set", "insert", "update", "delete", "associate",
        ]
        #expect(expected.isSubset(of: kinds), "missing: \(expected.subtracting(kinds))")
    }

    @Test func canonicalFormOfTheReadmeExample() throws {
        let text = """
            select email, firstname, companies.name
            from contacts
            where (lifecyclestage in ('lead', 'opportunity') or hs_lead_status = 'NEW')
              and createdate >= last 90 days
            order by createdate desc
            limit 500;
            """
        let script = Script(SourceFile(text))
        #expect(script.diagnostics.isEmpty)
        #expect(script.formatted(pretty: true) == """
            SELECT email, firstname, companies.name
            FROM contacts
            WHERE (lifecyclestage IN ('lead', 'opportunity') OR hs_lead_status = 'NEW') AND createdate >= LAST 90 DAYS
            ORDER BY createdate DESC
            LIMIT 500;

            """)
    }
}
