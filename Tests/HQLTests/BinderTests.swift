import Foundation
import Testing
@testable import HQL

/// Binding against the sandbox portal's schema: names, types, coercion, and the diagnostics.
@Suite struct BinderTests {
    private func errors(_ text: String) async -> [String] {
        await PlanningSupport.plan(text).diagnostics.map { "\($0.location) \($0.message)" + ($0.help.map { " | \($0)" } ?? "") }
    }

    private func predicate(_ text: String) async -> BoundPredicate? {
        let outcome = await PlanningSupport.plan(text)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        return outcome.query?.predicate
    }

    @Test func schemaIsReadThroughTheTransport() async throws {
        let schema = try #require(await PlanningSupport.schema())
        #expect(schema.object(named: "contacts")?.property("email")?.type == .string)
        #expect(schema.object(named: "CONTACT")?.name == "contacts")
        #expect(schema.object(named: "0-3")?.name == "deals")
        #expect(schema.object(named: "deals")?.property("dealstage")?.type == .enumeration)
        #expect(schema.objects.contains { $0.isCustom && $0.typeId.hasPrefix("2-") })
        #expect(!schema.owners.isEmpty)
    }

    /// `alias.property` of a JOIN is named by the property, as PostgreSQL names it, unless another
    /// column has that name; a dot path keeps the path; `AS` always wins.
    @Test func joinedColumnsAreNamedByTheirProperty() async throws {
        func names(_ text: String) async -> [String] {
            await PlanningSupport.plan(text).query?.columns.map(\.name) ?? []
        }
        #expect(await names("SELECT co.name, d.dealname, d.amount FROM companies co JOIN deals d ON ASSOCIATED")
            == ["name", "dealname", "amount"])
        #expect(await names("SELECT co.hs_object_id, d.hs_object_id FROM companies co JOIN deals d ON ASSOCIATED")
            == ["hs_object_id", "d.hs_object_id"])
        #expect(await names("SELECT d.dealname AS deal, email, companies.name FROM contacts JOIN deals d ON ASSOCIATED")
            == ["deal", "email", "companies.name"])
    }

    @Test func unknownNamesSuggestTheClosest() async {
        #expect(await errors("SELECT emial FROM contacts") == ["1:8 unknown property 'emial' of contacts | did you mean 'email'?"])
        #expect(await errors("SELECT email FROM contcts") == ["1:19 unknown object 'contcts' | did you mean 'contacts'?"])
        #expect(await errors("SELECT email FROM contacts WHERE firstnme = 'x' AND lastnme = 'y'").count == 2)
    }

    @Test func typesAreChecked() async {
        #expect(await errors("SELECT dealname FROM deals WHERE amount = 'lots'")
            == ["1:43 ''lots'' is not a number; amount is a number property"])
        #expect(await errors("SELECT dealname FROM deals WHERE amount LIKE '1%'")
            == ["1:34 LIKE needs a text property; amount is number"])
        #expect(await errors("SELECT email FROM contacts WHERE COUNT(*) > 1")
            == ["1:34 aggregate functions are not allowed in WHERE | use HAVING"])
        #expect(await errors("SELECT email FROM contacts WHERE createdate > 'soon'").first?.hasPrefix("1:47 ''soon'' is not a datetime") == true)
        #expect(await errors("SELECT email FROM contacts WHERE email = NULL")
            == ["1:42 comparison with NULL is never true | write IS NULL or IS NOT NULL"])
    }

    @Test func enumerationLabelsMapToValuesAndUnknownOptionsAreErrors() async throws {
        let schema = try #require(await PlanningSupport.schema())
        let stage = try #require(schema.object(named: "deals")?.property("dealstage"))
        let option = try #require(stage.options.first)
        #expect(await predicate("SELECT dealname FROM deals WHERE dealstage = '\(option.label.uppercased())'")
            == .compare(property: "dealstage", type: .enumeration, .equal, value: option.value))
        let diagnostics = await PlanningSupport.plan("SELECT dealname FROM deals WHERE dealstage = 'closedwonn'").diagnostics
        #expect(diagnostics.first?.message == "'closedwonn' is not an option of dealstage")
        #expect(diagnostics.first?.help?.hasPrefix("did you mean 'closedwon'") == true)
    }

    @Test func stringInValuesAreLowerCased() async {
        #expect(await predicate("SELECT email FROM contacts WHERE email IN ('Ana@X.com', 'b@y.com')")
            == .inList(property: "email", type: .string, values: ["ana@x.com", "b@y.com"], negated: false))
    }

    @Test func datesCoerceToEpochMilliseconds() async {
        // datetime: a TIMESTAMP is an instant.
        #expect(await predicate("SELECT email FROM contacts WHERE createdate >= TIMESTAMP '2024-01-17T19:55:04.281Z'")
            == .compare(property: "createdate", type: .datetime, .greaterEqual, value: "1705521304281"))
        // datetime: a DATE is that day in the session's time zone; = means within it.
        #expect(await predicate("SELECT email FROM contacts WHERE createdate = DATE '2024-01-17'")
            == .between(property: "createdate", type: .datetime, low: "1705449600000", high: "1705535999999", negated: false))
        // date: midnight UTC.
        #expect(await predicate("SELECT email FROM contacts WHERE onboarding_date = 2024-01-17")
            == .compare(property: "onboarding_date", type: .date, .equal, value: "1705449600000"))
        // date: a relative period becomes the calendar days it covers, at midnight UTC.
        #expect(await predicate("SELECT email FROM contacts WHERE onboarding_date = TODAY")
            == .between(property: "onboarding_date", type: .date, low: "1795910400000", high: "1795996799999", negated: false))
    }

    @Test func relativeDatesResolveOnceInTheSessionTimeZone() async throws {
        // LAST 90 DAYS from 2026-11-29T12:00Z: from 2026-08-31T12:00Z.
        #expect(await predicate("SELECT email FROM contacts WHERE createdate >= LAST 90 DAYS")
            == .compare(property: "createdate", type: .datetime, .greaterEqual, value: "1788177600000"))
        // TODAY in UTC is 2026-11-29; in Paris (UTC+1) it starts at 23:00Z the day before.
        #expect(await predicate("SELECT email FROM contacts WHERE createdate = TODAY")
            == .between(property: "createdate", type: .datetime, low: "1795910400000", high: "1795996799999", negated: false))
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(await PlanningSupport.plan("SELECT email FROM contacts WHERE createdate = TODAY", timeZone: paris).query?.predicate
            == .between(property: "createdate", type: .datetime, low: "1795906800000", high: "1795993199999", negated: false))
        // THIS_QUARTER: 2026-10-01 to 2026-12-31.
        #expect(await predicate("SELECT email FROM contacts WHERE createdate < THIS_QUARTER")
            == .compare(property: "createdate", type: .datetime, .less, value: "1790812800000"))
        // NOW() - INTERVAL '7 days'
        #expect(await predicate("SELECT email FROM contacts WHERE createdate > NOW() - INTERVAL '7 days'")
            == .compare(property: "createdate", type: .datetime, .greater, value: String(PlanningSupport.now - 7 * 86_400_000)))
    }

    @Test func ownersResolveByEmail() async throws {
        let schema = try #require(await PlanningSupport.schema())
        let owner = try #require(schema.owners.first)
        #expect(await predicate("SELECT email FROM contacts WHERE hubspot_owner_id = OWNER('\(owner.email.uppercased())')")
            == .compare(property: "hubspot_owner_id", type: schema.object(named: "contacts")?.property("hubspot_owner_id")?.type ?? .string,
                        .equal, value: owner.id))
    }

    @Test func parametersBindAsValuesNeverAsText() async {
        let outcome = await PlanningSupport.plan("SELECT email FROM contacts WHERE email = ? LIMIT :n",
                                           parameters: [.positional(1): .string("x' OR '1'='1"), .named("n"): .number("5")])
        #expect(outcome.query?.predicate == .compare(property: "email", type: .string, .equal, value: "x' OR '1'='1"))
        #expect(outcome.query?.limit == 5)
        #expect(await errors("SELECT email FROM contacts WHERE email = ?") == ["1:42 no value for parameter ?1"])
    }

    @Test func groupedColumnsMustBeKeysOrAggregates() async {
        #expect(await errors("SELECT email, COUNT(*) FROM contacts GROUP BY country")
            == ["1:8 'email' must be in GROUP BY or inside an aggregate"])
        #expect(await errors("SELECT email, COUNT(*) FROM contacts") == ["1:8 'email' must be in GROUP BY or inside an aggregate"])
        #expect(await errors("SELECT country, COUNT(*) FROM contacts GROUP BY country").isEmpty)
    }

    @Test func aggregatesAndHavingAreChecked() async {
        #expect(await errors("SELECT SUM(email) FROM contacts") == ["1:8 SUM needs a number property; email is string"])
        #expect(await errors("SELECT SUM(*) FROM deals") == ["1:12 '*' is only allowed in COUNT(*)"])
        #expect(await errors("SELECT dealstage, COUNT(*) FROM deals GROUP BY dealstage HAVING amount > 5")
            == ["1:65 HAVING can only test GROUP BY keys and aggregates; amount is neither | move the condition to WHERE"])
        #expect(await errors("SELECT email FROM contacts HAVING COUNT(*) > 1")
            == ["1:35 HAVING needs GROUP BY or an aggregate | use WHERE to filter records"])
        #expect(await errors("SELECT dealstage, COUNT(*) FROM deals GROUP BY dealstage ORDER BY amount")
            == ["1:67 ORDER BY of a grouped query must name a selected column | select amount (or an alias of it) to sort by it"])
        #expect(await errors("SELECT dealstage, COUNT(*) AS n, AVG(amount) FROM deals GROUP BY dealstage HAVING MAX(amount) >= 10 ORDER BY n DESC").isEmpty)
    }

    @Test func idAndHsObjectIdNameTheSameProperty() async {
        #expect(await predicate("SELECT email FROM contacts WHERE id = 5")
            == (await predicate("SELECT email FROM contacts WHERE hs_object_id = 5")))
    }
}

/// Instants survive the trip through `Date` to the millisecond.
@Suite struct TimeResolverTests {
    @Test func millisecondsRoundTripThroughDate() {
        for ms: Int64 in [1_795_953_600_123, 1_705_521_304_281, 1, 999, 1_788_177_600_001] {
            #expect(Date(milliseconds: ms).milliseconds == ms)
        }
    }

    @Test func intervalsKeepTheMilliseconds() {
        let time = TimeResolver(timeZone: TimeZone(identifier: "UTC") ?? .current, now: 1_795_953_600_123)
        #expect(time.shift(time.now, by: Interval(count: 7, unit: .day), forward: false) == 1_795_953_600_123 - 7 * 86_400_000)
        #expect(time.shift(time.now, by: Interval(count: 1, unit: .month), forward: true) == 1_795_953_600_123 + 30 * 86_400_000)  // November has 30 days
    }
}
