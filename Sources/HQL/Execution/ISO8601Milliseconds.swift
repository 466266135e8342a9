import HubSpotAPI

/// HubSpot's instants (`2024-01-17T19:55:04.281Z`) to epoch milliseconds without Foundation's
/// formatters, which cost ~20× a JSON decode per record (swift-notes): the sandbox's integer
/// parser, and the time resolver for the rare instant written with another offset.
enum ISO8601Milliseconds {
    private static let utc = TimeResolver(timeZone: .gmt, now: 0)

    static func parse(_ text: String) -> Int64? {
        EpochTime.parse(text) ?? utc.instant(text)
    }
}
