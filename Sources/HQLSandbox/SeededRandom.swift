/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so a portal, the
/// fault pattern and the correlation ids are the same on every run with the same seed.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<upperBound` (upperBound > 0).
    mutating func below(_ upperBound: Int) -> Int { Int(next() % UInt64(max(upperBound, 1))) }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// A value in `0..<1`.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A UUID-shaped string, for correlation ids.
    mutating func uuid() -> String {
        let hex = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(36)
        var bits = next()
        var more = next()
        for position in 0..<32 {
            if position == 16 { bits = more; more = 0 }
            if position == 8 || position == 12 || position == 16 || position == 20 { out.append("-") }
            out.append(hex[Int(bits & 0xF)])
            bits >>= 4
        }
        return out
    }
}
