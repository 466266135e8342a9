import Foundation
import HQLSandbox
import HubSpotAPI
import Testing
@testable import HQL

/// `ORDER BY p [DESC] LIMIT n` past the ceiling on a number or date other than the creation date:
/// the sort continues past each wall (ties drained by id, records without a value last), so the
/// requests are about ⌈n / 200⌉ rather than every match's. Expected rows come from the portal's
/// dump in HubSpot's order (value, ties by id ascending, no value last — the sandbox's documented
/// choices).
@Suite(.serialized) struct ValueKeysetTests {
    struct Contact {
        var id: Int64
        var raw: String?
    }

    static func contacts(_ property: String) throws -> [Contact] {
        let dump = try JSONSerialization.jsonObject(with: try PortalDump(TestPortals.ceiling).jsonData()) as? [String: Any]
        let records = (dump?["records"] as? [String: Any])?["contacts"] as? [[String: Any]] ?? []
        return records.map { record in
            let id = (record["id"] as? NSNumber)?.int64Value ?? (record["id"] as? String).flatMap { Int64($0) } ?? 0
            let raw = (record["properties"] as? [String: Any])?[property] as? String
            return Contact(id: id, raw: raw?.isEmpty == true ? nil : raw)
        }
    }

    /// HubSpot's order of `contacts` by a numeric key: value, ties by id, no value last.
    static func ordered(_ contacts: [Contact], key: (String) -> Double?, descending: Bool) -> [Int64] {
        contacts.map { (id: $0.id, key: $0.raw.flatMap(key)) }.sorted { a, b in
            switch (a.key, b.key) {
            case (nil, nil): return a.id < b.id
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return x != y ? (descending ? x > y : x < y) : a.id < b.id
            }
        }.map(\.id)
    }

    private func ids(_ rows: [Row]) -> [Int64] { rows.compactMap { $0[0].text.flatMap { Int64($0) } } }

    /// A small integer: runs of ties far longer than the ceiling, drained by id keyset.
    @Test func aNumberWithLongRunsOfTiesDescending() async throws {
        let wanted = 12_000
        let contacts = try Self.contacts("num_associated_deals")
        let expected = Array(Self.ordered(contacts, key: { Double($0) }, descending: true).prefix(wanted))
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let statement = "SELECT hs_object_id FROM contacts WHERE hs_object_id > 0 ORDER BY num_associated_deals DESC LIMIT \(wanted)"
        let explained = try await rig.session.explain(statement)
        #expect(explained.contains("keyset on the sort property"), "\(explained)")
        let got = ids(try await rig.rows(statement))
        #expect(got.count == wanted)
        #expect(got == expected)
        let requests = await rig.requests()
        // 60 pages of 200, a counting probe and a few more pages per wall — not 125 for every match.
        #expect(requests <= Int(1.1 * Double((wanted + 199) / 200)) + 10, "\(requests) requests")
    }

    /// A date with records that have none: ascending, past the values into those without one.
    @Test func aDatetimeAscendingReachesTheRecordsWithoutAValue() async throws {
        let property = "hs_lifecyclestage_lead_date"
        let contacts = try Self.contacts(property)
        let valued = contacts.filter { $0.raw != nil }.count
        #expect(valued > 0 && valued < contacts.count, "\(valued) of \(contacts.count) contacts have a \(property)")
        let wanted = max(10_500, min(contacts.count - 100, valued + 300))
        let instant: (String) -> Double? = { raw in
            Int64(raw).map(Double.init) ?? ISO8601Milliseconds.parse(raw).map(Double.init)
        }
        let expected = Array(Self.ordered(contacts, key: instant, descending: false).prefix(wanted))
        let rig = SandboxRig(portal: TestPortals.ceiling)
        try await rig.warm()
        let got = ids(try await rig.rows("SELECT hs_object_id FROM contacts WHERE hs_object_id > 0 ORDER BY \(property) LIMIT \(wanted)"))
        #expect(got.count == wanted)
        #expect(got == expected)
        let requests = await rig.requests()
        #expect(requests <= Int(1.1 * Double((wanted + 199) / 200)) + 10, "\(requests) requests")
    }
}
