/// HubSpot's instants (`2024-01-17T19:55:04.281Z`) to epoch milliseconds without Foundation's
/// formatters, which cost ~20× a JSON decode per record (swift-notes).
enum ISO8601Milliseconds {
    private static let utc = TimeResolver(timeZone: .gmt, now: 0)

    static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
            func number(_ from: Int, _ count: Int) -> Int64? {
                var value: Int64 = 0
                for index in from..<(from + count) {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int64(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
            var index = 19
            var millis: Int64 = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var scale: Int64 = 100
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    millis += Int64(bytes[index] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
            }
            // Only UTC (`Z` or `+00:00`) is written by HubSpot; anything else goes the slow way.
            let rest = bytes.count - index
            guard rest == 0 || (rest == 1 && bytes[index] == UInt8(ascii: "Z"))
                    || (rest == 6 && bytes[index + 1] == UInt8(ascii: "0") && bytes[index + 2] == UInt8(ascii: "0")
                        && bytes[index + 4] == UInt8(ascii: "0") && bytes[index + 5] == UInt8(ascii: "0")) else {
                return utc.instant(String(decoding: bytes, as: UTF8.self))
            }
            let days = TimeResolver.daysFromCivil(Int(year), Int(month), Int(day))
            return days * 86_400_000 + (hour * 3600 + minute * 60 + second) * 1000 + millis
        }
    }
}
