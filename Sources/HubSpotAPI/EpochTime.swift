/// Epoch-millisecond ↔ wire text conversions, done with integer arithmetic: `DateFormatter` and
/// `ISO8601DateFormatter` are far too slow for generating and serving tens of thousands of records.
/// Shared by the sandbox (rendering records) and the client (reading them).
package enum EpochTime {
    package static let millisecondsPerDay: Int64 = 86_400_000

    /// `2024-01-17T19:55:04.281Z` (written byte by byte: this runs for every rendered record).
    package static func iso(_ ms: Int64) -> String {
        var bytes: [UInt8] = []
        appendISO(ms, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``iso(_:)``'s 24 bytes appended to `bytes` (renderers write cells without a string each).
    package static func appendISO(_ ms: Int64, to bytes: inout [UInt8]) {
        let days = floorDiv(ms, millisecondsPerDay)
        let rest = ms - days * millisecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let at = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 24))
        write(year, 4, into: &bytes, at: at)
        bytes[at + 4] = UInt8(ascii: "-")
        write(month, 2, into: &bytes, at: at + 5)
        bytes[at + 7] = UInt8(ascii: "-")
        write(day, 2, into: &bytes, at: at + 8)
        bytes[at + 10] = UInt8(ascii: "T")
        write(rest / 3_600_000, 2, into: &bytes, at: at + 11)
        bytes[at + 13] = UInt8(ascii: ":")
        write(rest / 60_000 % 60, 2, into: &bytes, at: at + 14)
        bytes[at + 16] = UInt8(ascii: ":")
        write(rest / 1_000 % 60, 2, into: &bytes, at: at + 17)
        bytes[at + 19] = UInt8(ascii: ".")
        write(rest % 1_000, 3, into: &bytes, at: at + 20)
        bytes[at + 23] = UInt8(ascii: "Z")
    }

    /// `2024-01-17` (the day of `ms` in UTC).
    package static func day(_ ms: Int64) -> String {
        let (year, month, day) = civil(fromDays: floorDiv(ms, millisecondsPerDay))
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 10)
        write(year, 4, into: &bytes, at: 0)
        write(month, 2, into: &bytes, at: 5)
        write(day, 2, into: &bytes, at: 8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Zero-padded decimal digits (years outside 0…9999 are clamped: never generated).
    private static func write(_ value: Int64, _ width: Int, into bytes: inout [UInt8], at start: Int) {
        var rest = min(max(value, 0), 9_999)
        for index in stride(from: start + width - 1, through: start, by: -1) {
            bytes[index] = UInt8(48 + rest % 10)
            rest /= 10
        }
    }

    /// Parses an epoch-ms integer, `YYYY-MM-DD`, or ISO-8601 UTC (`…T…[.fff]Z`, or `+00:00`).
    package static func parse(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        // Every datetime cell of an export comes here: read the string's own bytes, not a copy.
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ parse(utf8: $0) }) { return parsed }
        return parse(utf8: Array(text.utf8))
    }

    /// An ISO-8601 instant's UTF-8 (not the integer form) as epoch milliseconds.
    package static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        parse(utf8: bytes[...])
    }

    private static func parse<Bytes: RandomAccessCollection<UInt8>>(utf8 bytes: Bytes) -> Int64? where Bytes.Index == Int {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var ms = days(fromCivil: year, month, day) * millisecondsPerDay
        if bytes.count == 10 { return ms }
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2)
        else { return nil }
        ms += hour * 3_600_000 + minute * 60_000 + second * 1_000
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                ms += digit * scale
                scale /= 10
                index += 1
            }
        }
        let zone = bytes[(bytes.startIndex + index)...]
        if zone.isEmpty || zone.elementsEqual("Z".utf8) || zone.elementsEqual("+00:00".utf8) { return ms }
        return nil
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    package static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func digitValue(_ byte: UInt8) -> Int64? {
        byte >= 48 && byte <= 57 ? Int64(byte - 48) : nil
    }

    private static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ start: Int, _ count: Int) -> Int64?
        where Bytes.Index == Int {
        var value: Int64 = 0
        for index in start..<(start + count) {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
