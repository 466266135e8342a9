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
        case .ascii:
            return bytes.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.start + entry.count)]), as: UTF8.self)
            }
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
        guard let slot = values.slots[name] else { return .none }
        // Records of a page mostly list their properties in the same order, so the slot is
        // usually the position.
        let guess = Int(first) + Int(slot)
        if slot < count, values.entries[guess].name == slot { return .some(values.text(guess)) }
        for index in Int(first)..<Int(first + count) where values.entries[index].name == slot {
            return .some(values.text(index))
        }
        return .none
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
}
