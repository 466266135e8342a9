import Foundation

/// A hand-written reader for the one response a client reads hundreds of thousands of times: a
/// page of records (search and list). Foundation's `JSONDecoder` spends ~20 µs a record in generic
/// keyed containers; the page's shape is fixed, so a direct scan of the bytes builds the same
/// `ObjectPage` several times faster. Anything it does not expect (v3 `associations` on a record,
/// malformed JSON) makes it return nil, and the caller decodes with `JSONDecoder` instead, which
/// also words the error.
extension ObjectPage {
    /// The page in `data`, or nil when the fast path does not apply.
    public static func scan(_ data: Data) -> ObjectPage? {
        data.withUnsafeBytes { buffer -> ObjectPage? in
            var scanner = PageScanner(bytes: buffer)
            return try? scanner.page()
        }
    }
}

/// Not a page this scanner reads; the caller falls back to `JSONDecoder`.
private struct Unexpected: Error {}

/// The keys the scanner reads, seen so far in one object: one read twice (`"id":"1","id":"9"`) is
/// declined, since the scanner and `JSONDecoder` could keep different ones. Skipped keys do not
/// matter. A bit a key: no allocation per record.
private struct KnownKeys {
    private var seen: UInt32 = 0
    mutating func note(_ key: Key) throws {
        guard key != .other else { return }
        let bit: UInt32 = 1 << UInt32(key.rawValue)
        if seen & bit != 0 { throw Unexpected() }
        seen |= bit
    }
}

/// The keys the scanner acts on, recognised from their bytes (no string made or compared);
/// any other key is `.other`, and skipped.
private enum Key: Int {
    case total, results, paging, next, after, link, id, properties, createdAt, updatedAt, archived, archivedAt, new, associations
    case other

    /// The key's bytes on the wire (a static string: no array retained per key read).
    private var spelling: StaticString {
        switch self {
        case .total: "total"
        case .results: "results"
        case .paging: "paging"
        case .next: "next"
        case .after: "after"
        case .link: "link"
        case .id: "id"
        case .properties: "properties"
        case .createdAt: "createdAt"
        case .updatedAt: "updatedAt"
        case .archived: "archived"
        case .archivedAt: "archivedAt"
        case .new: "new"
        case .associations: "associations"
        case .other: ""
        }
    }

    /// The key spelled by `raw` (plain ASCII, no escapes).
    init(_ raw: UnsafeRawBufferPointer) {
        // The length and the first byte leave one candidate (this runs for every key of a page).
        let guess: Key
        switch raw.count {
        case 2: guess = .id
        case 3: guess = .new
        case 4: guess = raw.first == UInt8(ascii: "n") ? .next : .link
        case 5: guess = raw.first == UInt8(ascii: "t") ? .total : .after
        case 6: guess = .paging
        case 7: guess = .results
        case 8: guess = .archived
        case 9: guess = raw.first == UInt8(ascii: "c") ? .createdAt : .updatedAt
        case 10: guess = raw.first == UInt8(ascii: "p") ? .properties : .archivedAt
        case 12: guess = .associations
        default: guess = .other
        }
        guard guess != .other, let base = raw.baseAddress else {
            self = .other
            return
        }
        let spelling = guess.spelling
        self = spelling.utf8CodeUnitCount == raw.count && memcmp(spelling.utf8Start, base, raw.count) == 0 ? guess : .other
    }

    /// The key spelled by `text` (a key that needed decoding).
    init(_ text: String) {
        var text = text
        self = text.withUTF8 { Key(UnsafeRawBufferPointer($0)) }
    }
}

private struct PageScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0
    /// Property names of the previous record, in order, with their slots: records of a page
    /// repeat them, so a name is compared, not allocated or hashed again.
    var recent: [(start: Int, count: Int, slot: Int32)] = []
    /// What becomes the page's ``PageValues``.
    var names: [String] = []
    var slots: [String: Int32] = [:]
    var entries: [PageValues.Entry] = []
    var decoded: [String] = []

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A record as scanned, before the page's values exist.
    struct Scanned {
        var id = ""
        var first: Int32 = 0
        var count: Int32 = 0
        var createdAt: Int32 = -1
        var updatedAt: Int32 = -1
        var archived = false
        var archivedAt: String?
        var new: Bool?
    }

    mutating func page() throws -> ObjectPage {
        var page = ObjectPage(results: [])
        var records: [Scanned] = []
        var sawResults = false
        var keys = KnownKeys()
        try object { scanner, key in
            try keys.note(key)
            switch key {
            case .total: page.total = try scanner.null() ? nil : try scanner.integer()
            case .results:
                sawResults = true
                try scanner.array { scanner in records.append(try scanner.record()) }
            case .paging:
                if try scanner.null() { return }
                // `"paging": {}` is paging without a next page, as JSONDecoder reads it.
                page.paging = Paging(next: nil)
                var pagingKeys = KnownKeys()
                try scanner.object { scanner, key in
                    try pagingKeys.note(key)
                    guard key == .next else { return try scanner.skip() }
                    if try scanner.null() { return }
                    var after: String?
                    var link: String?
                    var nextKeys = KnownKeys()
                    try scanner.object { scanner, key in
                        try nextKeys.note(key)
                        switch key {
                        case .after: after = try scanner.text()
                        case .link: link = try scanner.optionalText()
                        default: try scanner.skip()
                        }
                    }
                    guard let after else { throw Unexpected() }
                    page.paging = Paging(next: NextPage(after: after, link: link))
                }
            default: try scanner.skip()
            }
        }
        skipWhitespace()
        guard index == bytes.count, sawResults else { throw Unexpected() }
        let values = PageValues(bytes: Array(bytes), names: names, slots: slots, entries: entries, decoded: decoded)
        page.results = records.map { record in
            CRMObject(id: record.id, page: PageRecord(values: values, first: record.first, count: record.count,
                                                      createdAt: record.createdAt, updatedAt: record.updatedAt),
                      archived: record.archived, archivedAt: record.archivedAt, new: record.new)
        }
        return page
    }

    mutating func record() throws -> Scanned {
        var record = Scanned()
        var sawID = false
        var sawProperties = false
        var keys = KnownKeys()
        try object { scanner, key in
            try keys.note(key)
            switch key {
            case .id:
                record.id = try scanner.identifier()
                sawID = true
            case .properties:
                record.first = Int32(scanner.entries.count)
                try scanner.properties()
                record.count = Int32(scanner.entries.count) - record.first
                sawProperties = true
            case .createdAt: record.createdAt = try scanner.instant()
            case .updatedAt: record.updatedAt = try scanner.instant()
            case .archived: record.archived = try scanner.boolean()
            case .archivedAt: record.archivedAt = try scanner.optionalText()
            case .new: record.new = try scanner.null() ? nil : try scanner.boolean()
            // v3 associations on a record are rare here; JSONDecoder reads those pages.
            case .associations: throw Unexpected()
            default: try scanner.skip()
            }
        }
        // What JSONDecoder requires, the scanner requires: otherwise the two would read differently.
        guard sawID, sawProperties else { throw Unexpected() }
        return record
    }

    /// A record's properties, appended to `entries`.
    mutating func properties() throws {
        let first = entries.count
        var seen: UInt64 = 0
        var position = 0
        try elements(UInt8(ascii: "{"), UInt8(ascii: "}")) { scanner in
            let slot = try scanner.propertyName(at: position)
            position += 1
            // A name twice: which one JSONDecoder keeps is its business; decline.
            if slot < 64 {
                if seen & (1 << UInt64(slot)) != 0 { throw Unexpected() }
                seen |= 1 << UInt64(slot)
            } else if scanner.entries[first...].contains(where: { $0.name == slot }) {
                throw Unexpected()
            }
            try scanner.colon()
            var entry = try scanner.null() ? PageValues.Entry(name: 0, start: 0, count: 0, kind: .null) : try scanner.textEntry()
            entry.name = slot
            scanner.entries.append(entry)
        }
    }

    /// A record's `createdAt` or `updatedAt` (text or `null`), as an entry.
    mutating func instant() throws -> Int32 {
        let entry = try null() ? PageValues.Entry(name: -1, start: 0, count: 0, kind: .null) : try textEntry()
        entries.append(entry)
        return Int32(entries.count - 1)
    }

    /// A string value as an entry (its `name` left for the caller): plain ASCII stays bytes of
    /// the page; escaped or non-ASCII text is decoded (and validated) now.
    mutating func textEntry() throws -> PageValues.Entry {
        skipWhitespace()
        guard bytes.count < Int(Int32.max) else { throw Unexpected() }
        if let plain = plainString(), plain.ascii {
            index = plain.range.upperBound + 1
            return PageValues.Entry(name: -1, start: Int32(plain.range.lowerBound), count: Int32(plain.range.count), kind: .ascii)
        }
        decoded.append(try string())
        return PageValues.Entry(name: -1, start: Int32(decoded.count - 1), count: 0, kind: .decoded)
    }

    /// An object's key. Escaped or non-ASCII keys take the full path, which also validates them.
    mutating func key() throws -> Key {
        guard let plain = plainString(), plain.ascii else { return Key(try string()) }
        index = plain.range.upperBound + 1
        return Key(UnsafeRawBufferPointer(rebasing: bytes[plain.range]))
    }

    /// The string at `index` when it is plain — closed, with no escape and no control character
    /// (which JSON forbids raw) — as its bytes' range and whether they are ASCII; nil otherwise,
    /// and the caller takes the full path (`string()`, which also words what is wrong).
    func plainString() -> (range: Range<Int>, ascii: Bool)? {
        guard peek() == UInt8(ascii: "\""), let base = bytes.baseAddress else { return nil }
        let start = index + 1
        var end = start
        var high: UInt64 = 0
        // Eight bytes a step (a byte a step was a quarter of the scan): the first byte that ends
        // a plain string is found in the word, and only the bytes before it count for ASCII.
        while end + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: end, as: UInt64.self))
            let stops = Self.stopBytes(word)
            if stops != 0 {
                let before = stops.trailingZeroBitCount / 8
                if before > 0 { high |= word & (~0 as UInt64) >> (64 - 8 * before) }
                end += before
                break
            }
            high |= word
            end += 8
        }
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
            high |= UInt64(bytes[end])
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        return (start..<end, high & 0x8080_8080_8080_8080 == 0)
    }

    /// The high bit of each byte of `word` that is a quote, a backslash or a control character,
    /// exact for the lowest such byte (the classic SWAR tests can mark bytes above a true one,
    /// never below, so the lowest mark is the first stop).
    @inline(__always)
    static func stopBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
    }

    /// A property name's slot: the previous record's name at this position when the bytes match.
    mutating func propertyName(at position: Int) throws -> Int32 {
        guard let plain = plainString() else { return slot(of: try string()) }
        let start = plain.range.lowerBound
        let raw = UnsafeRawBufferPointer(rebasing: bytes[plain.range])
        index = plain.range.upperBound + 1
        // The previous record's name is compared where it lies in the page: at this position
        // first, then at the others (HubSpot does not keep one order of properties per page).
        if let base = bytes.baseAddress {
            let count = recent.count
            for offset in 0..<count {
                let place = (position + offset) % count
                let cached = recent[place]
                if cached.count == raw.count, memcmp(base + cached.start, base + start, raw.count) == 0 {
                    // Kept where the next record will probably have it.
                    if offset > 0, position < count { recent.swapAt(position, place) }
                    return cached.slot
                }
            }
        }
        let slot = slot(of: try Self.text(raw, ascii: plain.ascii))
        if position < recent.count {
            recent[position] = (start, raw.count, slot)
        } else if position == recent.count {
            recent.append((start, raw.count, slot))
        }
        return slot
    }

    /// The slot of a property name on this page, given one if new.
    mutating func slot(of name: String) -> Int32 {
        if let slot = slots[name] { return slot }
        let slot = Int32(names.count)
        names.append(name)
        slots[name] = slot
        return slot
    }

    // MARK: JSON values

    /// Calls `body` with each key of an object, the scanner placed at its value.
    mutating func object(_ body: (inout PageScanner, Key) throws -> Void) throws {
        try elements(UInt8(ascii: "{"), UInt8(ascii: "}")) { scanner in
            let key = try scanner.key()
            try scanner.colon()
            try body(&scanner, key)
        }
    }

    mutating func array(_ body: (inout PageScanner) throws -> Void) throws {
        try elements(UInt8(ascii: "["), UInt8(ascii: "]"), body)
    }

    /// The comma-separated elements between `open` and `close`, each read by `element` (placed
    /// at its first byte): the one loop behind objects, arrays and a record's properties.
    mutating func elements(_ open: UInt8, _ close: UInt8, _ element: (inout PageScanner) throws -> Void) throws {
        skipWhitespace()
        try expect(open)
        skipWhitespace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard let next = next() else { throw Unexpected() }
            if next == close { return }
            guard next == UInt8(ascii: ",") else { throw Unexpected() }
        }
    }

    /// The `:` after a key; the scanner is left at the value.
    mutating func colon() throws {
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
    }

    /// Consumes `null` if it is next.
    mutating func null() throws -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func boolean() throws -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    mutating func integer() throws -> Int {
        skipWhitespace()
        guard let value = Int(try numberText()) else { throw Unexpected() }
        return value
    }

    /// A string (property values, cursors and instants are strings on the wire).
    mutating func text() throws -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw Unexpected() }
        return try string()
    }

    /// A record id: a string, or an integer read as `WireString` reads it (`-0` is "0"); other
    /// numbers are left to JSONDecoder.
    mutating func identifier() throws -> String {
        skipWhitespace()
        if peek() == UInt8(ascii: "\"") { return try string() }
        guard let value = Int64(try numberText()) else { throw Unexpected() }
        return String(value)
    }

    mutating func optionalText() throws -> String? {
        try null() ? nil : try text()
    }

    /// A number's text, checked against JSON's grammar: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func numberText() throws -> String {
        let start = index
        let isDigit: (UInt8?) -> Bool = { $0.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
        func digits(_ scanner: inout PageScanner) throws {
            guard isDigit(scanner.peek()) else { throw Unexpected() }
            while isDigit(scanner.peek()) { scanner.index += 1 }
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") { index += 1 } else { try digits(&self) }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try digits(&self)
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try digits(&self)
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// The string in `raw`, which holds no escape. Invalid UTF-8 is declined, not repaired:
    /// JSONDecoder refuses it too. ASCII (`ascii`: no byte with the high bit, as most values)
    /// needs no validation, and the generic validating initializer costs a metadata lookup per
    /// call: a tenth of a 100,000-row export's CPU.
    static func text(_ raw: UnsafeRawBufferPointer, ascii: Bool) throws -> String {
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else { throw Unexpected() }
        return text
    }

    mutating func string() throws -> String {
        if let plain = plainString() {
            index = plain.range.upperBound + 1
            return try Self.text(UnsafeRawBufferPointer(rebasing: bytes[plain.range]), ascii: plain.ascii)
        }
        // Not plain: an escape before the closing quote takes the slow path; anything else
        // (a control character, no closing quote) is declined.
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] >= 0x20, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return try escapedString(from: start) }
            index += 1
        }
        throw Unexpected()
    }

    /// The slow path of a string with escapes, from its first byte.
    mutating func escapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Unexpected() }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = next() else { throw Unexpected() }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A surrogate pair: the low half must follow.
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else { throw Unexpected() }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Unexpected() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Unexpected() }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default: throw Unexpected()
                }
            default:
                guard byte >= 0x20 else { throw Unexpected() }
                utf8.append(byte)
            }
        }
        throw Unexpected()
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw Unexpected() }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Unexpected()
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Skips any value.
    mutating func skip() throws {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"): try object { scanner, _ in try scanner.skip() }
        case UInt8(ascii: "["): try array { scanner in try scanner.skip() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try numberText()
        }
    }

    // MARK: Bytes

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard next() == byte else { throw Unexpected() }
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unexpected() }
        let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: count)
        guard UnsafeRawBufferPointer(rebasing: bytes[index..<index + count]).elementsEqual(expected) else { throw Unexpected() }
        index += count
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
