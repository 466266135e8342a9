import Testing
@testable import HQL

/// The REPL's continuation prompt: is the typed text a finished statement, and if not, what is missing.
@Suite struct CompletenessTests {
    @Test func aStatementEndingWithSemicolonIsComplete() {
        #expect(Completeness("SELECT email FROM contacts;").isComplete)
        #expect(Completeness("SELECT email\nFROM contacts\n;  -- done").isComplete)
        #expect(Completeness("SELECT 'a;b' FROM x;").isComplete)
    }

    @Test func withoutSemicolonItWaitsForOne() {
        #expect(Completeness("SELECT email FROM contacts").missing == .semicolon)
        #expect(Completeness("SELECT email FROM contacts -- a ; in a comment").missing == .semicolon)
    }

    @Test func openQuotesCommentsAndParenthesesAreReported() {
        #expect(Completeness("SELECT 'abc;").missing == .closingQuote(opened: SourceLocation(line: 1, column: 8)))
        #expect(Completeness("SELECT \"odd;").missing == .closingDoubleQuote(opened: SourceLocation(line: 1, column: 8)))
        #expect(Completeness("SELECT a /* note;\n").missing == .commentEnd(opened: SourceLocation(line: 1, column: 10)))
        #expect(Completeness("SELECT a FROM b WHERE (a = 1 AND (b = 2")
            .missing == .closingParenthesis(count: 2, opened: SourceLocation(line: 1, column: 34)))
        #expect(Completeness("SELECT 'it''s").missing == .closingQuote(opened: SourceLocation(line: 1, column: 8)))
    }

    @Test func blankInputIsEmptyNotIncomplete() {
        let blank = Completeness("  \n -- only a comment\n /* and this */ ")
        #expect(blank.isEmpty)
        #expect(!blank.isComplete)
        #expect(blank.missing == nil)
    }

    @Test func promptHintsNameTheOpenConstruct() {
        #expect(Completeness("SELECT 'a").promptHint == "'")
        #expect(Completeness("SELECT (a").promptHint == "(")
        #expect(Completeness("SELECT a").promptHint == "")
    }

    @Test func aSemicolonEndsTheStatementEvenWithParenthesesOpen() {
        // The parser reports the imbalance; the REPL must not wait forever for a ')'.
        #expect(Completeness("SELECT a FROM b WHERE (a = 1;").isComplete)
    }
}
