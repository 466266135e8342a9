/// The record ids a statement has delivered, for de-duplication on every access path. HubSpot's
/// ids are decimal numbers: kept as 8-byte integers (a `String` costs 16 bytes inline plus a
/// heap buffer past 15 characters), anything else as text.
struct IDSet: Sendable {
    private var numbers = Set<UInt64>()
    private var others = Set<String>()

    /// Adds `id`; false when it was already there.
    mutating func insert(_ id: String) -> Bool {
        if let number = Self.number(id) { return numbers.insert(number).inserted }
        return others.insert(id).inserted
    }

    func contains(_ id: String) -> Bool {
        if let number = Self.number(id) { return numbers.contains(number) }
        return others.contains(id)
    }

    var count: Int { numbers.count + others.count }

    /// Room for `count` numeric ids, when a total says how many will come: growing the set
    /// rehashes it every doubling. At most a million: a total is the server's word.
    mutating func reserve(_ count: Int) {
        numbers.reserveCapacity(min(max(0, count), 1_000_000))
    }

    /// `id` as a number when it is a canonical decimal: "007" and "7" are different ids.
    private static func number(_ id: String) -> UInt64? {
        guard let number = UInt64(id), id.utf8.first != UInt8(ascii: "0") || id == "0" else { return nil }
        return number
    }
}
