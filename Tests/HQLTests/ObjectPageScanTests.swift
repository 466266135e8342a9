import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// The hand-written page scanner reads what `JSONDecoder` reads, record for record, or declines
/// (nil) so the client falls back to `JSONDecoder`.
@Suite struct ObjectPageScanTests {
    private func decoded(_ text: String) throws -> ObjectPage {
        try JSONDecoder().decode(ObjectPage.self, from: Data(text.utf8))
    }

    @Test func readsPagesAsJSONDecoderDoes() throws {
        let pages = [
            #"{"total":2,"results":[{"id":"1","properties":{"email":"a@x.com","phone":null},"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","archived":false},{"id":"2","properties":{"email":"b@x.com","phone":"+33 1"},"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","archived":false}],"paging":{"next":{"after":"2"}}}"#,
            // Whitespace, unknown keys, ids as numbers, an empty properties object, no paging.
            " {\n \"results\" : [ { \"id\" : 42 , \"properties\" : { } , \"archived\" : true, \"archivedAt\": \"2026-03-01T00:00:00.000Z\", \"extra\": [1, {\"a\": null}, true] } ] } ",
            // Escapes: quote, backslash, control characters, BMP and astral \u escapes, raw UTF-8.
            #"{"results":[{"id":"7","properties":{"name":"Ana \"A\" O\\Brien\n\t\u00e9\ud83d\ude00 — 日本","n":"1.5e3"},"createdAt":"","updatedAt":""}],"paging":{"next":{"after":"abc","link":"https://x/y?after=abc"}}}"#,
            // Property names that change between records (the name cache must not leak).
            #"{"results":[{"id":"1","properties":{"a":"1","b":"2"}},{"id":"2","properties":{"b":"3","a":"4"}},{"id":"3","properties":{"a":"5","c":"6","d":null}}],"paging":null}"#,
            #"{"total":0,"results":[]}"#,
        ]
        for text in pages {
            let scanned = try #require(ObjectPage.scan(Data(text.utf8)), "declined: \(text)")
            #expect(scanned == (try decoded(text)), "\(text)")
        }
    }

    /// An export's columns read values through one `PropertyReader` for every page: it must read
    /// what `value(of:)` reads, as text and as bytes, page after page (each with its own names,
    /// orders, nulls, escapes and absences), and a changed record's new values.
    @Test func propertyReaderReadsWhatValueOfReads() throws {
        let pages = [
            #"{"results":[{"id":"1","properties":{"email":"a@x.com","phone":null,"a":"x"},"createdAt":"2026-01-02T03:04:05.678Z"},{"id":"2","properties":{"phone":"+33 1","email":"b@x.com"},"createdAt":"1767312245678"}]}"#,
            #"{"results":[{"id":"3","properties":{"name":"Ana \"A\" é","a":"1","b":"2"}},{"id":"4","properties":{"b":"3","a":"4","email":null}}]}"#,
            #"{"results":[{"id":"5","properties":{"c":"6","a":"5","email":"c@x.com"}}]}"#,
        ]
        let names = ["email", "phone", "a", "b", "name", "c", "missing"]
        var reader = PropertyReader(names: names)
        var records: [CRMObject] = []
        for text in pages { records += try #require(ObjectPage.scan(Data(text.utf8))).results }
        var changed = records[2]
        changed.properties["a"] = "changed"
        changed.properties["email"] = "é@x.com"
        for record in records + [changed, records[0]] {
            for (index, name) in names.enumerated() {
                let expected = record.value(of: name)
                #expect(reader.value(index, of: record) == expected, "\(record.id).\(name)")
                let bytes = reader.withUTF8(index, of: record) { $0.map(Array.init) }
                #expect(bytes == expected.map { Array($0.utf8) }, "\(record.id).\(name) as bytes")
            }
        }
        #expect(reader.value(2, of: changed) == "changed")
        // `createdAt` from the page's bytes: HubSpot's form only (the rest parse the text).
        #expect(records[0].pageCreatedAtMilliseconds == 1_767_323_045_678)
        #expect(records[0].pageCreatedAtMilliseconds == EpochTime.parse(records[0].createdAt))
        #expect(records[1].pageCreatedAtMilliseconds == nil && records[2].pageCreatedAtMilliseconds == nil)
        #expect(changed.pageCreatedAtMilliseconds == nil)
    }

    @Test func declinesWhatItDoesNotReadAndMalformedJSON() {
        let declined = [
            #"{"results":[{"id":"1","properties":{},"associations":{"companies":{"results":[{"id":"9","type":"contact_to_company"}]}}}]}"#,
            #"{"results":[{"id":"1","properties":{"a":"1"}}"#,  // truncated
            #"{"results":[{"id":"1","properties":{"a":"1"}}]} x"#,  // trailing bytes
            #"{"results":[{"properties":{"a":"1"}}]}"#,  // no id
            #"{"results":[{"id":"1","properties":{"a":true}}]}"#,  // a value that is not text
            #"{"results":[{"id":"1","properties":{"a":"\x"}}]}"#,  // a bad escape
            "{\"results\":[{\"id\":\"1\",\"properties\":{\"a\":\"tab\there\"}}]}",  // a raw control character
        ]
        for text in declined {
            #expect(ObjectPage.scan(Data(text.utf8)) == nil, "\(text)")
        }
        // Invalid UTF-8 in a value or a property name is declined, as JSONDecoder refuses it
        // (ASCII takes a path without validation; anything with a high bit is validated).
        for (prefix, suffix) in [(#"{"results":[{"id":"1","properties":{"a":"ab"#, #"cd"}}]}"#),
                                 (#"{"results":[{"id":"1","properties":{"a"#, #"b":"x"}}]}"#)] {
            for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80]] {
                let data = Data(Array(prefix.utf8) + bad + Array(suffix.utf8))
                #expect(ObjectPage.scan(data) == nil, "\(bad)")
                #expect((try? JSONDecoder().decode(ObjectPage.self, from: data)) == nil, "\(bad)")
            }
            let good = Data(Array(prefix.utf8) + Array("é€😀".utf8) + Array(suffix.utf8))
            let scanned = ObjectPage.scan(good)
            #expect(scanned != nil)
            #expect(scanned == (try? JSONDecoder().decode(ObjectPage.self, from: good)))
        }
    }

    @Test func readsEveryPageTheSandboxServesAsJSONDecoderDoes() async throws {
        // Random strings through JSONEncoder, and the sandbox's own search and list pages.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aé\"\\/\n\t\u{1}\u{1F600}日 z0") + ["\u{7F}", "\u{2028}"]
        for _ in 0..<200 {
            var records: [CRMObject] = []
            for id in 0..<Int.random(in: 0...5, using: &generator) {
                var properties: [String: String?] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    let name = String((0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
                    let value = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
                    properties[name] = Bool.random(using: &generator) ? value : nil
                }
                records.append(CRMObject(id: String(id), properties: properties, createdAt: "c", updatedAt: "u"))
            }
            let page = ObjectPage(total: records.count, results: records, paging: Bool.random(using: &generator) ? Paging(after: "10") : nil)
            let data = try JSONEncoder().encode(page)
            #expect(ObjectPage.scan(data) == (try JSONDecoder().decode(ObjectPage.self, from: data)))
        }

        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate())
        let transport = SandboxTransport(sandbox: sandbox)
        let search = SearchRequest(filterGroups: [], properties: ["email", "firstname", "lastname", "phone", "lifecyclestage"], limit: 200)
        let requests = [
            HubSpotRequest(method: .post, path: "/crm/v3/objects/contacts/search", body: try JSONEncoder().encode(search)),
            HubSpotRequest(method: .get, path: "/crm/v3/objects/companies", query: [.init("limit", "100"), .init("properties", "name,domain,industry")]),
        ]
        for var request in requests {
            request.headers["Authorization"] = "Bearer \(SandboxSettings.defaultToken)"
            let response = try await transport.send(request)
            #expect(response.status == 200)
            let scanned = try #require(ObjectPage.scan(response.body))
            #expect(scanned.results.count >= 30)
            #expect(scanned == (try JSONDecoder().decode(ObjectPage.self, from: response.body)))
        }
    }

    /// The search body the client writes by hand reads back as the request it was made from,
    /// whatever the strings hold, and the sandbox answers it.
    @Test func searchBodyIsWhatJSONEncoderWrites() async throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aé\"\\/\n\r\t\u{1}\u{1F}\u{7F}\u{1F600}日 z0") + ["\u{2028}"]
        func text() -> String {
            String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        }
        for _ in 0..<300 {
            let groups = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                FilterGroup(filters: (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                    Filter(propertyName: text(), operator: FilterOperator.allCases.randomElement(using: &generator) ?? .eq,
                           value: Bool.random(using: &generator) ? text() : nil, highValue: Bool.random(using: &generator) ? text() : nil,
                           values: Bool.random(using: &generator) ? (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() } : nil)
                })
            }
            let request = SearchRequest(
                filterGroups: groups, sorts: Bool.random(using: &generator) ? [Sort(propertyName: text(), direction: .descending)] : [],
                query: Bool.random(using: &generator) ? text() : nil, properties: Bool.random(using: &generator) ? [text(), text()] : nil,
                limit: Bool.random(using: &generator) ? Int.random(in: 0...200, using: &generator) : nil,
                after: Bool.random(using: &generator) ? String(Int.random(in: 0...9_999, using: &generator)) : nil)
            #expect(try JSONDecoder().decode(SearchRequest.self, from: request.json) == request)
            #expect(try JSONSerialization.jsonObject(with: request.json) as? NSDictionary
                    == (try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? NSDictionary))
        }
        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate())
        let search = SearchRequest(filterGroups: [FilterGroup(filters: [Filter(propertyName: "lifecyclestage", operator: .in, values: ["lead", "customer"])])],
                                   sorts: [Sort(propertyName: "createdate", direction: .descending)], properties: ["email"], limit: 7, after: "7")
        var request = HubSpotRequest(method: .post, path: "/crm/v3/objects/contacts/search", body: search.json)
        request.headers["Authorization"] = "Bearer \(SandboxSettings.defaultToken)"
        let response = try await SandboxTransport(sandbox: sandbox).send(request)
        #expect(response.status == 200)
        #expect(try JSONDecoder().decode(ObjectPage.self, from: response.body).results.count == 7)
    }

    /// Mutated pages (flipped bits, inserted JSON tokens, duplicated keys, truncation): the
    /// scanner never crashes and never reads a page differently from `JSONDecoder`. The
    /// benchmark package runs 10⁶ such inputs (`FuzzBenchmarks`); this is its quick cousin.
    @Test func mutatedPagesAreReadRightOrDeclined() throws {
        let seeds = [
            #"{"total":2,"results":[{"id":"1","properties":{"email":"a@x.com","phone":null},"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","archived":false},{"id":"2","properties":{"email":"b\"@x.com"},"createdAt":"c","updatedAt":"u"}],"paging":{"next":{"after":"2"}}}"#,
            #"{"results":[{"id":7,"properties":{"name":"\u00e9\ud83d\ude00 日本","n":"1.5e3"}}],"paging":null}"#,
        ].map { Array($0.utf8) }
        let tokens = ["\"", "\\", "\\u", "{", "}", "[", "]", ",", ":", "null", "1e999", "\"id\":\"9\",", "\"total\":-1,",
                      "\"email\":\"z\",", "\u{0}"].map { Array($0.utf8) }
        var random = SystemRandomNumberGenerator()
        var read = 0
        for _ in 0..<20_000 {
            var bytes = seeds.randomElement(using: &random) ?? []
            for _ in 0...Int.random(in: 0...3, using: &random) {
                let at = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where at < bytes.count: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                case 1: bytes = Array(bytes.prefix(at))
                case 2 where at < bytes.count: bytes.remove(at: at)
                default: bytes.insert(contentsOf: tokens.randomElement(using: &random) ?? [], at: at)
                }
            }
            let data = Data(bytes)
            guard let scanned = ObjectPage.scan(data) else { continue }
            read += 1
            #expect(scanned == (try? JSONDecoder().decode(ObjectPage.self, from: data)), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 100)
    }
}
