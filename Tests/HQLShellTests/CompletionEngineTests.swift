import HQL
import Testing
@testable import HQLShell

struct StaticCatalog: CompletionCatalog {
    var objects = ["companies", "contacts", "deals", "pets"]
    var properties: [String: [String]] = [
        "contacts": ["email", "firstname", "lastname", "lifecyclestage", "order"],
        "companies": ["domain", "industry", "name"],
        "deals": ["amount", "dealname", "dealstage"],
    ]

    func objectNames() -> [String] { objects }
    func propertyNames(of object: String) -> [String] { properties[object.lowercased()] ?? [] }
}

/// Tab completion as a pure function of the text before the cursor.
@Suite struct CompletionEngineTests {
    let engine = CompletionEngine(catalog: StaticCatalog(), dotCommands: DotCommand.completions)

    @Test func keywordsCompleteInTheCaseTyped() {
        #expect(engine.complete("sel").replacement == "select")
        #expect(engine.complete("SEL").replacement == "SELECT")
        #expect(engine.complete("select email fr").replacement == "from")
    }

    @Test func propertiesOfEveryObjectBeforeAnyFrom() {
        #expect(engine.complete("select firstn").replacement == "firstname")
        #expect(engine.complete("SELECT email, dealn").replacement == "dealname")
        #expect(engine.complete("select do").candidates == ["domain"])
        #expect(engine.complete("select email from contacts where do").candidates.isEmpty)
    }

    @Test func objectNamesAfterFrom() {
        let completion = engine.complete("select email from co")
        #expect(completion.candidates == ["companies", "contacts"])
        #expect(completion.replacement == "co")
        #expect(engine.complete("select * from contacts c join de").candidates == ["deals"])
    }

    @Test func propertiesOfTheObjectInScopeEvenUnfinished() {
        #expect(engine.complete("select fir").candidates == ["first", "firstname"])  // no FROM yet: every object's
        #expect(engine.complete("select email from contacts where lifec").candidates == ["lifecyclestage"])
        #expect(engine.complete("select email, lastname\nfrom contacts\nwhere ema").replacement == "email")
    }

    @Test func propertyNamesAfterAnAssociationOrAlias() {
        #expect(engine.complete("select companies.").candidates == ["domain", "industry", "name"])
        #expect(engine.complete("select companies.na").replacement == "name")
        #expect(engine.complete("select x from contacts as c where c.em").replacement == "email")
        #expect(engine.complete("select d.am from deals d; select x from contacts d where d.").candidates.contains("email"))
    }

    @Test func reservedPropertyNamesCompleteQuoted() {
        #expect(engine.complete("select x from contacts where ord").candidates.contains("\"order\""))
    }

    @Test func nothingInsideAStringOrComment() {
        #expect(engine.complete("select x from contacts where email = 'sel").candidates.isEmpty)
        #expect(engine.complete("select x from contacts -- sel").candidates.isEmpty)
    }

    @Test func dotCommandsAndTheirArguments() {
        #expect(engine.complete(".mo").replacement == ".mode")
        #expect(engine.complete(".mode js").candidates == ["json"])
        #expect(engine.complete(".headers o").candidates == ["off", "on"])
        #expect(engine.complete(".schema con").replacement == "contacts")
        #expect(engine.complete(".s").candidates == [".schema", ".show", ".stats"])
    }

    @Test func uniqueCandidateIsFlagged() {
        #expect(engine.complete("select email from dea").isUnique)
        #expect(!engine.complete("select email from co").isUnique)
    }
}
