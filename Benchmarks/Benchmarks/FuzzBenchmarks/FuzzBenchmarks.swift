import Benchmark
import Foundation
import HubSpotAPI

/// A fuzz run, not a timing: 10⁶ inputs derived from HubSpot-shaped pages and header values by
/// seeded mutations (bit flips, inserted and deleted bytes, truncation, splices, JSON tokens),
/// each fed to what reads a server's bytes before anything else does — `ObjectPage.scan` and
/// the header number parsers. A crash fails the run; so does a page the scanner reads
/// differently from `JSONDecoder` (the scanner must read the same page or decline). The seed
/// is fixed (`HQL_FUZZ_SEED` changes it), so a failure reproduces.
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Fuzz page scanner and header parsers, 10⁶ inputs",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(600), maxIterations: 1)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var fuzzer = Fuzzer(seed: UInt64(ProcessInfo.processInfo.environment["HQL_FUZZ_SEED"] ?? "") ?? 0x5EED)
            let read = fuzzer.run(inputs: 1_000_000)
            // A mutator whose every output is declined would compare nothing: some must be read.
            precondition(read > 10_000, "only \(read) of 10⁶ inputs were read as pages")
            blackHole(read)
        }
    }
}

struct Fuzzer {
    /// SplitMix64: small, fast and the same on every platform.
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    static let corpus: [[UInt8]] = [
        #"{"total":2,"results":[{"id":"1","properties":{"email":"a@x.com","phone":null},"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","archived":false},{"id":"2","properties":{"email":"b@x.com","phone":"+33 1"},"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","archived":false}],"paging":{"next":{"after":"2"}}}"#,
        " {\n \"results\" : [ { \"id\" : 42 , \"properties\" : { } , \"archived\" : true, \"archivedAt\": \"2026-03-01T00:00:00.000Z\", \"extra\": [1, {\"a\": null}, true] } ] } ",
        #"{"results":[{"id":"7","properties":{"name":"Ana \"A\" O\\Brien\n\t\u00e9\ud83d\ude00 — 日本","n":"1.5e3"},"createdAt":"","updatedAt":""}],"paging":{"next":{"after":"abc","link":"https://x/y?after=abc"}}}"#,
        #"{"results":[{"id":"1","properties":{"a":"1","b":"2"}},{"id":"2","properties":{"b":"3","a":"4"}},{"id":"3","properties":{"a":"5","c":"6","d":null}}],"paging":null}"#,
        #"{"total":-1,"results":[]}"#,
        #"{"total":9223372036854775807,"results":[{"id":"18446744073709551616","properties":{}}]}"#,
    ].map { Array($0.utf8) }

    static let tokens: [[UInt8]] = ["\"", "\\", "\\u", "\\ud83d", "{", "}", "[", "]", ",", ":", "null", "true", "1e999",
                                    "-0", "\"id\"", "\"properties\"", "\"paging\"", "\u{0}", "\u{FF}", "9223372036854775808"]
        .map { Array($0.utf8) }

    static let headers = ["9223372036854775807", "99999999999999999999", "-1", "1.5", "", " 10 ", "3600", "0", "1e3",
                          "Wed, 21 Oct 2015 07:28:00 GMT", "٣", "１２", "+5"]

    /// Runs `inputs` cases; returns how many pages the scanner read (the rest it declined).
    mutating func run(inputs: Int) -> Int {
        var read = 0
        let decoder = JSONDecoder()
        for index in 0..<inputs {
            if index % 8 == 7 {
                fuzzHeader()
                continue
            }
            let bytes = mutated(Self.corpus[below(Self.corpus.count)])
            let data = Data(bytes)
            guard let page = ObjectPage.scan(data) else { continue }
            read += 1
            // Read means read right: JSONDecoder agrees, or the scanner should have declined.
            guard let decoded = try? decoder.decode(ObjectPage.self, from: data), decoded == page else {
                fatalError("scanner and JSONDecoder disagree on: \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        return read
    }

    private mutating func fuzzHeader() {
        var text = Array(Self.headers[below(Self.headers.count)].utf8)
        for _ in 0..<below(4) {
            let position = below(text.count + 1)
            if next() % 2 == 0, !text.isEmpty, position < text.count {
                text[position] = UInt8(truncatingIfNeeded: next())
            } else {
                text.insert(UInt8(48 + below(10)), at: position)
            }
        }
        let string = String(decoding: text, as: UTF8.self)
        let value = HeaderNumber.nonNegative(string)
        let milliseconds = HeaderNumber.retryAfterMilliseconds(string)
        // A plain number of up to 18 digits reads as itself; anything read is never negative.
        let trimmed = string.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        if trimmed.utf8.count <= 18, !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), value != Int64(trimmed) {
            fatalError("header '\(string)' read as \(String(describing: value))")
        }
        if (value ?? 0) < 0 || (milliseconds ?? 0) < 0 { fatalError("header '\(string)' read as negative") }
    }

    private mutating func mutated(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...below(6) {
            switch below(6) {
            case 0 where !bytes.isEmpty:
                bytes[below(bytes.count)] ^= UInt8(1 << below(8))
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                bytes.remove(at: below(bytes.count))
            case 3:
                bytes = Array(bytes.prefix(below(bytes.count + 1)))
            case 4:
                let other = Self.corpus[below(Self.corpus.count)]
                let cut = below(bytes.count + 1)
                bytes = Array(bytes.prefix(cut)) + other.suffix(from: below(other.count + 1))
            default:
                bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: below(bytes.count + 1))
            }
        }
        return bytes
    }
}
