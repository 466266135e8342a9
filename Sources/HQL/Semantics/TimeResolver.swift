import Foundation
import HubSpotAPI

/// Resolves dates and relative dates once per statement, in the session's time zone.
/// Periods are half-open `[start, end)` in epoch milliseconds.
struct TimeResolver: Sendable {
    let timeZone: TimeZone
    /// The statement's start, epoch ms.
    let now: Int64
    /// Made once: building a Calendar is costly, and a statement may resolve many dates.
    let calendar: Calendar

    /// UTC and GMT: no daylight-saving shifts, so a day is always 86,400,000 ms.
    private let hasFixedOffset: Bool

    init(timeZone: TimeZone, now: Int64) {
        self.timeZone = timeZone
        self.now = now
        self.hasFixedOffset = ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2  // ISO weeks start on Monday
        self.calendar = calendar
    }

    struct Period: Sendable, Hashable {
        var start: Int64
        var end: Int64
    }

    /// The period a relative date names, for a `datetime` property.
    func period(_ date: RelativeDate) -> Period {
        let calendar = calendar
        let nowDate = Date(milliseconds: now)
        switch date {
        case .day(let offset):
            let start = calendar.startOfDay(for: nowDate)
            return span(calendar, from: start, unit: .day, offset: offset, count: 1)
        case .calendar(let unit, let offset):
            let component: Calendar.Component = switch unit {
            case .week: .weekOfYear
            case .month: .month
            case .quarter: .quarter
            case .year: .year
            }
            let start: Date
            if unit == .quarter {
                let month = calendar.component(.month, from: nowDate)
                let year = calendar.component(.year, from: nowDate)
                let first = DateComponents(year: year, month: ((month - 1) / 3) * 3 + 1, day: 1)
                start = calendar.date(from: first) ?? nowDate
            } else {
                start = calendar.dateInterval(of: component, for: nowDate)?.start ?? nowDate
            }
            return span(calendar, from: start, unit: unit.timeUnit, offset: offset, count: 1)
        case .rolling(let direction, let count, let unit):
            let moved = add(unit, count: direction == .last ? -count : count, to: nowDate, calendar)
            let (low, high) = direction == .last ? (moved, nowDate) : (nowDate, moved)
            return Period(start: low.milliseconds, end: high.milliseconds + 1)
        }
    }

    /// A calendar day `YYYY-MM-DD` in the session's time zone.
    func day(_ text: String) -> Period? {
        guard let (year, month, day) = Self.ymd(text) else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        components.timeZone = timeZone
        guard let start = calendar.date(from: components) else { return nil }
        return span(calendar, from: start, unit: .day, offset: 0, count: 1)
    }

    /// Midnight UTC of a calendar day, as `date` properties hold it.
    static func midnightUTC(_ text: String) -> Int64? {
        guard let (year, month, day) = ymd(text) else { return nil }
        return daysFromCivil(year, month, day) * 86_400_000
    }

    /// A `date` property's view of a period: the calendar days it touches, at midnight UTC.
    func datePeriod(_ period: Period) -> Period {
        let calendar = calendar
        func utcMidnight(_ ms: Int64) -> Int64 {
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(milliseconds: ms))
            return Self.daysFromCivil(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1) * 86_400_000
        }
        let start = utcMidnight(period.start)
        let lastDay = utcMidnight(period.end - 1)
        return Period(start: start, end: lastDay + 86_400_000)
    }

    /// An ISO-8601 datetime; without a zone it is read in the session's time zone.
    func instant(_ text: String) -> Int64? {
        let upper = text.uppercased()
        guard let tIndex = upper.firstIndex(of: "T"), let (year, month, day) = Self.ymd(String(upper[..<tIndex])) else {
            return nil
        }
        var rest = Substring(upper[upper.index(after: tIndex)...])
        var zoneOffsetSeconds: Int?
        if rest.hasSuffix("Z") {
            zoneOffsetSeconds = 0
            rest = rest.dropLast()
        } else if rest.count > 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-" {
            let zone = rest.suffix(5)
            let parts = zone.split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
            zoneOffsetSeconds = (sign == "+" ? 1 : -1) * (hours * 3_600 + minutes * 60)
            rest = rest.dropLast(6)
        }
        let timeParts = rest.split(separator: ":")
        guard timeParts.count >= 2, timeParts.count <= 3, let hour = Int(timeParts[0]), let minute = Int(timeParts[1]),
              hour < 24, minute < 60 else { return nil }
        var milliseconds: Int64 = 0
        if timeParts.count == 3 {
            let secondParts = timeParts[2].split(separator: ".", maxSplits: 1)
            guard let second = Int(secondParts[0]), second < 61 else { return nil }
            milliseconds = Int64(second) * 1_000
            if secondParts.count == 2 {
                let fraction = String(secondParts[1].prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)
                milliseconds += Int64(fraction) ?? 0
            }
        }
        let local = Self.daysFromCivil(year, month, day) * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000) + milliseconds
        if let zoneOffsetSeconds { return local - Int64(zoneOffsetSeconds) * 1_000 }
        let offset = timeZone.secondsFromGMT(for: Date(milliseconds: local))
        return local - Int64(offset) * 1_000
    }

    /// `instant ± interval`, with calendar arithmetic for months and years.
    /// The calendar day (`YYYY-MM-DD`) of an instant in this zone.
    func localDay(_ instant: Int64) -> String {
        EpochTime.day(localMilliseconds(instant))
    }

    /// The instant moved by the zone's offset then: its local wall time read as UTC (no zone
    /// lookup for UTC, the common case: it costs a microsecond a value).
    func localMilliseconds(_ instant: Int64) -> Int64 {
        if hasFixedOffset { return instant }
        let seconds = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1_000))
        return instant + Int64(seconds) * 1_000
    }

    func shift(_ instant: Int64, by interval: Interval, forward: Bool) -> Int64 {
        add(interval.unit, count: forward ? interval.count : -interval.count, to: Date(milliseconds: instant), calendar).milliseconds
    }

    private func span(_ calendar: Calendar, from start: Date, unit: TimeUnit, offset: Int, count: Int) -> Period {
        let low = add(unit, count: offset, to: start, calendar)
        let high = add(unit, count: count, to: low, calendar)
        return Period(start: low.milliseconds, end: high.milliseconds)
    }

    private func add(_ unit: TimeUnit, count: Int, to date: Date, _ calendar: Calendar) -> Date {
        // Minutes and hours are absolute; days and weeks are too where the offset never changes.
        // Skipping Calendar there keeps binding cheap (it dominated bind time).
        let fixed: Int64? = switch unit {
        case .minute: 60_000
        case .hour: 3_600_000
        case .day where hasFixedOffset: 86_400_000
        case .week where hasFixedOffset: 604_800_000
        default: nil
        }
        if let fixed { return Date(milliseconds: date.milliseconds + Int64(count) * fixed) }
        let component: Calendar.Component
        var amount = count
        switch unit {
        case .minute: component = .minute
        case .hour: component = .hour
        case .day: component = .day
        case .week: component = .day; amount *= 7
        case .month: component = .month
        case .quarter: component = .month; amount *= 3
        case .year: component = .year
        }
        return calendar.date(byAdding: component, value: amount, to: date) ?? date
    }

    static func ymd(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let monthDays = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= monthDays[month - 1] else { return nil }
        return (year, month, day)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        EpochTime.days(fromCivil: Int64(year), Int64(month), Int64(day))
    }
}

extension RelativeDate.CalendarUnit {
    var timeUnit: TimeUnit {
        switch self {
        case .week: .week
        case .month: .month
        case .quarter: .quarter
        case .year: .year
        }
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1_000) }
    /// Nearest, not down: `Double` cannot hold most millisecond instants exactly, and flooring
    /// `x.123` that came back as `x.12299…` would lose a millisecond.
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1_000).rounded()) }

}
