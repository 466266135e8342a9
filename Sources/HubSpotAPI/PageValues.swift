import Foundation

/// The property values of one page's records as the scanner found them: byte ranges of the page,
/// made into strings only when asked for.
///
/// Why: an export reads each value it shows once, and never reads most of the rest (HubSpot adds
/// `createdate`, `lastmodifieddate`, `hs_object_id` and the record's two instants to every
/// record). A dictionary of strings built per record, and torn down again, was the largest part
/// of an export's CPU after the network itself.
final class PageValues: Sendable {
    /// One value of one record.
    struct Entry: Sendable {
        /// Index into `names` (unused for a record's instants).
        var name: Int32
        /// Byte offset of the text in `bytes` (`.ascii`), or index into `decoded` (`.decoded`).
        var start: Int32
        /// Byte count of the text (`.ascii`).
        var count: Int32
        var kind: Kind
    }

    enum Kind: UInt8, Sendable {
        case null
        /// ASCII without escapes: the bytes are the text.
        case ascii
        /// Escaped or non-ASCII text, decoded (and validated) by the scanner.
        case decoded
    }

    /// The page, copied once: reading an array costs less than reading `Data` (no exclusivity
    /// check per value).
    let bytes: [UInt8]
    /// The property names seen on the page, each once.
    let names: [String]
    let slots: [String: Int32]
    let entries: [Entry]
    let decoded: [String]

    init(bytes: [UInt8], names: [String], slots: [String: Int32], entries: [Entry], decoded: [String]) {
        self.bytes = bytes
        self.names = names
        self.slots = slots
        self.entries = entries
        self.decoded = decoded
    }

    /// The text of entry `index` (nil for JSON `null`).
    func text(_ index: Int) -> String? {
        let entry = entries[index]
        switch entry.kind {
        case .null: return nil
        case .decoded: return decoded[Int(entry.start)]
        case .ascii: return withASCII(entry) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// `body` over the UTF-8 of entry `index` (nil for JSON `null`), with no string made when
    /// the page holds it as bytes.
    func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        let entry = entries[index]
        switch entry.kind {
        case .null: return body(nil)
        case .decoded:
            var text = decoded[Int(entry.start)]
            return text.withUTF8 { body($0) }
        case .ascii: return withASCII(entry) { body($0) }
        }
    }

    private func withASCII<Result>(_ entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.start + entry.count)]))
        }
    }
}

/// One record's share of a ``PageValues``: its properties are the entries `first..<first+count`.
struct PageRecord: Sendable {
    let values: PageValues
    let first: Int32
    let count: Int32
    /// Entry of `createdAt` / `updatedAt`, or -1 when the record has none.
    let createdAt: Int32
    let updatedAt: Int32

    /// `.some(nil)` for a property that is `null`, nil for one the record does not have.
    func value(of name: String) -> String?? {
        guard let slot = values.slots[name], let index = entry(of: slot) else { return .none }
        return .some(values.text(index))
    }

    /// The entry holding the property of name slot `slot`, if the record has it.
    func entry(of slot: Int32) -> Int? {
        // Records of a page mostly list their properties in the same order, so the slot is
        // usually the position.
        let guess = Int(first) + Int(slot)
        if slot < count, values.entries[guess].name == slot { return guess }
        for index in Int(first)..<Int(first + count) where values.entries[index].name == slot {
            return index
        }
        return nil
    }

    var properties: [String: String?] {
        var properties: [String: String?] = Dictionary(minimumCapacity: Int(count))
        for index in Int(first)..<Int(first + count) {
            properties[values.names[Int(values.entries[index].name)]] = .some(values.text(index))
        }
        return properties
    }

    var createdAtText: String { createdAt < 0 ? "" : values.text(Int(createdAt)) ?? "" }
    var updatedAtText: String { updatedAt < 0 ? "" : values.text(Int(updatedAt)) ?? "" }

    /// `createdAt` read from the page's bytes when it is an instant in HubSpot's form; nil
    /// otherwise (the caller then parses the text).
    var createdAtMilliseconds: Int64? {
        createdAt < 0 ? nil : values.withUTF8(Int(createdAt)) { $0.flatMap(EpochTime.parse(utf8:)) }
    }
}

/// Reads the same few properties from many records, as an export's columns do: each name's slot
/// is looked up once per page rather than hashed again for every cell, and a value can be read
/// as the page's bytes, with no string made (a datetime cell is parsed straight from them).
package struct PropertyReader: Sendable {
    package let names: [String]
    /// The page the slots are for (held, so its identity cannot be reused by another page).
    private var page: PageValues?
    private var slots: [Int32] = []

    package init(names: [String]) {
        self.names = names
    }

    /// The text of property `index` of `record` (nil when it has none or it is `null`).
    package mutating func value(_ index: Int, of record: CRMObject) -> String? {
        guard let page = record.page else { return record.value(of: names[index]) }
        guard let entry = entry(index, page) else { return nil }
        return page.values.text(entry)
    }

    /// `body` over the UTF-8 of property `index` of `record` (nil when it has none or it is `null`).
    package mutating func withUTF8<Result>(_ index: Int, of record: CRMObject,
                                          _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let page = record.page else {
            guard var text = record.value(of: names[index]) else { return body(nil) }
            return text.withUTF8 { body($0) }
        }
        guard let entry = entry(index, page) else { return body(nil) }
        return page.values.withUTF8(entry, body)
    }

    private mutating func entry(_ index: Int, _ record: PageRecord) -> Int? {
        if page !== record.values {
            page = record.values
            slots = names.map { record.values.slots[$0] ?? -1 }
        }
        let slot = slots[index]
        return slot < 0 ? nil : record.entry(of: slot)
    }
}
