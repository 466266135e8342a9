import Foundation
import HQLSandbox
import Testing
@testable import HQL

/// Random expressions over random properties (NULLs included), in the select list and in WHERE —
/// pushed down, partly pushed or computed — checked against an evaluation of the same expression
/// written here in plain Swift over the portal's dump.
@Suite struct ExpressionPropertyTests {
    typealias Record = DumpTruth.Record

    /// SplitMix64: the same statements every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// A generated expression: its HQL text and its meaning.
    struct Generated<T> {
        var text: String
        var eval: (Record) -> T?
    }

    static func decimal(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) } }

    static func number(_ g: inout Generator, _ depth: Int) -> Generated<Decimal> {
        if depth <= 0 || g.below(3) == 0 {
            switch g.below(4) {
            case 0, 1: return Generated(text: "amount") { decimal($0["amount"]) }
            case 2:
                let k = g.below(101) - 50
                return Generated(text: k < 0 ? "(\(k))" : "\(k)") { _ in Decimal(k) }
            default: return Generated(text: "hs_object_id % 100") { decimal($0.id).map { Decimal(Int((NSDecimalNumber(decimal: $0).int64Value) % 100)) } }
            }
        }
        switch g.below(7) {
        case 0:
            let (a, b) = (number(&g, depth - 1), number(&g, depth - 1))
            return Generated(text: "(\(a.text) + \(b.text))") { r in a.eval(r).flatMap { x in b.eval(r).map { x + $0 } } }
        case 1:
            let (a, b) = (number(&g, depth - 1), number(&g, depth - 1))
            return Generated(text: "(\(a.text) - \(b.text))") { r in a.eval(r).flatMap { x in b.eval(r).map { x - $0 } } }
        case 2:
            let a = number(&g, depth - 1)
            let k = g.pick(["0.2", "3", "-1.5"])
            return Generated(text: "\(a.text) * \(k)") { r in a.eval(r).map { $0 * (Decimal(string: k) ?? 0) } }
        case 3:
            let a = number(&g, depth - 1)
            return Generated(text: "ABS(\(a.text))") { r in a.eval(r).map { $0 < 0 ? -$0 : $0 } }
        case 4:
            let a = number(&g, depth - 1)
            let k = g.below(10)
            return Generated(text: "COALESCE(\(a.text), \(k))") { r in a.eval(r) ?? Decimal(k) }
        case 5:
            let (c, a, b) = (condition(&g, depth - 1), number(&g, depth - 1), number(&g, depth - 1))
            return Generated(text: "CASE WHEN \(c.text) THEN \(a.text) ELSE \(b.text) END") { r in c.eval(r) == true ? a.eval(r) : b.eval(r) }
        default:
            let a = number(&g, depth - 1)
            return Generated(text: "ROUND(\(a.text), 1)") { r in
                a.eval(r).map { value in
                    var input = value
                    var rounded = Decimal()
                    NSDecimalRound(&rounded, &input, 1, .plain)
                    return rounded
                }
            }
        }
    }

    static func text(_ g: inout Generator, _ depth: Int) -> Generated<String> {
        if depth <= 0 || g.below(3) == 0 {
            let property = g.pick(["dealname", "description", "hs_priority", "dealtype"])
            return Generated(text: property) { $0[property] }
        }
        switch g.below(5) {
        case 0:
            let a = text(&g, depth - 1)
            return Generated(text: "LOWER(\(a.text))") { a.eval($0)?.lowercased() }
        case 1:
            let a = text(&g, depth - 1)
            return Generated(text: "\(a.text) || 'x'") { a.eval($0).map { $0 + "x" } }
        case 2:
            let a = text(&g, depth - 1)
            return Generated(text: "COALESCE(\(a.text), 'none')") { a.eval($0) ?? "none" }
        case 3:
            let a = text(&g, depth - 1)
            return Generated(text: "SUBSTRING(\(a.text), 1, 3)") { a.eval($0).map { String($0.prefix(3)) } }
        default:
            let a = text(&g, depth - 1)
            return Generated(text: "UPPER(\(a.text))") { a.eval($0)?.uppercased() }
        }
    }

    static func condition(_ g: inout Generator, _ depth: Int) -> Generated<Bool> {
        func compare(_ x: Decimal?, _ y: Decimal?, _ op: String) -> Bool? {
            guard let x, let y else { return nil }
            switch op {
            case "=": return x == y
            case "!=": return x != y
            case "<": return x < y
            case "<=": return x <= y
            case ">": return x > y
            default: return x >= y
            }
        }
        let choice = depth <= 0 ? g.below(4) : g.below(7)
        switch choice {
        case 0:
            let (a, b) = (number(&g, depth - 1), number(&g, depth - 1))
            let op = g.pick(["=", "!=", "<", "<=", ">", ">="])
            return Generated(text: "\(a.text) \(op) \(b.text)") { r in compare(a.eval(r), b.eval(r), op) }
        case 1:
            let value = g.pick(["high", "low", "medium", "newbusiness"])
            let a = text(&g, depth - 1)
            return Generated(text: "LOWER(\(a.text)) = '\(value)'") { r in a.eval(r).map { $0.lowercased() == value } }
        case 2:
            let a = text(&g, depth - 1)
            return Generated(text: "\(a.text) IS NULL") { r in a.eval(r) == nil }
        case 3:
            let a = text(&g, depth - 1)
            let k = g.below(12)
            return Generated(text: "LENGTH(\(a.text)) > \(k)") { r in a.eval(r).map { $0.count > k } }
        case 4:
            let a = condition(&g, depth - 1)
            return Generated(text: "NOT (\(a.text))") { r in a.eval(r).map { !$0 } }
        case 5:
            let (a, b) = (condition(&g, depth - 1), condition(&g, depth - 1))
            return Generated(text: "(\(a.text) AND \(b.text))") { r in
                let (x, y) = (a.eval(r), b.eval(r))
                if x == false || y == false { return false }
                return x == nil || y == nil ? nil : true
            }
        default:
            let (a, b) = (condition(&g, depth - 1), condition(&g, depth - 1))
            return Generated(text: "(\(a.text) OR \(b.text))") { r in
                let (x, y) = (a.eval(r), b.eval(r))
                if x == true || y == true { return true }
                return x == nil || y == nil ? nil : false
            }
        }
    }

    @Test(arguments: 1...200) func randomExpressionsMatchAnIndependentEvaluation(seed: Int) async throws {
        let truth = try ExpressionTests.truth.get()
        var g = Generator(state: UInt64(seed) &* 7_919)
        let n = Self.number(&g, 3)
        let t = Self.text(&g, 2)
        let c = Self.condition(&g, 3)
        let statement = "SELECT hs_object_id, \(n.text) AS n, \(t.text) AS t FROM deals WHERE \(c.text)"
        let rig = SandboxRig(portal: TestPortals.small)
        let rows = try await rig.rows(statement)
        var expected: [String: (Decimal?, String?)] = [:]
        for record in truth["deals"] where c.eval(record) == true { expected[record.id] = (n.eval(record), t.eval(record)) }
        #expect(Set(rows.compactMap { $0[0].text }) == Set(expected.keys), "\(statement)")
        for row in rows {
            guard let id = row[0].text, let (number, text) = expected[id] else { continue }
            let got = row[1].text.flatMap(Double.init)
            let want = number.flatMap { Double($0.description) }
            if let got, let want {
                #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "\(statement): \(id) n \(got) ≠ \(want)")
            } else {
                #expect(got == nil && want == nil, "\(statement): \(id) n \(String(describing: got)) ≠ \(String(describing: want))")
            }
            #expect(row[2].text == text, "\(statement): \(id) t")
        }
    }
}
