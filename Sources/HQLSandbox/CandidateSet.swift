/// The records a search reads, by position, as two bit sets: `matched` match without being
/// evaluated, `check` must be evaluated. Bits rather than sorted lists: candidates of several
/// groups merge without duplicates and come out in position (creation) order.
struct CandidateSet: Sendable {
    var matched: [UInt64]
    var check: [UInt64]

    init(count: Int) {
        matched = Self.bits(count)
        check = matched
    }

    /// An empty bit set for `count` records.
    static func bits(_ count: Int) -> [UInt64] { Array(repeating: 0, count: (count + 63) / 64) }

    static func set(_ bits: inout [UInt64], _ position: Int) {
        bits[position >> 6] |= UInt64(1) << UInt64(position & 63)
    }

    /// Adds one group's candidates (OR).
    mutating func add(_ bits: [UInt64], known: Bool) {
        if known {
            for word in bits.indices { matched[word] |= bits[word] }
        } else {
            for word in bits.indices { check[word] |= bits[word] }
        }
    }

    /// Marks a record to evaluate even if an index said it matches.
    mutating func markChanged(_ position: Int) {
        let word = position >> 6
        let bit = UInt64(1) << UInt64(position & 63)
        matched[word] &= ~bit
        check[word] |= bit
    }
}
