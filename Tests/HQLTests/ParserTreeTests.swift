import Testing
@testable import HQL

/// The shape of the trees, where printing alone could hide a wrong one.
@Suite struct ParserTreeTests {
    private func whereClause(_ text: String) throws -> Expr {
        let (statement, diagnostics) = Parser.parseStatement("SELECT a FROM x WHERE " + text)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        guard case .select(let select)? = statement?.kind, let condition = select.whereClause else {
            Issue.record("no WHERE clause")
            throw Parser.Failure()
        }
        return condition
    }

    private func column(_ name: String) -> Expr { Expr(.column([Identifier(name)])) }
    private func number(_ digits: String) -> Expr { Expr(.literal(.number(digits))) }

    @Test func andBindsTighterThanOr() throws {
        let tree = try whereClause("a = 1 OR b = 2 AND c = 3")
        let a = Expr(.binary(.equal, column("a"), number("1")))
        let b = Expr(.binary(.equal, column("b"), number("2")))
        let c = Expr(.binary(.equal, column("c"), number("3")))
        #expect(tree == Expr(.or([a, Expr(.and([b, c]))])))
    }

    @Test func chainsOfAndAreFlat() throws {
        let tree = try whereClause("a = 1 AND (b = 2 AND c = 3) AND d = 4")
        guard case .and(let parts) = tree.kind else {
            Issue.record("not an AND")
            return
        }
        #expect(parts.count == 4)
    }

    @Test func notBindsLooserThanComparisonAndTighterThanAnd() throws {
        let tree = try whereClause("NOT a = 1 AND b = 2")
        let a = Expr(.binary(.equal, column("a"), number("1")))
        let b = Expr(.binary(.equal, column("b"), number("2")))
        #expect(tree == Expr(.and([Expr(.unary(.not, a)), b])))
    }

    @Test func betweenTakesItsOwnAnd() throws {
        let tree = try whereClause("a BETWEEN 1 AND 2 AND b = 3")
        let between = Expr(.between(column("a"), low: number("1"), high: number("2"), negated: false))
        let b = Expr(.binary(.equal, column("b"), number("3")))
        #expect(tree == Expr(.and([between, b])))
    }

    @Test func subtractionIsLeftAssociative() throws {
        let tree = try whereClause("a - b - c = 0")
        let inner = Expr(.binary(.subtract, column("a"), column("b")))
        #expect(tree == Expr(.binary(.equal, Expr(.binary(.subtract, inner, column("c"))), number("0"))))
    }

    @Test func positionalParametersNumberLeftToRight() throws {
        let tree = try whereClause("a = ? AND b IN (?, ?)")
        let expected = Expr(.and([
            Expr(.binary(.equal, column("a"), Expr(.parameter(.positional(1))))),
            Expr(.inList(column("b"), [Expr(.parameter(.positional(2))), Expr(.parameter(.positional(3)))], negated: false)),
        ]))
        #expect(tree == expected)
    }

    @Test func relativeDatesAndIntervals() throws {
        #expect(try whereClause("t >= LAST 90 DAYS")
            == Expr(.binary(.greaterEqual, column("t"), Expr(.relativeDate(.rolling(.last, count: 90, unit: .day))))))
        #expect(try whereClause("t = LAST_MONTH")
            == Expr(.binary(.equal, column("t"), Expr(.relativeDate(.calendar(.month, offset: -1))))))
        let now = Expr(.function(FunctionCall(name: "NOW", arguments: [])))
        #expect(try whereClause("t > now() - interval '7 days'")
            == Expr(.binary(.greater, column("t"), Expr(.binary(.subtract, now, Expr(.interval(Interval(count: 7, unit: .day)))))))) 
    }

    @Test func contextualKeywordsAreNamesOutsideTheirPlace() throws {
        #expect(try whereClause("type = 1") == Expr(.binary(.equal, column("type"), number("1"))))
        #expect(try whereClause("last = 1") == Expr(.binary(.equal, column("last"), number("1"))))
        #expect(try whereClause("label = 'x'") == Expr(.binary(.equal, column("label"), Expr(.literal(.string("x"))))))
    }

    @Test func associationPathsAreColumnPaths() throws {
        let tree = try whereClause("contacts.companies.domain CONTAINS 'acme'")
        let path = Expr(.column([Identifier("contacts"), Identifier("companies"), Identifier("domain")]))
        #expect(tree == Expr(.contains(path, token: Expr(.literal(.string("acme"))), negated: false)))
    }

    @Test func customObjectIdsMayBeBare() {
        let (statement, _) = Parser.parseStatement("SELECT name FROM 2-1234567")
        guard case .select(let select)? = statement?.kind else {
            Issue.record("not a select")
            return
        }
        #expect(select.from.object.value == "2-1234567")
    }

    @Test func rangesCoverTheirText() {
        let text = "SELECT email FROM contacts WHERE lifecyclestage IN ('lead', 'customer')"
        let source = SourceFile(text)
        let (statement, _) = Parser.parseStatement(text)
        guard case .select(let select)? = statement?.kind, let condition = select.whereClause else {
            Issue.record("not a select")
            return
        }
        #expect(source.text(in: condition.range) == "lifecyclestage IN ('lead', 'customer')")
        #expect(statement.map { source.text(in: $0.range) } == text)
    }
}
