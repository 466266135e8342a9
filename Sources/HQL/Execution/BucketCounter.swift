import HubSpotAPI

/// Counts a date-bucket GROUP BY with HubSpot's totals: two 1-record probes find the first and
/// last value (and the total), then one counting search per bucket between them and one for
/// records without a value — unless scanning the matches costs fewer requests, in which case it
/// answers nil and the caller scans.
struct BucketCounter {
    let client: APIClient
    let object: String
    let counting: BucketCounting
    let evaluator: ScalarEvaluator
    /// Past this many buckets the counting plan is not considered.
    static let maxBuckets = 2_000

    /// The groups (their keys in GROUP BY order, count) or nil when a scan is cheaper.
    nonisolated(nonsending) func count(pageSize: Int, counter: ([SearchRequest]) async throws -> [Int]) async throws -> [([Value], Int)]? {
        let first = try await client.search(object, counting.probe(ascending: true))
        guard let total = first.total else {
            throw HubSpotError.inconsistent("a counting probe's page has no total", call: "POST /crm/v3/objects/\(object)/search")
        }
        var buckets: [(key: Value, low: Int64, high: Int64)] = []
        if total > 0 {
            let last = try await client.search(object, counting.probe(ascending: false))
            guard let low = first.results.first.flatMap(value), let high = last.results.first.flatMap(value) else {
                throw HubSpotError.inconsistent("a counting probe returned no value of \(counting.property)",
                                                call: "POST /crm/v3/objects/\(object)/search")
            }
            guard let made = self.buckets(from: low, to: high) else { return nil }
            buckets = made
        }
        // Scanning costs a page per `pageSize` matches (at least); counting a search per bucket
        // plus one for records without a value.
        let scanPages = (total + pageSize - 1) / pageSize
        // Each bucket (and "no date"), crossed with each option (and "no value") when grouped by one.
        let options: [Filter?]
        var optionKeys: [Value] = []
        if let crossed = counting.crossed {
            options = crossed.options.map { Filter(propertyName: crossed.property, operator: .eq, value: $0.value) }
                + [Filter(propertyName: crossed.property, operator: .notHasProperty)]
            optionKeys = crossed.options.map { RowProjector.typed($0.value, crossed.type) } + [.null]
        } else {
            options = [nil]
        }
        let cost = (buckets.count + 1) * options.count
        if cost > max(1, scanPages) {
            await client.stats.decided("scan: \(total) records in \(scanPages) page\(scanPages == 1 ? "" : "s") cost fewer than "
                                      + "\(cost) counting searches")
            return nil
        }
        await client.stats.decided("counting: \(cost) searches (\(buckets.count) \(counting.unit) buckets + 1"
                                   + (options.count > 1 ? " × \(options.count) values" : "") + ") instead of \(scanPages) pages")
        var ranges: [(key: Value, filter: Filter)] = buckets.map { bucket in
            (bucket.key, Filter(propertyName: counting.property, operator: .between, value: String(bucket.low), highValue: String(bucket.high)))
        }
        ranges.append((.null, Filter(propertyName: counting.property, operator: .notHasProperty)))
        var searches: [SearchRequest] = []
        var keys: [[Value]] = []
        for range in ranges {
            for (position, option) in options.enumerated() {
                searches.append(counting.search(range.filter, option.map { [$0] } ?? []))
                if counting.crossed == nil {
                    keys.append([range.key])
                } else {
                    let other = optionKeys[position]
                    keys.append(counting.bucketKey == 0 ? [range.key, other] : [other, range.key])
                }
            }
        }
        let totals = try await counter(searches)
        return zip(keys, totals).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }

    private func value(_ record: CRMObject) -> Value? {
        let value = RowProjector.typed(RowProjector.raw(record, counting.property), counting.type)
        return value.isNull ? nil : value
    }

    /// Each bucket from the first value's to the last's: its key and its range on the wire
    /// (epoch ms; a `date` property's values are UTC midnights).
    func buckets(from low: Value, to high: Value) -> [(key: Value, low: Int64, high: Int64)]? {
        guard case .date(var day) = evaluator.truncate(low, unit: counting.unit),
              case .date(let lastDay) = evaluator.truncate(high, unit: counting.unit) else { return nil }
        var result: [(key: Value, low: Int64, high: Int64)] = []
        while day <= lastDay {
            guard result.count < Self.maxBuckets, let next = advance(day), let start = wire(day), let end = wire(next) else { return nil }
            let key: Value = counting.key == .year ? .number(Double(day.prefix(4)) ?? 0) : .date(day)
            result.append((key, start, end - 1))
            day = next
        }
        return result
    }

    /// The first day of the next bucket.
    private func advance(_ day: String) -> String? {
        guard let midnight = TimeResolver.midnightUTC(day) else { return nil }
        let days = midnight / 86_400_000
        switch counting.unit {
        case "day": return ScalarEvaluator.day(days + 1)
        case "week": return ScalarEvaluator.day(days + 7)
        default:
            let (year, month, _) = ScalarEvaluator.civil(days)
            let step: Int64 = counting.unit == "month" ? 1 : counting.unit == "quarter" ? 3 : 12
            let index = year * 12 + (month - 1) + step
            return ScalarEvaluator.day(ScalarEvaluator.days(year: index / 12, month: index % 12 + 1, day: 1))
        }
    }

    /// Where a day starts on the wire: its midnight in the session's zone, or UTC for dates.
    private func wire(_ day: String) -> Int64? {
        counting.type == .date ? TimeResolver.midnightUTC(day) : evaluator.time.day(day)?.start
    }
}
