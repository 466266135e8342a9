import Foundation
import HubSpotAPI
@testable import HQLSandbox
import Testing

/// The property indexes only choose which records a search evaluates: random searches answered
/// through them and by evaluating every record must agree (ids, order, totals, paging), before
/// and after writes (updates, creates, archives, a new index generation) and under index lag.
@Suite struct SearchIndexTests {
    static let portal = PortalGenerator(options: PortalGenerator.Options(
        seed: 5, contacts: 1_500, companies: 200, deals: 400, tickets: 100, products: 4, lineItems: 20, quotes: 2,
        customRecords: 2, burst: 0)).generate()

    @Test func indexedSearchesAgreeWithTheScan() async throws {
        let harness = Harness(portal: Self.portal)
        var random = SeededRandom(seed: 99)
        for type in ["contacts", "companies", "deals"] { try await compare(harness, type, 150, &random) }
        // Updates and archives of indexed records, creates after them: evaluated on the record.
        let before = await harness.sandbox.snapshot
        try await write(harness, updates: 120, creates: 60, archives: 30, &random)
        try await compare(harness, "contacts", 200, &random)
        // A snapshot taken before the writes, reading indexes built after them.
        try compare(before, "contacts", 200, &random)
        // Enough writes to start a new index generation.
        for _ in 0..<4 { try await write(harness, updates: 100, creates: 10, archives: 5, &random) }
        try await compare(harness, "contacts", 200, &random)
    }

    @Test func indexedSearchesAgreeWithTheScanUnderIndexLag() async throws {
        let clock = ManualClock()
        let harness = Harness(portal: Self.portal, settings: SandboxSettings(
            searchRequestsPerSecond: 1_000_000, requestsPerTenSeconds: 1_000_000, requestsPerDay: 100_000_000,
            indexLagMilliseconds: 1_000), clock: clock)
        var random = SeededRandom(seed: 7)
        try await compare(harness, "contacts", 100, &random)
        try await write(harness, updates: 100, creates: 40, archives: 20, &random)
        try await compare(harness, "contacts", 150, &random)  // the writes are not indexed yet
        clock.advance(milliseconds: 600)
        try await write(harness, updates: 100, creates: 0, archives: 0, &random)
        try await compare(harness, "contacts", 150, &random)
        clock.advance(milliseconds: 2_000)
        try await compare(harness, "contacts", 150, &random)
    }

    /// Runs `count` random searches both ways on the sandbox as it is now.
    private func compare(_ harness: Harness, _ type: String, _ count: Int, _ random: inout SeededRandom) async throws {
        try compare(await harness.sandbox.snapshot, type, count, &random)
    }

    /// Runs `count` random searches both ways on `snapshot`.
    private func compare(_ snapshot: PortalSnapshot, _ type: String, _ count: Int, _ random: inout SeededRandom) throws {
        let typeIndex = try #require(snapshot.portal.typeIndex(named: type))
        var fuzzer = SearchFuzzer(snapshot: snapshot, typeIndex: typeIndex)
        var indexedOnes = 0
        for _ in 0..<count {
            let request = fuzzer.request(&random)
            let indexed = Result { try snapshot.search(request, type: typeIndex) }
            let scanned = Result { try snapshot.search(request, type: typeIndex, indexes: false) }
            switch (indexed, scanned) {
            case (.success(let a), .success(let b)):
                #expect(a.total == b.total, "\(request)")
                // Compared as Booleans: a failure prints the request, not two pages of records.
                let sameRecords = a.results == b.results
                #expect(sameRecords, "\(request)")
                #expect(a.paging?.next?.after == b.paging?.next?.after, "\(request)")
                if (a.total ?? 0) > 0 { indexedOnes += 1 }
            case (.failure, .failure): break
            default: Issue.record("one path failed: \(request) \(indexed) \(scanned)")
            }
        }
        #expect(indexedOnes > count / 4)  // the searches found records, so the comparison says something
    }

    /// Batch updates, creates and archives of random contacts.
    private func write(_ harness: Harness, updates: Int, creates: Int, archives: Int, _ random: inout SeededRandom) async throws {
        let snapshot = await harness.sandbox.snapshot
        let typeIndex = try #require(snapshot.portal.typeIndex(named: "contacts"))
        let type = snapshot.portal.types[typeIndex]
        let live = snapshot.portal.stores[typeIndex].records.filter { !$0.archived }
        let writable = type.properties.filter {
            !$0.readOnly && !$0.unique && !$0.calculated && $0.type != .date && $0.name != type.createdProperty
        }
        func properties(_ random: inout SeededRandom) -> [String: String] {
            var values: [String: String] = [:]
            for _ in 0..<2 {
                let property = random.pick(writable)
                let source = random.pick(live)
                let position = snapshot.portal.stores[typeIndex].propertyIndex[property.name] ?? 0
                if random.chance(0.15) {
                    values[property.name] = ""
                } else if property.type == .datetime, !source.values.numbers[position].isNaN {
                    values[property.name] = String(Int64(source.values.numbers[position]) + Int64(random.below(3)) - 1)
                } else if let raw = source.values.raw[position] {
                    values[property.name] = raw
                } else if property.type == .enumeration, let option = property.options.first {
                    values[property.name] = option.value
                }
            }
            return values
        }
        var inputs: [ObjectUpdateInput] = []
        var used: Set<String> = []
        for _ in 0..<updates {
            let id = String(random.pick(live).id)
            guard used.insert(id).inserted else { continue }
            inputs.append(ObjectUpdateInput(id: id, properties: properties(&random)))
        }
        for chunk in stride(from: 0, to: inputs.count, by: 100) {
            let response = try await harness.call(.post, "/crm/v3/objects/contacts/batch/update",
                json: BatchInput(inputs: Array(inputs[chunk..<min(chunk + 100, inputs.count)])))
            #expect(response.status == 200)
        }
        if creates > 0 {
            let created = (0..<creates).map { _ in ObjectCreateInput(properties: properties(&random)) }
            #expect(try await harness.call(.post, "/crm/v3/objects/contacts/batch/create", json: BatchInput(inputs: created)).status == 201)
        }
        if archives > 0 {
            let ids = (0..<archives).map { _ in ObjectID(id: String(random.pick(live).id)) }
            #expect(try await harness.call(.post, "/crm/v3/objects/contacts/batch/archive", json: BatchInput(inputs: ids)).status == 204)
        }
    }
}

/// Random searches whose values come from the records, so that they match some.
private struct SearchFuzzer {
    let snapshot: PortalSnapshot
    let type: ObjectType
    let records: [StoredRecord]
    let companies: [StoredRecord]
    /// Properties some record has a value of: most of HubSpot's 200-odd defaults are empty in a
    /// generated portal, and filters on them alone would rarely find anything to compare.
    let populated: [PropertySpec]

    init(snapshot: PortalSnapshot, typeIndex: Int) {
        self.snapshot = snapshot
        type = snapshot.portal.types[typeIndex]
        records = snapshot.portal.stores[typeIndex].records
        let records = self.records
        populated = type.properties.enumerated().filter { position, _ in records.contains { $0.values.raw[position] != nil } }
            .map(\.element)
        companies = snapshot.portal.typeIndex(named: "companies").map { snapshot.portal.stores[$0].records } ?? []
    }

    mutating func request(_ random: inout SeededRandom) -> SearchRequest {
        let groups = (0..<(1 + random.below(3))).map { _ in
            FilterGroup(filters: (0..<(1 + random.below(3))).map { _ in filter(&random) })
        }
        var request = SearchRequest(filterGroups: groups, limit: random.chance(0.8) ? 200 : 7)
        if random.chance(0.1), let words = sample(type.primaryDisplayProperty, &random) {
            request.query = String(words.prefix(3))
        }
        if random.chance(0.3) {
            request.sorts = [Sort(propertyName: random.pick(type.properties).name,
                direction: random.chance(0.5) ? .ascending : .descending)]
        }
        if random.chance(0.2) { request.after = String(random.below(30)) }
        return request
    }

    /// A stored value of `property` (text as on the wire), from a random record.
    private func sample(_ property: String, _ random: inout SeededRandom) -> String? {
        guard let position = type.index[property], !records.isEmpty else { return nil }
        for _ in 0..<4 {
            if let raw = random.pick(records).values.raw[position] { return raw }
        }
        return nil
    }

    private func filter(_ random: inout SeededRandom) -> Filter {
        if type.name == "contacts", random.chance(0.05), !companies.isEmpty {
            return Filter(propertyName: "associations.company", operator: .eq, value: String(random.pick(companies).id))
        }
        let property = random.chance(0.9) && !populated.isEmpty ? random.pick(populated) : random.pick(type.properties)
        let position = type.index[property.name] ?? 0
        func value(_ random: inout SeededRandom) -> String {
            let record = random.pick(records)
            if property.type.isOrdered {
                let number = record.values.numbers[position]
                if number.isNaN { return String(random.below(1_000)) }
                let shifted = number + Double(random.below(3) - 1)
                if property.type == .number { return random.chance(0.5) ? (record.values.raw[position] ?? "0") : String(shifted) }
                return String(Int64(shifted))
            }
            var text = record.values.raw[position] ?? (property.options.isEmpty ? "zz" : random.pick(property.options).value)
            if property.isMultiSelect, random.chance(0.7) { text = String(text.split(separator: ";").first ?? "") }
            switch random.below(6) {
            case 0: return text.uppercased()
            case 1: return text.lowercased()
            case 2: return String(text.prefix(2))
            default: return text
            }
        }
        let operators: [FilterOperator] = [
            .eq, .eq, .eq, .in, .in, .gt, .gte, .lt, .lte, .between, .neq, .notIn, .hasProperty, .notHasProperty,
            .containsToken,
        ]
        let op = random.pick(operators)
        switch op {
        case .hasProperty, .notHasProperty: return Filter(propertyName: property.name, operator: op)
        case .in, .notIn:
            return Filter(propertyName: property.name, operator: op, values: (0..<(1 + random.below(4))).map { _ in value(&random) })
        case .between: return Filter(propertyName: property.name, operator: op, value: value(&random), highValue: value(&random))
        case .containsToken:
            let token = value(&random).split(whereSeparator: { $0 == " " || $0 == "@" }).first.map(String.init) ?? "x"
            return Filter(propertyName: property.name, operator: op, value: random.chance(0.3) ? "*" + token.suffix(3) : token)
        default: return Filter(propertyName: property.name, operator: op, value: value(&random))
        }
    }
}
