import HubSpotAPI
import Foundation

/// The scalar functions (see the README's function table for each one's NULL behaviour).
extension ScalarEvaluator {
    func call(_ function: ScalarFunction, _ arguments: [ScalarExpr], _ row: some ScalarRow) -> Value {
        switch function {
        case .coalesce:
            for argument in arguments {
                let value = evaluate(argument, row)
                if !value.isNull { return value }
            }
            return .null
        case .concat:
            return .string(arguments.map { evaluate($0, row).text ?? "" }.joined())
        case .greatest, .least:
            var best: Value = .null
            for argument in arguments {
                let value = evaluate(argument, row)
                guard !value.isNull else { continue }
                if best.isNull { best = value; continue }
                if let order = Self.compare(value, best, time), function == .greatest ? order > 0 : order < 0 { best = value }
            }
            return best
        case .nullIf:
            let value = evaluate(arguments[0], row)
            return Self.compare(value, evaluate(arguments[1], row), time) == 0 ? .null : value
        case .now:
            return .datetime(time.now)
        default:
            break
        }
        let values = arguments.map { evaluate($0, row) }
        if values.contains(where: \.isNull) { return .null }
        switch function {
        case .lower: return text(values[0]).map { .string($0.lowercased()) } ?? .null
        case .upper: return text(values[0]).map { .string($0.uppercased()) } ?? .null
        case .length: return text(values[0]).map { .number(Double($0.count)) } ?? .null
        case .trim: return text(values[0]).map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .null
        case .ltrim: return text(values[0]).map { .string(String($0.drop { $0.isWhitespace })) } ?? .null
        case .rtrim: return text(values[0]).map { .string(String($0.reversed().drop { $0.isWhitespace }.reversed())) } ?? .null
        case .substring:
            guard let text = text(values[0]), let start = integer(values[1]) else { return .null }
            let length = values.count > 2 ? integer(values[2]) : nil
            return .string(Self.substring(text, from: start, length: length))
        case .left, .right:
            guard let text = text(values[0]), let count = integer(values[1]) else { return .null }
            let characters = Array(text)
            // A negative count drops that many from the other end, as in PostgreSQL.
            let kept = count >= 0 ? min(count, characters.count) : max(0, characters.count + count)
            return .string(String(function == .left ? characters.prefix(kept) : characters.suffix(kept)))
        case .replace:
            guard let text = text(values[0]), let from = self.text(values[1]), let to = self.text(values[2]) else { return .null }
            return .string(from.isEmpty ? text : text.replacingOccurrences(of: from, with: to))
        case .splitPart:
            guard let text = text(values[0]), let separator = self.text(values[1]), let index = integer(values[2]) else { return .null }
            let pieces = separator.isEmpty ? [text] : text.components(separatedBy: separator)
            let position = index > 0 ? index - 1 : pieces.count + index
            return .string(position >= 0 && position < pieces.count ? pieces[position] : "")
        case .position:
            guard let needle = text(values[0]), let haystack = text(values[1]) else { return .null }
            guard !needle.isEmpty else { return .number(1) }
            guard let found = haystack.range(of: needle) else { return .number(0) }
            return .number(Double(haystack.distance(from: haystack.startIndex, to: found.lowerBound) + 1))
        case .startsWith:
            guard let text = text(values[0]), let prefix = self.text(values[1]) else { return .null }
            return .bool(text.lowercased().hasPrefix(prefix.lowercased()))
        case .regexpMatches:
            guard let text = text(values[0]), let pattern = self.text(values[1]) else { return .null }
            return regexMatches(text, pattern).map(Value.bool) ?? .null
        case .round:
            guard case .number(let number) = values[0] else { return .null }
            let places = values.count > 1 ? integer(values[1]) ?? 0 : 0
            return .number(Self.round(number, places: places))
        case .floor, .ceil, .abs:
            guard case .number(let number) = values[0] else { return .null }
            return .number(function == .floor ? number.rounded(.down) : function == .ceil ? number.rounded(.up) : Swift.abs(number))
        case .date:
            return cast(values[0], to: .date)
        case .dateTrunc:
            guard let unit = text(values[0])?.lowercased() else { return .null }
            return truncate(values[1], unit: unit)
        case .datePart:
            guard let field = text(values[0])?.lowercased() else { return .null }
            return datePart(values[1], field: field)
        case .dateDiff:
            guard let unit = text(values[0])?.lowercased() else { return .null }
            return dateDiff(unit, values[1], values[2])
        case .coalesce, .concat, .greatest, .least, .nullIf, .now:
            return .null
        }
    }

    private func text(_ value: Value) -> String? { value.text }

    private func integer(_ value: Value) -> Int? {
        guard case .number(let number) = value, number.isFinite, abs(number) < 1e9 else { return nil }
        return Int(number.rounded(.towardZero))
    }

    /// SQL's SUBSTRING: 1-based, a start before 1 eats into the length.
    static func substring(_ text: String, from start: Int, length: Int?) -> String {
        let characters = Array(text)
        let end = length.map { start + max(0, $0) } ?? Int.max
        let low = max(1, start)
        let high = min(characters.count + 1, end)
        guard low < high else { return "" }
        return String(characters[(low - 1)..<(high - 1)])
    }

    /// Half away from zero, through decimal text (2.675 rounds to 2.68, as written).
    static func round(_ number: Double, places: Int) -> Double {
        guard number.isFinite, var decimal = Decimal(string: Value.format(number)) else { return number }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, max(-15, min(15, places)), .plain)
        return GroupAggregator.double(rounded)
    }

    // MARK: Dates

    /// The start of the unit holding the value, in the session's zone: a date for day and
    /// longer units (weeks start on Monday, as ISO and PostgreSQL have them), an instant for
    /// hours and minutes.
    func truncate(_ value: Value, unit: String) -> Value {
        guard let (days, milliseconds) = parts(value) else { return .null }
        switch unit {
        case "minute", "hour":
            guard case .datetime(let instant) = value else { return value }
            let size: Int64 = unit == "hour" ? 3_600_000 : 60_000
            return .datetime(instant - milliseconds % size)
        case "day": return .date(Self.day(days))
        case "week": return .date(Self.day(days - Self.weekday(days)))
        case "month", "quarter", "year":
            let (year, month, _) = Self.civil(days)
            let first = unit == "month" ? month : unit == "quarter" ? ((month - 1) / 3) * 3 + 1 : 1
            return .date(Self.day(Self.days(year: year, month: first, day: 1)))
        default: return .null
        }
    }

    func datePart(_ value: Value, field: String) -> Value {
        guard let (days, milliseconds) = parts(value) else { return .null }
        let (year, month, day) = Self.civil(days)
        let number: Int64
        switch field {
        case "year": number = year
        case "quarter": number = (month - 1) / 3 + 1
        case "month": number = month
        case "day": number = day
        case "dow": number = (Self.weekday(days) + 1) % 7
        case "isodow": number = Self.weekday(days) + 1
        case "doy": number = days - Self.days(year: year, month: 1, day: 1) + 1
        case "week": number = Self.isoWeek(days)
        case "hour": number = milliseconds / 3_600_000
        case "minute": number = milliseconds / 60_000 % 60
        case "second": number = milliseconds / 1_000 % 60
        case "epoch":
            if case .datetime(let instant) = value { return .number(Double(instant) / 1_000) }
            number = days * 86_400
        default: return .null
        }
        return .number(Double(number))
    }

    /// Unit boundaries crossed from `a` to `b` in the session's zone (DuckDB's `date_diff`).
    func dateDiff(_ unit: String, _ a: Value, _ b: Value) -> Value {
        guard let (daysA, msA) = parts(a), let (daysB, msB) = parts(b) else { return .null }
        let (yearA, monthA, _) = Self.civil(daysA)
        let (yearB, monthB, _) = Self.civil(daysB)
        let totalA = daysA * 86_400_000 + msA
        let totalB = daysB * 86_400_000 + msB
        let result: Int64
        switch unit {
        case "minute": result = totalB / 60_000 - totalA / 60_000
        case "hour": result = totalB / 3_600_000 - totalA / 3_600_000
        case "day": result = daysB - daysA
        case "week": result = (daysB - daysA) / 7
        case "month": result = (yearB * 12 + monthB) - (yearA * 12 + monthA)
        case "quarter": result = (yearB * 4 + (monthB - 1) / 3) - (yearA * 4 + (monthA - 1) / 3)
        case "year": result = yearB - yearA
        default: return .null
        }
        return .number(Double(result))
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(_ days: Int64) -> Int64 {
        ((days % 7) + 7 + 3) % 7
    }

    static func isoWeek(_ days: Int64) -> Int64 {
        // The week's Thursday decides its year; count weeks from that year's first Thursday's week.
        let thursday = days - weekday(days) + 3
        let (year, _, _) = civil(thursday)
        let first = Self.days(year: year, month: 1, day: 1)
        return (thursday - first) / 7 + 1
    }

    static func day(_ days: Int64) -> String {
        EpochTime.day(days * 86_400_000)
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        EpochTime.days(fromCivil: year, month, day)
    }

    /// The civil date of a day number.
    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (year, month, day) = EpochTime.civil(fromDays: days)
        return (year, month, day)
    }
}
