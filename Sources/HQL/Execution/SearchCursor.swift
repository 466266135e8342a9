import Foundation
import HubSpotAPI

/// Pages one planned search to its end, and past HubSpot's 10,000-result ceiling: a pure state
/// machine (request out, page in) that the executor's async shell drives.
///
/// Past the ceiling it follows the contract's last section:
/// - **keyset**: sort by `hs_object_id` ascending, page to the wall, continue with `hs_object_id > last`,
///   every segment bounded by `createdate ≤` the statement's start (new ids are not promised to grow);
/// - **windows**: walk `[first createdate, start]` window after window, each sized from what the
///   one before it held (records a millisecond: portals grow, so a split into equal spans of time
///   overfills the late windows and underfills the early ones); each window is
///   read sorted by `createdate` ascending, and when one reaches the wall at instant T it continues
///   with `(T, high]` and drains T by keyset. Whether the records already seen at T are exactly those
///   with `id ≤` the largest seen is checked with one counting probe, so a burst of ties costs its
///   own pages and no more; when the check fails, T is drained whole (de-duplication drops repeats).
struct SearchCursor: Sendable, Hashable {
    enum Mode: Sendable, Hashable {
        /// The planned search, paged with `after`; stops after `wanted` records (a pushed LIMIT).
        case plain(wanted: Int?)
        /// The first `createdate` and the total, before windows are cut.
        case span
        /// `hs_object_id` keyset within `createdate` `[low, high]` (`low` nil: no lower bound).
        case keyset(lastID: Int64?, low: Int64?, high: Int64)
        /// One `createdate` window, read in creation order.
        case window(low: Int64, high: Int64)
        /// Counts the records at `instant` with `id ≤ maxID`: equal to `seen` means the drain
        /// can start after `maxID`.
        case tieProbe(instant: Int64, seen: Int, maxID: Int64)
        /// Past the wall of an ordered search on another property (``PhysicalPlan/Overflow/valueKeyset``):
        /// the sort continues strictly past `bound`, the last value read (nil: the first segment).
        case valueKeyset(bound: String?)
        /// The records whose sort value is `value` (some came before the wall, in no promised
        /// order), by `hs_object_id` keyset; then the sort continues past `value`.
        case equalDrain(value: String, lastID: Int64?)
        /// Records with no value of the sort property, last in HubSpot's order, by keyset.
        case nullDrain(lastID: Int64?)
        /// Counts the records at sort value `value` with `id ≤ maxID`: equal to `seen` means
        /// the ones before the wall were the lowest ids, and the drain starts after `maxID`.
        case valueTieProbe(value: String, seen: Int, maxID: Int64)
    }

    /// What is fixed for every cursor of one search.
    struct Context: Sendable, Hashable {
        var object: String
        /// `createdate`, or `hs_createdate` for custom objects.
        var creationProperty: String
        var overflow: PhysicalPlan.Overflow
        /// The statement's start (epoch ms): no window reaches past it.
        var startedAt: Int64
        var capabilities: SearchCapabilities
        /// Windows are read newest first (`ORDER BY createdate DESC` with a LIMIT: the walk
        /// from the right end can stop once the LIMIT is in hand).
        var newestFirst = false
        /// The sort a value keyset continues (number, date or datetime property).
        var sortProperty: String?
        var sortDescending = false
        var sortType: PropertyType = .number
    }

    /// What the shell does after a page.
    enum Step: Sendable, Hashable {
        /// Ask for `request()` again.
        case next
        /// This cursor is done; run these instead (possibly none).
        case replace([SearchCursor])
    }

    /// Thrown when a search must be split but its filters leave no slot for the split filters.
    struct NoRoomToSplit: Error, Sendable, Hashable {
        var total: Int
    }

    /// Thrown when a page breaks the contract in a way that would loop or lose records: a
    /// cursor that does not move forward, the same page twice, a `total` smaller than what
    /// already came, records outside the range asked for. `reason` is for people.
    struct Inconsistent: Error, Sendable, Hashable {
        var reason: String
    }

    /// Enough of a page to recognise it coming back: its size and first and last ids.
    private struct PageMark: Sendable, Hashable {
        var count: Int
        var first: String
        var last: String
    }

    let base: SearchRequest
    let context: Context
    private(set) var mode: Mode
    private(set) var after = 0
    private var fetched = 0
    /// The last page's `total` (or, before a segment's first page, what the segment before it
    /// counted for it): how far read-ahead may go.
    private var lastTotal: Int?
    /// Window mode: the run of the last creation instant seen.
    private var createdRun = EqualRun<Int64>()
    /// Value keyset: the run of the last sort value seen (as written).
    var sortValueRun = EqualRun<String>()
    private var previousPage: PageMark?
    /// Which window of the split this cursor reads (1, 2, …; 0 before the split): the cursors a
    /// window spawns (a tie drain, its rest) share it, so a reader can tell when one is whole.
    private(set) var segment = 0
    /// Window mode: the whole span the windows walk (the first creation instant to the
    /// statement's start).
    private var span: ClosedRange<Int64>?
    /// Window mode: the window after this one, fixed near this one's end (``nextWindow``).
    private var following: SearchCursor.Bounds?
    /// Window mode: how densely the window's first page and its latest page were created (nil:
    /// too few records to say).
    private var firstDensity: PageDensity?
    private var recentDensity: PageDensity?
    struct PageDensity: Sendable, Hashable {
        /// Milliseconds a record.
        var spacing: Double
        /// The page's middle instant, in the walk's direction (negated when newest first).
        var middle: Double
    }
    struct Bounds: Sendable, Hashable {
        var low: Int64
        var high: Int64
        /// Records it is expected to hold.
        var expected: Int
    }

    init(base: SearchRequest, context: Context, mode: Mode) {
        self.base = base
        self.context = context
        self.mode = mode
    }

    /// Whether this cursor's records count as results (probes only count).
    var yieldsRecords: Bool {
        switch mode {
        case .span, .tieProbe, .valueTieProbe: false
        default: true
        }
    }

    /// Whether this cursor reads past the ceiling (anything but the planned search itself).
    var isSegment: Bool {
        if case .plain = mode { return false }
        return true
    }

    /// Whether a page has arrived yet.
    var hasFetched: Bool { fetched > 0 || after > 0 }

    /// A window whose first page said it fits under the ceiling: it ends without successors, so
    /// the window after it is the next to read and its first pages may be asked for early.
    var isWholeWindow: Bool {
        guard case .window = mode, fetched > 0, let total = lastTotal else { return false }
        return total <= context.capabilities.searchResultCeiling
    }

    /// The window after this one in the walk, once fixed (``fixNextWindow()``): sized from how
    /// densely this window's latest page was created (portals grow: a window's own average is
    /// already behind its end). Nil at the span's end and before it is fixed.
    var nextWindow: SearchCursor? {
        guard let following, let span else { return nil }
        var next = with(.window(low: following.low, high: following.high))
        next.segment = segment + 1
        next.span = span
        // Half of what it should hold: its first pages are read ahead without waiting for the
        // first (an underestimate only shortens the read-ahead until the first page tells the
        // truth; an overestimate would ask for empty pages).
        next.lastTotal = following.expected / 2
        return next
    }

    /// Fixes ``nextWindow``, when the reader is about to ask for its first pages (or this window
    /// ended): as wide as holds ``windowTarget`` records at the density of the latest page, grown
    /// as it grew from this window's first page (portals grow about exponentially: sized at the
    /// latest density alone, a window past a steep stretch reaches the wall), at most twice this
    /// window's width (4 times past an empty one); the last one stretched to the span's end
    /// rather than leaving a sliver. Fixed once, so the pages asked for ahead are the ones it
    /// asks for.
    mutating func fixNextWindow() {
        guard following == nil, case .window(let low, let high) = mode, let span, hasFetched else { return }
        // What this window holds, as its latest page counted (nil: the server said nothing, and
        // the walk still goes on, sized by density or stepping wide).
        let held = lastTotal
        let width = high - low + 1
        let target = Double(windowTarget)
        var wanted = 4 * width
        if let recent = recentDensity {
            // In the walk's direction: `ahead` from the latest page's middle to the next window.
            let boundary = context.newestFirst ? -Double(low - 1) : Double(high + 1)
            let ahead = boundary - recent.middle
            var growth = 0.0
            if let first = firstDensity, recent.middle - first.middle >= Double(width) / 3, first.spacing > recent.spacing {
                growth = log(first.spacing / recent.spacing) / (recent.middle - first.middle)
            }
            // Records in [boundary, boundary + w] at a density growing by `growth` = target.
            var estimate = target * recent.spacing
            if growth > 0 {
                let grown = log(target * growth * recent.spacing + exp(growth * ahead)) / growth - ahead
                if grown.isFinite, grown > 0 { estimate = grown }
            }
            wanted = Int64(min(estimate, Double(Int64.max / 4)))
        } else if let held, held > 0 {
            wanted = width * Int64(windowTarget) / Int64(held)
        }
        let uncapped = max(1, wanted)
        // At most what would hold twice the target at this window's own average density (4 times
        // the width past an empty one): a wild estimate cannot overrun the wall by much.
        let cap = if let held, held > 0 { max(2 * width, 2 * width * Int64(windowTarget) / Int64(held)) } else { 4 * width }
        wanted = max(1, min(cap, wanted))
        // What it should hold at that density (less when capped), so its read-ahead asks for
        // no empty pages.
        let expected = Int(Double(windowTarget) * Double(wanted) / Double(uncapped))
        if context.newestFirst {
            guard low > span.lowerBound else { return }
            var from = max(span.lowerBound, low - wanted)
            if from - span.lowerBound < wanted / 4 { from = span.lowerBound }
            following = Bounds(low: from, high: low - 1, expected: expected)
        } else {
            guard high < span.upperBound else { return }
            var to = min(span.upperBound, high + wanted)
            if span.upperBound - to < wanted / 4 { to = span.upperBound }
            following = Bounds(low: high + 1, high: to, expected: expected)
        }
    }

    /// Records a window is sized to hold: 80% of the ceiling, room for a density that grows.
    private var windowTarget: Int { max(1, context.capabilities.searchResultCeiling * 4 / 5) }

    /// A tie probe or drain of one creation instant at a window's wall: short, and the rest of
    /// the window after it does not depend on it.
    var isInstantDrain: Bool {
        switch mode {
        case .tieProbe: true
        case .keyset(_, let low?, let high): low == high
        default: false
        }
    }

    /// Whether this cursor reads a `createdate` window.
    var isWindow: Bool {
        if case .window = mode { return true }
        return false
    }

    /// The pushed LIMIT of a plain cursor.
    var wantedLimit: Int? {
        if case .plain(let wanted) = mode { return wanted }
        return nil
    }

    /// Whether records arrive in the planned order. Windows (with the span probe before them and
    /// the tie probes at their walls) keep it when the order is the walk's own: the creation
    /// property, in the walk's direction. Under any other sort each window is ordered alone.
    /// A value keyset's tie probe yields nothing and its drain keeps the order. Whether rows
    /// stream is decided on the first page (``QueryExecution``); a later successor that loses
    /// the order ends the statement with an error.
    var keepsOrder: Bool {
        switch mode {
        case .plain, .keyset, .valueKeyset, .equalDrain, .nullDrain, .valueTieProbe: true
        case .window, .span, .tieProbe:
            base.sorts == [Sort(propertyName: context.creationProperty, direction: context.newestFirst ? .descending : .ascending)]
        }
    }

    /// The body of the next page's request.
    func request() throws -> SearchRequest {
        var body = base
        let ceiling = context.capabilities.searchResultCeiling
        let pageSize = body.limit ?? context.capabilities.maxSearchPageSize
        let creation = context.creationProperty
        var extra: [Filter] = []
        switch mode {
        case .plain(let wanted):
            // LIMIT sizes the last page: no record past it is fetched.
            body.limit = min(pageSize, ceiling - after, wanted.map { max(1, $0 - fetched) } ?? pageSize)
        case .span:
            extra = [Filter(propertyName: creation, operator: .lte, value: String(context.startedAt))]
            body.sorts = [Sort(propertyName: creation, direction: .ascending)]
            body.limit = 1
        case .keyset(let lastID, let low, let high):
            let descending = context.overflow == .keysetDescending
            if let lastID { extra.append(Filter(propertyName: "hs_object_id", operator: descending ? .lt : .gt, value: String(lastID))) }
            if let low, low == high {
                extra.append(Filter(propertyName: creation, operator: .eq, value: String(low)))
            } else if let low {
                extra.append(Filter(propertyName: creation, operator: .between, value: String(low), highValue: String(high)))
            } else {
                extra.append(Filter(propertyName: creation, operator: .lte, value: String(high)))
            }
            body.sorts = [Sort(propertyName: "hs_object_id", direction: descending ? .descending : .ascending)]
            body.limit = min(context.capabilities.maxSearchPageSize, ceiling - after)
        case .window(let low, let high):
            extra = [Filter(propertyName: creation, operator: .between, value: String(low), highValue: String(high))]
            // In the walk's direction: newest first for `ORDER BY createdate DESC LIMIT n`, so the
            // walk can stop inside a window once n are in hand.
            body.sorts = [Sort(propertyName: creation, direction: context.newestFirst ? .descending : .ascending)]
            body.limit = min(context.capabilities.maxSearchPageSize, ceiling - after)
        case .tieProbe(let instant, _, let maxID):
            extra = [Filter(propertyName: creation, operator: .eq, value: String(instant)),
                     Filter(propertyName: "hs_object_id", operator: .lte, value: String(maxID))]
            body.limit = 1
            body.sorts = []
        case .valueKeyset, .equalDrain, .nullDrain:
            extra = valueKeysetFilters()
            body.sorts = valueKeysetSorts
            body.limit = min(context.capabilities.maxSearchPageSize, ceiling - after)
        case .valueTieProbe:
            extra = valueKeysetFilters()
            body.sorts = []
            body.limit = 1
        }
        if !extra.isEmpty {
            body.filterGroups = try Self.adding(extra, to: body.filterGroups, capabilities: context.capabilities)
        }
        body.after = after > 0 ? String(after) : nil
        return body
    }

    /// The body of the page `pages` after the next one, for read-ahead under latency: search's
    /// `after` is the offset of the page (the contract), so once a page has told the total, the
    /// pages that follow can be asked for before the previous one arrives. Nil past the total,
    /// the ceiling or a pushed LIMIT, and for probes.
    func request(ahead pages: Int) throws -> SearchRequest? {
        guard pages >= 1, let total = lastTotal else { return nil }
        switch mode {
        case .plain, .keyset, .window, .valueKeyset, .equalDrain, .nullDrain: break
        case .span, .tieProbe, .valueTieProbe: return nil
        }
        var body = try request()
        let size = max(1, body.limit ?? context.capabilities.maxSearchPageSize)
        let offset = after + pages * size
        let ceiling = context.capabilities.searchResultCeiling
        guard offset < min(total, ceiling) else { return nil }
        var limit = min(size, ceiling - offset)
        if case .plain(let wanted?) = mode {
            let left = wanted - fetched - pages * size
            guard left > 0 else { return nil }
            limit = min(limit, left)
        }
        body.after = String(offset)
        body.limit = limit
        return body
    }

    /// Takes one page; says whether to continue or what replaces this cursor. Throws
    /// ``Inconsistent`` for a page that would make it loop or lose records.
    mutating func receive(_ page: ObjectPage) throws -> Step {
        let ceiling = context.capabilities.searchResultCeiling
        let nextAfter = try validate(page)
        fetched += page.results.count
        lastTotal = page.total
        if context.sortProperty != nil { noteSortValues(page) }
        // A search never pages past its total (HubSpot recounts on every page).
        let complete = page.total.map { $0 <= ceiling && fetched >= $0 } ?? false
        switch mode {
        case .plain(let wanted):
            if let wanted, fetched >= wanted { return .replace([]) }
            let needsMore = wanted.map { $0 > ceiling } ?? true
            let total = page.total ?? 0
            // Past the ceiling and wanted: switch strategy now instead of paging to the wall first
            // (a value keyset goes on to the wall: its pages are already in the order's order).
            if needsMore, total > ceiling, context.overflow != .notNeeded, context.overflow != .valueKeyset {
                // Sorted by creation, oldest first: this page already says where the span
                // starts, and the span's own probe would only repeat it.
                if context.overflow == .windows, !context.newestFirst,
                   base.sorts == [Sort(propertyName: context.creationProperty, direction: .ascending)],
                   let first = page.results.first, let start = ISO8601Milliseconds.parse(first.createdAt) {
                    return .replace(windows(from: start, total: total))
                }
                return .replace([overflowStart()])
            }
            guard let nextAfter, !complete else { return .replace([]) }
            if nextAfter >= ceiling {
                if needsMore, context.overflow == .valueKeyset { return try .replace(pastValueWall(page)) }
                return needsMore && context.overflow != .notNeeded ? .replace([overflowStart()]) : .replace([])
            }
            after = nextAfter
            return .next
        case .span:
            guard let total = page.total else { throw Inconsistent(reason: "a search page has no total") }
            guard let first = page.results.first else {
                if total > 0 { throw Inconsistent(reason: "a total of \(total) with no record in the page") }
                return .replace([])
            }
            guard let start = ISO8601Milliseconds.parse(first.createdAt) else {
                throw Inconsistent(reason: "record \(first.id) has an unreadable createdAt '\(first.createdAt.prefix(40))'")
            }
            return .replace(windows(from: start, total: total))
        case .keyset(let lastID, let low, let high):
            let descending = context.overflow == .keysetDescending
            let ids = page.results.map { Int64($0.id) }
            if let lastID, ids.contains(where: { id in id.map { descending ? $0 >= lastID : $0 <= lastID } ?? true }) {
                throw Inconsistent(reason: "a record with an id not \(descending ? "below" : "above") \(lastID), which the search excluded")
            }
            guard let nextAfter, !complete else { return .replace([]) }
            if nextAfter >= ceiling { return .replace([try keysetSegment(after: page, low: low, high: high)]) }
            after = nextAfter
            return .next
        case .window(let low, let high):
            // Distinct instants: an import creates hundreds of records in one millisecond, and a
            // page holding one says nothing about how densely the next weeks were created.
            var times = Set<Int64>()
            for record in page.results {
                guard let created = record.createdMilliseconds, created >= low, created <= high else {
                    throw Inconsistent(reason: "record \(record.id) created at '\(record.createdAt.prefix(40))', outside the "
                                       + "window the search asked for")
                }
                createdRun.note(created, id: Int64(record.id) ?? 0)
                times.insert(created)
            }
            if times.count >= 20, let first = times.min(), let last = times.max(), last > first {
                let middle = Double(first / 2 + last / 2)
                let density = PageDensity(spacing: Double(last - first) / Double(times.count - 1),
                                          middle: context.newestFirst ? -middle : middle)
                if firstDensity == nil, fetched <= page.results.count { firstDensity = density }
                recentDensity = density
            }
            guard let nextAfter, !complete else {
                fixNextWindow()
                return .replace(nextWindow.map { [$0] } ?? [])
            }
            if nextAfter >= ceiling, let instant = createdRun.key {
                // The instant at the wall is drained by id, then the rest of the window past it
                // (before it, when the window is read newest first), which walks on.
                var next = [with(.tieProbe(instant: instant, seen: createdRun.count, maxID: createdRun.maxID))]
                var rest: SearchCursor?
                if context.newestFirst {
                    if instant > low { rest = with(.window(low: low, high: instant - 1)) }
                } else if instant < high {
                    rest = with(.window(low: instant + 1, high: high))
                }
                if var rest {
                    rest.span = span
                    // Half of what the total counted past the wall: its first pages are read
                    // while the instant at the wall is drained.
                    rest.lastTotal = max(0, (page.total ?? 0) - ceiling) / 2
                    next.append(rest)
                } else {
                    fixNextWindow()
                    if let following = nextWindow { next.append(following) }
                }
                return .replace(next)
            }
            after = nextAfter
            return .next
        case .tieProbe(let instant, let seen, let maxID):
            guard let total = page.total else { throw Inconsistent(reason: "a counting search's page has no total") }
            let exact = total == seen
            return .replace([with(.keyset(lastID: exact ? maxID : nil, low: instant, high: instant))])
        case .valueKeyset(let bound):
            if nextAfter.map({ $0 >= ceiling }) ?? false, !complete { return .replace(try pastValueWall(page)) }
            guard let nextAfter, !complete else {
                // Past a bound, records with no value were filtered out: they come last.
                return .replace(bound == nil ? [] : [with(.nullDrain(lastID: nil))])
            }
            after = nextAfter
            return .next
        case .equalDrain(let value, let lastID):
            return try idKeysetStep(page, lastID: lastID, nextAfter: nextAfter, complete: complete,
                                    next: { .equalDrain(value: value, lastID: $0) }, then: [with(.valueKeyset(bound: value))])
        case .valueTieProbe(let value, let seen, let maxID):
            guard let total = page.total else { throw Inconsistent(reason: "a counting search's page has no total") }
            return .replace([with(.equalDrain(value: value, lastID: total == seen ? maxID : nil))])
        case .nullDrain(let lastID):
            return try idKeysetStep(page, lastID: lastID, nextAfter: nextAfter, complete: complete,
                                    next: { .nullDrain(lastID: $0) }, then: [])
        }
    }

    /// The keyset segment after this one, which starts past the last id of `page` (this segment's
    /// page at the wall) in the order: it must be one, and move on.
    private func keysetSegment(after page: ObjectPage, low: Int64?, high: Int64) throws -> SearchCursor {
        let numeric = page.results.compactMap { Int64($0.id) }
        guard let last = context.overflow == .keysetDescending ? numeric.min() : numeric.max() else {
            throw Inconsistent(reason: "a page without numeric record ids")
        }
        // The next segment holds what this one's total counted past the wall: known now, so its
        // pages can be read ahead from the start instead of after its first.
        var next = with(.keyset(lastID: last, low: low, high: high))
        next.lastTotal = page.total.map { max(0, $0 - context.capabilities.searchResultCeiling) }
        return next
    }

    /// A keyset segment that will reach the wall (its total counts more than the ceiling): its
    /// last page's body, so the reader can ask for it early. The next segment starts from that
    /// page's last id, and asked for in order it would leave the budget idle for a round trip
    /// at every wall. Nil for other modes, when the wall is not a whole page ahead, and before the
    /// segment's own first page has confirmed that it pages as its total says (a server that
    /// lies about totals costs no more requests than before).
    func wallRequest() throws -> SearchRequest? {
        guard case .keyset = mode, hasFetched, let total = lastTotal else { return nil }
        let ceiling = context.capabilities.searchResultCeiling
        guard total > ceiling else { return nil }
        let size = max(1, try request().limit ?? context.capabilities.maxSearchPageSize)
        let wall = ceiling - size
        guard wall > after, (wall - after) % size == 0 else { return nil }
        return try request(ahead: (wall - after) / size)
    }

    /// The segment after this one, from its wall page asked for early (``wallRequest()``): the
    /// cursor that taking the page in order will give (nil when the page says there is none).
    func segment(afterWall page: ObjectPage) throws -> SearchCursor? {
        let ceiling = context.capabilities.searchResultCeiling
        guard case .keyset(_, let low, let high) = mode, let total = page.total, total > ceiling,
              let raw = page.paging?.next?.after, let next = Int(raw), next >= ceiling else { return nil }
        return try keysetSegment(after: page, low: low, high: high)
    }

    /// One page of a drain by `hs_object_id` keyset (ascending): every id must be past `lastID`;
    /// at the wall the drain continues past the largest id, at its end `then` follows.
    private mutating func idKeysetStep(_ page: ObjectPage, lastID: Int64?, nextAfter: Int?, complete: Bool,
                                       next: (Int64) -> Mode, then: [SearchCursor]) throws -> Step {
        let ids = page.results.compactMap { Int64($0.id) }
        if let lastID, ids.contains(where: { $0 <= lastID }) {
            throw Inconsistent(reason: "a record with an id not above \(lastID), which the search excluded")
        }
        guard let nextAfter, !complete else { return .replace(then) }
        if nextAfter >= context.capabilities.searchResultCeiling {
            guard let last = ids.max() else { throw Inconsistent(reason: "a page without numeric record ids") }
            return .replace([with(next(last))])
        }
        after = nextAfter
        return .next
    }

    /// The page's next `after`, checked: it must be a number past this one's (search pages by
    /// offset), the page must not repeat the previous one, and `total` must not fall below
    /// what this cursor already received.
    private mutating func validate(_ page: ObjectPage) throws -> Int? {
        if let total = page.total, yieldsRecords, total < fetched {
            throw Inconsistent(reason: "a total of \(total) after \(fetched) records had already come")
        }
        if let first = page.results.first, let last = page.results.last {
            let mark = PageMark(count: page.results.count, first: first.id, last: last.id)
            if mark == previousPage {
                throw Inconsistent(reason: "the same \(mark.count) record\(mark.count == 1 ? "" : "s") came back twice in a row "
                                   + "(after=\(after))")
            }
            previousPage = mark
        }
        guard let raw = page.paging?.next?.after else { return nil }
        guard let next = Int(raw), next > after else {
            throw Inconsistent(reason: "the paging cursor did not move forward (after=\(after), next after='\(raw.prefix(40))')")
        }
        return next
    }

    /// The first cursor past the ceiling, by the planned strategy. A keyset reads nothing ahead
    /// before its own first page: a server whose paging is not what its total promises would
    /// otherwise be sent a whole round of pages that cannot be used.
    private func overflowStart() -> SearchCursor {
        switch context.overflow {
        case .keyset, .keysetDescending, .notNeeded: with(.keyset(lastID: nil, low: nil, high: context.startedAt))
        case .windows: with(.span)
        case .valueKeyset: with(.valueKeyset(bound: nil))
        }
    }

    /// The walk's first window over `[start, startedAt]`: as wide as holds ``windowTarget`` at
    /// the span's average density, at its oldest end (its newest, read newest first).
    private func windows(from start: Int64, total: Int) -> [SearchCursor] {
        let end = context.startedAt
        guard start <= end, total > 0 else { return [] }
        let length = end - start + 1
        let width = max(1, length * Int64(windowTarget) / Int64(max(total, windowTarget)))
        let tail = length - width < width / 4
        var first = context.newestFirst
            ? with(.window(low: tail ? start : end - width + 1, high: end))
            : with(.window(low: start, high: tail ? end : start + width - 1))
        first.segment = 1
        first.span = start...end
        first.lastTotal = windowTarget / 2
        return [first]
    }

    /// The cursor that continues this one in `mode` (same search, same segment).
    func successor(_ mode: Mode) -> SearchCursor { with(mode) }

    private func with(_ mode: Mode) -> SearchCursor {
        var cursor = SearchCursor(base: base, context: context, mode: mode)
        cursor.segment = segment
        return cursor
    }

    /// `extra` AND-ed into every group, within the limits.
    static func adding(_ extra: [Filter], to groups: [FilterGroup], capabilities: SearchCapabilities) throws -> [FilterGroup] {
        let result = groups.isEmpty ? [FilterGroup(filters: extra)] : groups.map { FilterGroup(filters: $0.filters + extra) }
        let total = result.reduce(0) { $0 + $1.filters.count }
        guard result.allSatisfy({ $0.filters.count <= capabilities.maxFiltersPerGroup }),
              total <= capabilities.maxFiltersTotal else {
            throw NoRoomToSplit(total: 0)
        }
        return result
    }
}

/// The records at the end of the pages read so far that share one key (a creation instant, a
/// sort value): how many, and the largest id — what a tie probe at the wall asks about.
struct EqualRun<Key: Hashable & Sendable>: Hashable, Sendable {
    private(set) var key: Key?
    private(set) var count = 0
    private(set) var maxID: Int64 = 0

    mutating func note(_ value: Key, id: Int64) {
        if value == key {
            count += 1
            maxID = max(maxID, id)
        } else {
            key = value
            count = 1
            maxID = id
        }
    }
}
