/// Numbers read from response headers, parsed with bounds: a header is the server's text, and
/// `Retry-After: 9223372036854775807` must not trap an arithmetic operation later.
public enum HeaderNumber {
    /// A non-negative decimal integer (surrounding spaces and tabs allowed); values past
    /// `Int64.max` saturate to it. Nil for anything else (signs, fractions, dates, empty).
    public static func nonNegative(_ text: String?) -> Int64? {
        guard let text else { return nil }
        let bytes = Array(text.utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return nil }
        var value: Int64 = 0
        for byte in bytes[first...last] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedToo) = times.addingReportingOverflow(Int64(byte - 0x30))
            value = overflowed || overflowedToo ? Int64.max : sum
        }
        return value
    }

    /// `Retry-After` in milliseconds, saturating. Delta-seconds only (what HubSpot sends); an
    /// HTTP-date reads as absent, so the client's own backoff applies.
    public static func retryAfterMilliseconds(_ text: String?) -> Int64? {
        nonNegative(text).map { $0.multipliedReportingOverflow(by: 1_000).overflow ? Int64.max : $0 * 1_000 }
    }
}
