import HQLSandbox
import Testing
@testable import HQL

/// A scan of a small table is read by search alone (200 a call, where the list reads 100), and
/// the associations of its records are read 1,000 ids a v4 call after the first page: the
/// request counts a hand-written `get_all` plus one batch read would need, or fewer.
@Suite struct SmallScanTests {
    static let portal = PortalGenerator(options: PortalGenerator.Options(
        seed: 11, contacts: 3_000, companies: 60, deals: 5, tickets: 5, products: 2, lineItems: 5, quotes: 2,
        customRecords: 2, burst: 0)).generate()

    @Test func aSmallTableIsSearchedAloneAndItsAssociationsReadAThousandAtATime() async throws {
        let rig = SandboxRig(portal: Self.portal)
        try await rig.warm()
        let truth = AssociationTruth(portal: Self.portal)
        let companies = try await truth.records("companies", ["name"])
        let links = try await truth.allAssociations("contacts", "companies")
        let contacts = try await truth.records("contacts", ["email"])
        #expect(contacts.count == 3_000)

        await rig.resetCount()
        let rows = try await rig.rows("SELECT hs_object_id, email, companies.name FROM contacts")
        #expect(rows.count == contacts.count)
        #expect(Set(rows.compactMap { $0.text("hs_object_id") }) == Set(contacts.keys))
        for row in rows {
            let id = try #require(row.text("hs_object_id"))
            let expected = AssociationTruth.chosen(links[id] ?? []).flatMap { companies[$0]?.properties["name"] ?? nil }
            #expect(row.text("companies.name") == expected, "contact \(id)")
        }
        let kinds = await rig.sandbox.currentStats().byKind.mapValues { $0.values.reduce(0, +) }
        // ⌈3,000 / 200⌉ searches and no list page (the list would have taken 30).
        #expect(kinds["search"] == 15)
        #expect(kinds["objects.list"] == nil)
        // The first page's 200 alone (rows soon), then 2,800 in ⌈2,800 / 1,000⌉ calls.
        #expect(kinds["associations.batch.read"] == 4)
        // 60 companies: each read once, at most 100 a call, over the four expansions.
        let batchReads = kinds["objects.batch.read"] ?? 0
        #expect(batchReads >= 1 && batchReads <= 4, "\(batchReads) batch reads")
        #expect(await rig.requests() == 15 + 4 + batchReads)
    }
}
