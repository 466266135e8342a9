import Foundation
import HQLSandbox
import Testing
@testable import HQL

/// Every function end to end, and random expressions, against the dump evaluated in plain Swift.
@Suite struct ExpressionFunctionTests {
    typealias Record = DumpTruth.Record

    struct Case: Sendable, CustomTestStringConvertible {
        var object: String
        var expression: String
        var expected: @Sendable (Record) -> String?
        var testDescription: String { expression }

        init(_ expression: String, on object: String = "contacts", _ expected: @escaping @Sendable (Record) -> String?) {
            self.object = object
            self.expression = expression
            self.expected = expected
        }
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        calendar.firstWeekday = 2
        return calendar
    }()

    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func day(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func number(_ value: Double) -> String { Value.format(value) }

    static let cases: [Case] = [
        Case("LOWER(firstname)") { $0["firstname"]?.lowercased() },
        Case("UPPER(lastname)") { $0["lastname"]?.uppercased() },
        Case("LENGTH(email)") { $0["email"].map { String($0.count) } },
        Case("TRIM('  ' || firstname || '  ')") { $0["firstname"] },
        Case("LTRIM('  ' || firstname)") { $0["firstname"] },
        Case("RTRIM(firstname || '  ')") { $0["firstname"] },
        Case("SUBSTRING(email FROM 2 FOR 3)") { $0["email"].map { String(Array($0)[1..<min($0.count, 4)]) } },
        Case("SUBSTR(email, 3)") { $0["email"].map { String($0.dropFirst(2)) } },
        Case("LEFT(email, 4)") { $0["email"].map { String($0.prefix(4)) } },
        Case("RIGHT(email, 3)") { $0["email"].map { String($0.suffix(3)) } },
        Case("REPLACE(email, '@', ' at ')") { $0["email"]?.replacingOccurrences(of: "@", with: " at ") },
        Case("SPLIT_PART(email, '@', 2)") { $0["email"].map { $0.components(separatedBy: "@").dropFirst().first ?? "" } },
        Case("POSITION('@' IN email)") { record in
            record["email"].map { email in String((email.firstIndex(of: "@").map { email.distance(from: email.startIndex, to: $0) + 1 }) ?? 0) }
        },
        Case("CONCAT(firstname, ' ', lastname)") { ($0["firstname"] ?? "") + " " + ($0["lastname"] ?? "") },
        Case("firstname || ' ' || lastname") { record in
            guard let first = record["firstname"], let last = record["lastname"] else { return nil }
            return first + " " + last
        },
        Case("STARTS_WITH(email, 'A')") { $0["email"].map { $0.lowercased().hasPrefix("a") ? "true" : "false" } },
        Case("REGEXP_MATCHES(email, '[0-9]')") { $0["email"].map { $0.contains(where: \.isNumber) ? "true" : "false" } },
        Case("ROUND(amount / 3, 2)", on: "deals") { record in
            record["amount"].flatMap { Decimal(string: $0) }.map { (amount: Decimal) -> String in
                var quotient = amount / Decimal(3)
                var rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 2, .plain)
                return number(Double(rounded.description) ?? .nan)
            }
        },
        Case("FLOOR(amount / 7)", on: "deals") { $0["amount"].flatMap(Double.init).map { number(($0 / 7).rounded(.down)) } },
        Case("CEIL(amount / 7)", on: "deals") { $0["amount"].flatMap(Double.init).map { number(($0 / 7).rounded(.up)) } },
        Case("ABS(0 - amount)", on: "deals") { $0["amount"].flatMap(Double.init).map { number(abs($0)) } },
        Case("amount % 7", on: "deals") { $0["amount"].flatMap(Double.init).map { number($0.truncatingRemainder(dividingBy: 7)) } },
        Case("LEAST(amount, 1000)", on: "deals") { number(min($0["amount"].flatMap(Double.init) ?? 1_000, 1_000)) },
        Case("DATE_TRUNC('year', createdate)") { $0["createdate"].map { String($0.prefix(4)) + "-01-01" } },
        Case("DATE_TRUNC('quarter', createdate)") { record in
            record["createdate"].map { text in
                let month = Int(text.dropFirst(5).prefix(2)) ?? 1
                return String(text.prefix(4)) + String(format: "-%02d-01", (month - 1) / 3 * 3 + 1)
            }
        },
        Case("DATE_TRUNC('week', createdate)") { record in
            date(record["createdate"]).flatMap { utc.dateInterval(of: .weekOfYear, for: $0) }.map { day($0.start) }
        },
        Case("DATE_TRUNC('day', createdate)") { $0["createdate"].map { String($0.prefix(10)) } },
        Case("DATE(createdate)") { $0["createdate"].map { String($0.prefix(10)) } },
        Case("CAST(createdate AS DATE)") { $0["createdate"].map { String($0.prefix(10)) } },
        Case("DATE_PART('month', createdate)") { date($0["createdate"]).map { String(utc.component(.month, from: $0)) } },
        Case("EXTRACT(DOW FROM createdate)") { date($0["createdate"]).map { String(utc.component(.weekday, from: $0) - 1) } },
        Case("EXTRACT(DOY FROM createdate)") { date($0["createdate"]).flatMap { utc.ordinality(of: .day, in: .year, for: $0) }.map(String.init) },
        Case("EXTRACT(WEEK FROM createdate)") { record in
            var iso = Calendar(identifier: .iso8601)
            iso.timeZone = utc.timeZone
            return date(record["createdate"]).map { String(iso.component(.weekOfYear, from: $0)) }
        },
        Case("EXTRACT(HOUR FROM createdate)") { date($0["createdate"]).map { String(utc.component(.hour, from: $0)) } },
        Case("DATE_DIFF('day', createdate, closedate)", on: "deals") { record in
            guard let start = date(record["createdate"]), let end = date(record["closedate"]) else { return nil }
            return utc.dateComponents([.day], from: utc.startOfDay(for: start), to: utc.startOfDay(for: end)).day.map(String.init)
        },
        Case("DATE_DIFF('month', createdate, closedate)", on: "deals") { record in
            guard let start = date(record["createdate"]), let end = date(record["closedate"]) else { return nil }
            let a = utc.dateComponents([.year, .month], from: start)
            let b = utc.dateComponents([.year, .month], from: end)
            return String(((b.year ?? 0) * 12 + (b.month ?? 0)) - ((a.year ?? 0) * 12 + (a.month ?? 0)))
        },
        Case("closedate + INTERVAL '1 month'", on: "deals") { record in
            date(record["closedate"]).flatMap { utc.date(byAdding: .month, value: 1, to: $0) }.map {
                let formatter = ISO8601DateFormatter()
                formatter.timeZone = utc.timeZone
                formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                return formatter.string(from: $0)
            }
        },
        Case("COALESCE(hs_lead_status, lifecyclestage, 'x')") { $0["hs_lead_status"] ?? $0["lifecyclestage"] ?? "x" },
        Case("NULLIF(lifecyclestage, 'lead')") { $0["lifecyclestage"] == "lead" ? nil : $0["lifecyclestage"] },
        Case("GREATEST(createdate, lastmodifieddate)") { record in
            [record["createdate"], record["lastmodifieddate"]].compactMap { $0 }.max()
        },
        Case("CAST(num_associated_deals AS INTEGER) + 1") { $0["num_associated_deals"].flatMap(Double.init).map { number($0.rounded() + 1) } },
        Case("num_associated_deals::text || 'x'") { $0["num_associated_deals"].map { $0 + "x" } },
        Case("CASE lifecyclestage WHEN 'lead' THEN 1 WHEN 'customer' THEN 2 ELSE 0 END") { record in
            record["lifecyclestage"] == "lead" ? "1" : record["lifecyclestage"] == "customer" ? "2" : "0"
        },
    ]

    @Test(arguments: cases) func everyFunctionMatchesTheDump(_ test: Case) async throws {
        let truth = try ExpressionTests.truth.get()
        let rig = SandboxRig(portal: TestPortals.small)
        let rows = try await rig.rows("SELECT hs_object_id, \(test.expression) AS v FROM \(test.object)")
        let records = truth[test.object]
        #expect(rows.count == records.count)
        let got = Dictionary(rows.map { ($0[0].text ?? "", $0[1].text) }, uniquingKeysWith: { first, _ in first })
        var mismatches: [String] = []
        for record in records {
            let expected = test.expected(record)
            let actual = got[record.id] ?? nil
            if expected != actual { mismatches.append("\(record.id): expected \(expected ?? "NULL"), got \(actual ?? "NULL")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        // Something other than NULL came back, so the case tests the function.
        #expect(records.contains { test.expected($0) != nil })
    }
}
