import HubSpotAPI

/// `ORDER BY p [DESC] LIMIT n` past the ceiling, `p` a number, date or datetime other than the
/// creation date: the search sorted by `p` is read to the wall, then continues strictly past
/// the last value read (`p > v`, or `< v` descending) after draining the records equal to `v`
/// by `hs_object_id` keyset (some of them came before the wall in no promised order; the rest
/// are dropped as repeats by id), and ends with the records that have no value (HubSpot sorts
/// them last in both directions). Each segment stays in the order's order, so rows stream and
/// the walk stops when the LIMIT is in hand: about ⌈n / 200⌉ requests plus one a wall. Every
/// segment is bounded by `createdate ≤` the statement's start, as the id keyset is. A record
/// whose `p` changes during the walk may be missed or seen twice (the second time dropped by id),
/// as with any keyset over a live portal.
extension SearchCursor {
    /// The filters of a value-keyset segment.
    func valueKeysetFilters() -> [Filter] {
        guard let property = context.sortProperty else { return [] }
        var filters = [Filter(propertyName: context.creationProperty, operator: .lte, value: String(context.startedAt))]
        switch mode {
        case .valueKeyset(let bound?):
            filters.append(Filter(propertyName: property, operator: context.sortDescending ? .lt : .gt, value: bound))
        case .equalDrain(let value, let lastID):
            filters.append(Filter(propertyName: property, operator: .eq, value: value))
            if let lastID { filters.append(Filter(propertyName: "hs_object_id", operator: .gt, value: String(lastID))) }
        case .valueTieProbe(let value, _, let maxID):
            filters.append(Filter(propertyName: property, operator: .eq, value: value))
            filters.append(Filter(propertyName: "hs_object_id", operator: .lte, value: String(maxID)))
        case .nullDrain(let lastID):
            filters.append(Filter(propertyName: property, operator: .notHasProperty))
            if let lastID { filters.append(Filter(propertyName: "hs_object_id", operator: .gt, value: String(lastID))) }
        default:
            break
        }
        return filters
    }

    /// The sorts of a value-keyset segment: the order's, or the id keyset's for a drain.
    var valueKeysetSorts: [Sort] {
        switch mode {
        case .equalDrain, .nullDrain: [Sort(propertyName: "hs_object_id", direction: .ascending)]
        default: context.sortProperty.map { [Sort(propertyName: $0, direction: context.sortDescending ? .descending : .ascending)] } ?? []
        }
    }

    /// What follows a page that reached the wall: the records equal to its last value, then the
    /// sort past it — or, when the wall fell among records with no value, those by keyset.
    func pastValueWall(_ page: ObjectPage) throws -> [SearchCursor] {
        guard let property = context.sortProperty, let last = page.results.last else {
            throw Inconsistent(reason: "a full page at the wall with no record")
        }
        guard let raw = last.value(of: property), !raw.isEmpty else {
            let ids = page.results.filter { ($0.properties[property] ?? nil)?.isEmpty ?? true }.compactMap { Int64($0.id) }
            // Records with no value come in id order (HubSpot's tie order): continue after the largest.
            return [successor(.nullDrain(lastID: ids.max()))]
        }
        guard let value = Self.filterValue(raw, type: context.sortType) else {
            throw Inconsistent(reason: "record \(last.id) has an unreadable \(property) '\(raw.prefix(40))'")
        }
        // One counting search tells whether the records at the wall's value that came were the
        // lowest ids (then the drain skips them) — a long run of ties costs only its own pages.
        if sortValueRun.key == raw, sortValueRun.count > 0 {
            return [successor(.valueTieProbe(value: value, seen: sortValueRun.count, maxID: sortValueRun.maxID))]
        }
        return [successor(.equalDrain(value: value, lastID: nil))]
    }

    /// Follows the run of equal sort values at the end of the pages read so far.
    mutating func noteSortValues(_ page: ObjectPage) {
        guard let property = context.sortProperty else { return }
        switch mode {
        case .plain, .valueKeyset: break
        default: return
        }
        for record in page.results {
            sortValueRun.note(record.value(of: property) ?? "", id: Int64(record.id) ?? 0)
        }
    }

    /// A sort value as a filter compares it: numbers as written, instants and days as epoch ms.
    static func filterValue(_ raw: String, type: PropertyType) -> String? {
        switch type {
        case .number: return Double(raw) != nil ? raw : nil
        case .datetime, .date:
            if Int64(raw) != nil { return raw }
            if let instant = ISO8601Milliseconds.parse(raw) { return String(instant) }
            if raw.utf8.count == 10, let instant = ISO8601Milliseconds.parse(raw + "T00:00:00.000Z") { return String(instant) }
            return nil
        default: return nil
        }
    }
}
