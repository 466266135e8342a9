import Foundation
import HubSpotAPI
import Testing
@testable import HQL

/// EXPLAIN as JSON, one golden file per construct under `Tests/HQLTests/Golden/`: the plan tree
/// and every planned HubSpot call with its exact body (sorted keys). Relative dates resolve
/// against a fixed instant. `HQL_UPDATE_GOLDEN=1 swift test --filter PlanGoldenTests` rewrites
/// the files; review the diff before committing it.
@Suite struct PlanGoldenTests {
    static let cases: [(name: String, statement: String)] = [
        ("equality", "SELECT email FROM contacts WHERE lifecyclestage = 'lead'"),
        ("readme-example", """
            SELECT email, firstname FROM contacts
            WHERE (lifecyclestage IN ('lead', 'opportunity') OR hs_lead_status = 'NEW') AND createdate >= LAST 90 DAYS
            ORDER BY createdate DESC LIMIT 500
            """),
        ("not-equal-excludes-missing", "SELECT email FROM contacts WHERE country != 'France'"),
        ("between", "SELECT dealname FROM deals WHERE amount BETWEEN 1000 AND 5000"),
        ("not-between", "SELECT dealname FROM deals WHERE amount NOT BETWEEN 1000 AND 5000"),
        ("is-null", "SELECT email FROM contacts WHERE phone IS NULL AND jobtitle IS NOT NULL"),
        ("like-prefix-residual", "SELECT email FROM contacts WHERE firstname LIKE 'Ann%'"),
        ("like-infix-residual", "SELECT email FROM contacts WHERE email LIKE '%son@%' AND lifecyclestage = 'lead'"),
        ("contains-token", "SELECT email FROM contacts WHERE email CONTAINS '*@example.com'"),
        ("not-contains-token", "SELECT email FROM contacts WHERE jobtitle NOT CONTAINS 'intern'"),
        ("in-over-100-values", "SELECT email FROM contacts WHERE hs_object_id IN (\((1...150).map(String.init).joined(separator: ", "))) AND lifecyclestage = 'lead'"),
        ("not-in", "SELECT email FROM contacts WHERE lifecyclestage NOT IN ('customer', 'evangelist')"),
        ("or-past-group-limit", "SELECT email FROM contacts WHERE " + (1...7).map { "hs_object_id = \($0 * 1000)" }.joined(separator: " OR ")
            + " OR country = 'France'"),
        ("dnf-expansion", "SELECT email FROM contacts WHERE (country = 'France' OR country = 'Spain') AND (lifecyclestage = 'lead' OR hs_lead_status = 'NEW')"),
        ("negation-normal-form", "SELECT email FROM contacts WHERE NOT (lifecyclestage = 'lead' OR num_associated_deals > 2)"),
        ("count-from-total", "SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'customer'"),
        ("batch-read-by-id", "SELECT email, firstname FROM contacts WHERE id IN (101, 102, 103)"),
        ("list-scan", "SELECT email, createdate FROM contacts"),
        ("full-text-search", "SELECT email FROM contacts WHERE SEARCH 'ana' AND lifecyclestage = 'lead'"),
        ("limit-sizes-page", "SELECT email FROM contacts WHERE lifecyclestage = 'lead' ORDER BY createdate LIMIT 25 OFFSET 5"),
        ("second-sort-key-on-client", "SELECT email FROM contacts WHERE lifecyclestage = 'lead' ORDER BY lastname, firstname LIMIT 10"),
        ("enumeration-label", "SELECT dealname FROM deals WHERE dealstage = 'Closed Won'"),
        ("never-true", "SELECT email FROM contacts WHERE FALSE"),
        ("group-by-count-per-option", "SELECT lifecyclestage, COUNT(*) FROM contacts GROUP BY lifecyclestage"),
        ("group-by-count-per-option-filtered", "SELECT LABEL(dealstage) AS stage, COUNT(*) AS deals FROM deals WHERE pipeline = 'default' AND amount > 1000 GROUP BY dealstage"),
        ("group-by-client-aggregate", "SELECT country, COUNT(*) FROM contacts WHERE lifecyclestage = 'lead' GROUP BY country"),
        ("group-by-count-only-client-aggregate", "SELECT COUNT(*) FROM contacts GROUP BY country"),
        ("distinct", "SELECT DISTINCT lifecyclestage FROM contacts WHERE createdate >= LAST_YEAR"),
        ("too-many-searches-narrowed", "SELECT email FROM contacts WHERE (country = 'France' OR country = 'Spain') AND (lifecyclestage = 'lead' OR hs_lead_status = 'NEW') AND (jobtitle CONTAINS 'manager' OR jobtitle CONTAINS 'director') AND (phone IS NULL OR hs_email_optout = TRUE) AND (city = 'Paris' OR city = 'Madrid') AND createdate >= LAST 30 DAYS"),
        // 64 OR-ed groups: one search keeps what fits (a new property first), the client re-checks.
        ("wide-and-narrowed", "SELECT email, firstname, lastname FROM contacts WHERE (lifecyclestage IN ('lead', 'opportunity', 'customer') OR hs_lead_status = 'NEW') AND createdate >= LAST 30 DAYS AND email LIKE '%@domain0.com' AND num_associated_deals BETWEEN 0 AND 10 AND (lifecyclestage IN ('lead', 'opportunity', 'customer') OR hs_lead_status = 'OPEN') AND createdate >= LAST 31 DAYS AND email LIKE '%@domain1.com' AND num_associated_deals BETWEEN 1 AND 11 AND (lifecyclestage IN ('lead', 'opportunity', 'customer') OR hs_lead_status = 'IN_PROGRESS') AND createdate >= LAST 32 DAYS AND num_associated_deals BETWEEN 2 AND 12 ORDER BY createdate DESC LIMIT 500"),
        // Bounds on one ordered property merge: the tighter lower and upper bound, or FALSE.
        ("range-tightening", "SELECT email FROM contacts WHERE createdate >= LAST 30 DAYS AND createdate >= LAST 7 DAYS AND num_associated_deals BETWEEN 1 AND 10 AND num_associated_deals > 3 AND num_associated_deals <= 8 AND email LIKE 'a%'"),
        ("range-disjoint", "SELECT email FROM contacts WHERE num_associated_deals > 5 AND lifecyclestage = 'lead' AND num_associated_deals < 2"),
        ("date-property", "SELECT email FROM contacts WHERE onboarding_date = THIS_MONTH"),
        ("association-path-select", "SELECT email, companies.name, LABEL(companies.industry) AS industry FROM contacts WHERE lifecyclestage = 'lead' LIMIT 50"),
        ("association-semi-join", "SELECT email FROM contacts WHERE companies.industry = 'COMPUTER_SOFTWARE' AND lifecyclestage = 'lead'"),
        ("association-semi-join-custom-object", "SELECT email FROM contacts WHERE vehicles.make = 'Tesla'"),
        ("join-on-associated", "SELECT d.dealname, co.name FROM deals AS d JOIN companies AS co ON ASSOCIATED WHERE co.industry = 'RETAIL' AND d.amount > 1000"),
        ("left-join-with-label", "SELECT c.email, co.name FROM contacts AS c LEFT JOIN companies AS co ON ASSOCIATED WITH LABEL 'Primary'"),
        // IN LIST beside another condition: both directions, chosen at run time; COUNT(*) of a list alone.
        ("in-list-choice", "SELECT email FROM contacts WHERE IN LIST 'Newsletter' AND lifecyclestage = 'lead'"),
        ("count-in-list", "SELECT COUNT(*) FROM contacts WHERE IN LIST 'Trade show leads 2025'"),
        ("in-subquery", "SELECT email FROM contacts WHERE country IN (SELECT country FROM companies WHERE industry = 'RETAIL') AND lifecyclestage = 'lead'"),
        // An ordered LIMIT past the ceiling on a number: the sort continues past each wall.
        ("ordered-limit-value-keyset", "SELECT dealname, amount FROM deals WHERE amount > 0 ORDER BY amount DESC LIMIT 20000"),
        // HISTORY(p): each page's records, then their past values in batch reads of 50.
        ("history", "SELECT email, HISTORY(lifecyclestage) AS stage FROM contacts WHERE lifecyclestage = 'customer' ORDER BY createdate DESC LIMIT 100"),
        // Expressions: what a computed condition implies is pushed (pass: pushdown).
        ("computed-lower-equality", "SELECT email FROM contacts WHERE LOWER(email) = 'ana@example.com'"),
        ("computed-arithmetic-range", "SELECT dealname, amount FROM deals WHERE amount * 2 > 100 AND amount - 10 <= 5000"),
        ("computed-date-exact", "SELECT dealname FROM deals WHERE DATE(closedate) = DATE '2024-03-01'"),
        ("computed-year-exact", "SELECT dealname FROM deals WHERE EXTRACT(YEAR FROM closedate) = 2024"),
        ("computed-coalesce", "SELECT email FROM contacts WHERE COALESCE(hs_lead_status, 'NONE') = 'NEW'"),
        ("computed-two-properties", "SELECT email FROM contacts WHERE firstname = lastname AND lifecyclestage = 'lead'"),
        ("computed-or-keeps-structure", "SELECT email FROM contacts WHERE lifecyclestage = 'lead' AND (LENGTH(email) > 30 OR country = 'France')"),
        ("computed-columns", "SELECT LOWER(email) AS mail, firstname || ' ' || lastname AS name, CASE WHEN num_associated_deals > 0 THEN 'active' ELSE 'idle' END AS status FROM contacts WHERE lifecyclestage = 'lead'"),
        // ORDER BY an expression monotonic in one property is HubSpot's sort.
        ("order-by-monotonic-expression", "SELECT dealname, amount * 0.2 AS commission FROM deals ORDER BY 2 DESC LIMIT 10"),
        ("order-by-computed-on-client", "SELECT email FROM contacts WHERE lifecyclestage = 'lead' ORDER BY LENGTH(email) DESC LIMIT 5"),
        // GROUP BY a date bucket: probes, then counting or the scan (pass: bucket counting).
        ("group-by-date-bucket", "SELECT DATE_TRUNC('month', closedate) AS month, COUNT(*) FROM deals WHERE pipeline = 'default' GROUP BY 1"),
        ("group-by-expression-client", "SELECT COALESCE(hs_lead_status, 'none') AS status, COUNT(*), SUM(num_associated_deals) FROM contacts GROUP BY status"),
        ("group-by-associated-property", "SELECT companies.industry, COUNT(*) FROM contacts GROUP BY companies.industry"),
        // A query's rows read by another on the client.
        ("with-query", "WITH won AS (SELECT dealname, amount FROM deals WHERE dealstage = 'closedwon') SELECT COUNT(*), SUM(amount) FROM won WHERE amount > 1000"),
    ]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: cases.map(\.name))
    func explainJSONMatchesGolden(_ name: String) async throws {
        let statement = try #require(Self.cases.first { $0.name == name }?.statement)
        let outcome = await PlanningSupport.plan(statement)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let plan = try #require(outcome.plan)
        let actual = String(decoding: plan.explainJSON(), as: UTF8.self) + "\n"
        let file = Self.directory.appendingPathComponent(name + ".json")
        if ProcessInfo.processInfo.environment["HQL_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "EXPLAIN of \(name) changed:\n\(actual)")
    }

    /// EXPLAIN's calls are the ones sent, byte for byte: each golden statement runs against the
    /// sandbox through a recording transport, and every call EXPLAIN lists (bar run-time ids,
    /// `$…`) is among the first requests sent, with the same method, path, query and body.
    /// Relative dates are skipped (EXPLAIN and the run resolve them a few ms apart).
    @Test(arguments: cases.map(\.name).filter { name in
        let text = cases.first { $0.name == name }?.statement.uppercased() ?? ""
        return !["LAST", "THIS_", "NOW("].contains { text.contains($0) }
    })
    func explainedCallsAreTheCallsSent(_ name: String) async throws {
        let statement = try #require(Self.cases.first { $0.name == name }?.statement)
        let recorder = RequestRecorder()
        let rig = SandboxRig(portal: TestPortals.small) { RecordingTransport(inner: $0, recorder: recorder) }
        try await rig.warm()
        let plan = try await rig.session.explain(statement, format: .json)
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [String: Any])["requests"] as? [[String: Any]] ?? []
        recorder.clear()
        _ = try await rig.rows(statement)
        let sent = recorder.requests
        var adaptive = false
        if let tree = try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [String: Any] {
            adaptive = "\(tree)".contains("adaptive")
        }
        for (index, call) in planned.enumerated() {
            let method = call["method"] as? String ?? ""
            let path = call["path"] as? String ?? ""
            if path.contains("$") || "\(call)".contains("$") { continue }
            // An adaptive plan's scan runs only when it is the cheaper branch; its probes always.
            if adaptive, index >= 2 { continue }
            let query = (call["query"] as? [[String: String]] ?? []).map { "\($0["name"] ?? "")=\($0["value"] ?? "")" }
            let body = call["body"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
            let match = sent.contains { request in
                guard request.method.rawValue == method, request.path == path,
                      request.query.map({ "\($0.name)=\($0.value)" }) == query else { return false }
                guard let body else { return request.body == nil || request.body?.isEmpty == true }
                guard let data = request.body, let object = try? JSONSerialization.jsonObject(with: data),
                      let normalized = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return false }
                return normalized == body
            }
            #expect(match, "\(name): EXPLAIN's \(method) \(path) \(body.map { String(decoding: $0, as: UTF8.self) } ?? "") was not sent; sent: \(sent.prefix(3).map { "\($0.method.rawValue) \($0.path) \(String(decoding: $0.body ?? Data(), as: UTF8.self))" })")
        }
    }
}

/// Requests a transport passed on, in order.
final class RequestRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [HubSpotRequest] = []
    var requests: [HubSpotRequest] { lock.withLock { list } }
    func record(_ request: HubSpotRequest) { lock.withLock { list.append(request) } }
    func clear() { lock.withLock { list.removeAll() } }
}

struct RecordingTransport: HubSpotTransport {
    let inner: any HubSpotTransport
    let recorder: RequestRecorder
    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        recorder.record(request)
        return try await inner.send(request)
    }
}
