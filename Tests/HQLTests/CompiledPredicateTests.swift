import HubSpotAPI
import Testing
@testable import HQL

/// The compiled WHERE re-check (IN lists and OR-ed equalities as hash sets) answers exactly as
/// the interpreter does, three-valued logic included, and a 16,000-term OR runs through the whole
/// path with the right rows.
@Suite struct CompiledPredicateTests {
    /// Wire values chosen to hit the comparison rules' corners: numbers written two ways, signed
    /// zeros, NaN and junk; dates as epoch ms, days and instants; multi-select options and empty
    /// parts; strings that differ only in case.
    static let pools: [PropertyType: [String]] = [
        .number: ["1", "1.0", "2", "-0", "0", "1e3", "1000", "nan", "abc", "-2.5"],
        .datetime: ["1706695200000", "1706659200000", "2024-01-31", "2024-01-31T10:00:00Z", "2024-01-31T10:00:00.000Z", "bad", "0"],
        .date: ["1706659200000", "2024-01-31", "2024-02-01", "1706745600000", "x"],
        .enumeration: ["a", "b", "c", "a;b", "c;;a", "B", ";"],
        .bool: ["true", "false", "TRUE"],
        .string: ["Ana", "ana", "ÉCOLE", "école", "Bob", "bob smith", "x"],
    ]
    /// The properties, one per type, plus one property compared under two types.
    static let properties: [(String, PropertyType)] = [
        ("amount", .number), ("closedate", .datetime), ("birthday", .date), ("stage", .enumeration),
        ("optout", .bool), ("name", .string), ("mixed", .string), ("mixed", .number),
    ]

    static func value(_ type: PropertyType, _ generator: inout SeededGenerator) -> String {
        pools[type]?.randomElement(using: &generator) ?? "x"
    }

    static func atom(_ generator: inout SeededGenerator) -> BoundPredicate {
        let (property, type) = properties.randomElement(using: &generator) ?? ("name", .string)
        switch Int.random(in: 0..<12, using: &generator) {
        case 0...3:
            return .compare(property: property, type: type, .equal, value: value(type, &generator))
        case 4:
            let operators: [ComparisonOperator] = [.notEqual, .less, .lessEqual, .greater, .greaterEqual]
            return .compare(property: property, type: type, operators.randomElement(using: &generator) ?? .less,
                            value: value(type, &generator))
        case 5...7:
            let values = (0..<Int.random(in: 0...6, using: &generator)).map { _ in value(type, &generator) }
            return .inList(property: property, type: type, values: values, negated: Bool.random(using: &generator))
        case 8:
            return .between(property: property, type: type, low: value(type, &generator), high: value(type, &generator),
                            negated: Bool.random(using: &generator))
        case 9:
            return .isNull(property: property, negated: Bool.random(using: &generator))
        case 10:
            return .like(property: property, pattern: ["a%", "%b%", "_na", "%"].randomElement(using: &generator) ?? "%",
                         negated: Bool.random(using: &generator))
        default:
            return Bool.random(using: &generator)
                ? .constant(Bool.random(using: &generator))
                : .containsToken(property: property, token: "ana", negated: Bool.random(using: &generator))
        }
    }

    static func predicate(depth: Int, _ generator: inout SeededGenerator) -> BoundPredicate {
        guard depth < 4, Int.random(in: 0..<3, using: &generator) > 0 else { return atom(&generator) }
        let parts = (0..<Int.random(in: 1...8, using: &generator)).map { _ in predicate(depth: depth + 1, &generator) }
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return .and(parts)
        case 1: return .not(.or(parts))
        default: return .or(parts)  // ORs most often: that is where terms merge
        }
    }

    static func record(_ generator: inout SeededGenerator) -> [String: String] {
        var record: [String: String] = [:]
        for (property, type) in properties where Int.random(in: 0..<5, using: &generator) > 0 {
            // Missing, empty or a value (the mixed property gets either type's values).
            record[property] = Int.random(in: 0..<8, using: &generator) == 0 ? "" : value(type, &generator)
        }
        return record
    }

    @Test func compiledEvaluationEqualsTheInterpreterOnRandomPredicatesAndRecords() {
        var generator = SeededGenerator(seed: 20_261_130)
        let records = (0..<200).map { _ in Self.record(&generator) }
        var outcomes: [Bool?: Int] = [:]
        for round in 0..<400 {
            let predicate = Self.predicate(depth: 0, &generator)
            let compiled = CompiledPredicate(predicate)
            for record in records {
                let expected = PredicateEvaluator().evaluate(predicate, record)
                let actual = compiled.evaluate(record)
                outcomes[expected, default: 0] += 1
                if actual != expected {
                    Issue.record("round \(round): \(predicate)\nrecord \(record): compiled \(String(describing: actual)), interpreted \(String(describing: expected))")
                    return
                }
            }
        }
        // True, false and unknown all occur, or the comparison proves little.
        #expect(outcomes.count == 3 && outcomes.values.allSatisfy { $0 > 1_000 }, "\(outcomes)")
    }

    @Test func eachEqualityRuleHoldsInASet() {
        // The corners one at a time, so a failure names its rule.
        let cases: [(BoundPredicate, [String: String], Bool?)] = [
            (.or([.compare(property: "n", type: .number, .equal, value: "1"), .compare(property: "n", type: .number, .equal, value: "2")]),
             ["n": "1.0"], true),
            (.or([.compare(property: "n", type: .number, .equal, value: "0"), .compare(property: "n", type: .number, .equal, value: "5")]),
             ["n": "-0"], true),
            (.inList(property: "n", type: .number, values: ["7"], negated: false), ["n": "nan"], true),
            (.inList(property: "n", type: .number, values: ["nan"], negated: false), ["n": "3"], true),
            (.inList(property: "n", type: .number, values: ["x"], negated: true), ["n": "3"], true),
            (.inList(property: "e", type: .enumeration, values: ["b", "z"], negated: false), ["e": "a;b"], true),
            (.inList(property: "e", type: .enumeration, values: ["B"], negated: false), ["e": "b"], false),
            (.inList(property: "s", type: .string, values: ["école"], negated: false), ["s": "ÉCOLE"], true),
            (.inList(property: "d", type: .datetime, values: ["1706695200000"], negated: false), ["d": "2024-01-31T10:00:00Z"], true),
            (.or([.compare(property: "s", type: .string, .equal, value: "a"), .compare(property: "s", type: .string, .equal, value: "b")]),
             [:], nil),
            (.or([.compare(property: "s", type: .string, .equal, value: "a"), .compare(property: "s", type: .string, .equal, value: "b"),
                  .constant(true)]), [:], true),
            (.inList(property: "s", type: .string, values: ["a"], negated: true), ["s": ""], nil),
        ]
        for (predicate, record, expected) in cases {
            #expect(PredicateEvaluator().evaluate(predicate, record) == expected, "interpreter: \(predicate) on \(record)")
            #expect(CompiledPredicate(predicate).evaluate(record) == expected, "compiled: \(predicate) on \(record)")
        }
    }

    @Test func sixteenThousandOredEqualitiesReturnExactlyTheMatchingRows() async throws {
        let rig = SandboxRig(portal: TestPortals.small)
        try await rig.warm()
        // Every contact's email, read without any condition.
        let everyone = try await rig.rows("SELECT hs_object_id, email FROM contacts")
        let emails = everyone.compactMap { row -> (id: String, email: String)? in
            guard let id = row["hs_object_id"]?.text, let email = row["email"]?.text else { return nil }
            return (id, email)
        }
        #expect(emails.count > 200)
        // Every third contact's email, some in upper case (HubSpot compares strings without
        // case), then addresses nobody has up to 16,000 terms.
        var wanted = emails.enumerated().filter { $0.offset % 3 == 0 }.map { entry in
            entry.offset % 2 == 0 ? entry.element.email.uppercased() : entry.element.email
        }
        wanted += (wanted.count..<16_000).map { "nobody\($0)@nowhere.example" }
        let condition = wanted.map { "email = '\($0)'" }.joined(separator: " OR ")
        let rows = try await rig.rows("SELECT hs_object_id FROM contacts WHERE " + condition)
        let folded = Set(wanted.map { $0.lowercased() })
        let expected = Set(emails.filter { folded.contains($0.email.lowercased()) }.map(\.id))
        #expect(expected.count >= emails.count / 3)
        #expect(rows.count == expected.count)
        #expect(Set(rows.compactMap { $0["hs_object_id"]?.text }) == expected)
    }
}
