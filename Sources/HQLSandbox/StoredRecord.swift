import HubSpotAPI

/// A record's values by property index, kept in three forms so a search compares without
/// re-parsing: the wire text, the number (epoch ms for dates; NaN when none), and the lower-cased
/// text of string properties.
struct RecordValues: Sendable, Hashable {
    var raw: [String?]
    var numbers: [Double]
    var folded: [String?]

    init(count: Int) {
        raw = Array(repeating: nil, count: count)
        numbers = Array(repeating: .nan, count: count)
        folded = Array(repeating: nil, count: count)
    }

    /// Stores an instant: the wire text of a `datetime` (ISO-8601) or a `date` (`YYYY-MM-DD`).
    mutating func set(_ index: Int, instant ms: Int64, type: PropertyType) {
        raw[index] = type == .date ? EpochTime.day(ms) : EpochTime.iso(ms)
        numbers[index] = Double(ms)
    }

    /// Stores an already-normalized wire value (`nil` or `""` clears it).
    mutating func set(_ index: Int, _ text: String?, type: PropertyType) {
        guard let text, !text.isEmpty else {
            raw[index] = nil
            numbers[index] = .nan
            folded[index] = nil
            return
        }
        raw[index] = text
        switch type {
        case .number: numbers[index] = Double(text) ?? .nan
        case .date, .datetime: numbers[index] = EpochTime.parse(text).map(Double.init) ?? .nan
        case .string, .phoneNumber: folded[index] = text.lowercased()
        case .enumeration, .bool: break
        }
    }
}

/// One record of an object type.
struct StoredRecord: Sendable, Hashable {
    var id: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var archived = false
    var archivedAt: Int64?
    var values: RecordValues
    /// What search still sees while the latest write is not indexed yet (index lag);
    /// `nil` with `indexedAt` in the future means search does not see the record at all.
    var previous: RecordValues?
    /// When `values` becomes visible to search.
    var indexedAt: Int64 = 0

    /// The values search sees at `now`, or `nil` when the record is not indexed yet.
    func searchable(at now: Int64) -> RecordValues? {
        if archived { return nil }
        if now >= indexedAt { return values }
        return previous
    }
}
