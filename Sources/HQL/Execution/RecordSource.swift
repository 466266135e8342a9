import Foundation
import HubSpotAPI
import Synchronization

/// Records for a plan, a page at a time, pulled by the row pipeline: nothing is fetched before
/// the consumer asks, so back-pressure is the consumer's pace and cancelling it cancels the
/// requests in flight (they run in its task).
protocol RecordSource: AnyObject {
    /// The next batch of records, or nil at the end.
    nonisolated(nonsending) func next() async throws -> [CRMObject]?
    /// Whether records still arrive in the order the plan pushed down.
    var keepsOrder: Bool { get }
    /// Ends the requests still in flight and waits for them, so that statistics read next count
    /// exactly what reached HubSpot (a request already handed over arrives; one still waiting
    /// for the budget is never sent).
    nonisolated(nonsending) func close() async
    /// Waits for the requests still in flight without cancelling them, and keeps their pages
    /// unread: a stop that must count exactly what HubSpot counted.
    nonisolated(nonsending) func settle() async
}

extension RecordSource {
    nonisolated(nonsending) func close() async {}
    nonisolated(nonsending) func settle() async { await close() }
}

/// A plan's searches: each paged to its end (past the ceiling by keyset or windows), up to
/// `concurrency` cursors in flight, the union de-duplicated by id.
final class SearchSource: RecordSource {
    private let client: APIClient
    private let object: String
    private let concurrency: Int
    private var pending: [SearchCursor]
    private var active: [SearchCursor] = []
    private var seen = IDSet()
    /// Matches the searches announced on their first pages: more distinct records than that
    /// (with room for records created or changed during the run) means the server is inventing.
    private var announced = 0
    private(set) var keepsOrder: Bool
    /// An ordered LIMIT past the ceiling: windows are read one at a time in the order's
    /// direction, and no new window starts once this many records are in hand (every record of
    /// the windows not read sorts after all of those read).
    private let stopAfter: Int?
    private var segment = 0
    /// How long a round of requests takes, smoothed: it sizes the read-ahead.
    private var latency = LatencyEstimate()
    /// A lone cursor's pages asked for ahead, by their exact body: a pipeline (a page is asked
    /// for as soon as one comes in), not rounds that wait for their slowest page.
    private var inFlight: [SearchRequest: Task<(page: ObjectPage, elapsed: Int64), any Error>] = [:]
    /// A lone keyset segment's page at the wall, asked for early (``SearchCursor/wallRequest()``):
    /// once it is in, the next segment's first pages go out behind this one's last, instead of a
    /// round trip after it. Kept in flight while the reader gets there.
    private var wall: (body: SearchRequest, arrived: ArrivedPage)?

    /// `announced`: matches already known (a keyset started without a plain first page).
    init(client: APIClient, object: String, cursors: [SearchCursor], concurrency: Int, stopAfter: Int? = nil, announced: Int = 0) {
        self.client = client
        self.object = object
        self.announced = announced
        self.pending = cursors
        self.stopAfter = stopAfter
        self.concurrency = stopAfter == nil ? max(1, concurrency) : 1
        self.keepsOrder = cursors.count <= 1
    }

    deinit {
        for task in inFlight.values { task.cancel() }
    }

    nonisolated(nonsending) func close() async {
        let tasks = inFlight.values
        inFlight.removeAll()
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
    }

    nonisolated(nonsending) func settle() async {
        let tasks = inFlight.values
        inFlight.removeAll()
        for task in tasks { _ = await task.result }
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        while true {
            // Read-ahead tasks are unstructured: a cancelled consumer must stop here, not find
            // their pages ready and go on.
            try Task.checkCancellation()
            while active.count < concurrency, !pending.isEmpty {
                // Segments past the ceiling (windows, keysets, drains) run one at a time: each is
                // long enough to keep the budget busy through its own pipelined read-ahead, and
                // rounds across cursors would wait for their slowest page.
                if let next = pending.first, !active.isEmpty, next.isSegment || active.contains(where: \.isSegment) { break }
                if let stopAfter, let next = pending.first, next.segment != segment {
                    // A new window: the ones before it are whole.
                    if seen.count >= stopAfter {
                        pending.removeAll()
                        break
                    }
                    segment = next.segment
                }
                active.append(pending.removeFirst())
            }
            if active.isEmpty { return nil }
            // Each cursor's next page, and under latency the pages after it (read-ahead).
            var bodies: [(cursor: Int, body: SearchRequest)] = []
            do {
                let ahead = await readAhead()
                for (index, cursor) in active.enumerated() {
                    bodies.append((index, try cursor.request()))
                    for page in stride(from: 1, to: ahead, by: 1) {
                        guard let body = try cursor.request(ahead: page) else { break }
                        bodies.append((index, body))
                    }
                }
                // A whole window's last pages leave room in the pipeline: the next window's first
                // pages fill it, so crossing a window costs no round trip; so does draining the
                // instant at a window's wall, before the rest of that window. Not under an
                // ordered LIMIT, which may not need the next window at all.
                var upcoming: SearchCursor?
                if stopAfter == nil, active.count == 1, wall == nil, let body = try active[0].wallRequest(), inFlight[body] == nil {
                    let arrived = ArrivedPage()
                    wall = (body, arrived)
                    inFlight[body] = page(body, arrived: arrived)
                }
                if stopAfter == nil, active.count == 1, bodies.count < ahead {
                    if active[0].isWholeWindow, pending.isEmpty {
                        active[0].fixNextWindow()
                        upcoming = active[0].nextWindow
                    } else if active[0].isInstantDrain {
                        upcoming = pending.first(where: \.isWindow)
                    } else if let page = wall?.arrived.page {
                        // A page that cannot start the next segment is reported, with the call,
                        // when the cursor takes it in order; here it only means no head start.
                        upcoming = (try? active[0].segment(afterWall: page)) ?? nil
                    }
                }
                if let next = upcoming {
                    bodies.append((active.count, try next.request()))
                    for page in stride(from: 1, to: ahead - bodies.count + 1, by: 1) {
                        guard bodies.count < ahead, let body = try next.request(ahead: page) else { break }
                        bodies.append((active.count, body))
                    }
                }
            } catch let error as SearchCursor.NoRoomToSplit {
                _ = error
                throw ExecutionError(message: "more than \(client.capabilities.searchResultCeiling) records match, and the "
                    + "search's filters leave no slot for the filters that split it past HubSpot's ceiling; "
                    + "narrow the WHERE clause or add LIMIT")
            }
            let pages: [ObjectPage]
            if active.count == 1, let first = bodies.first {
                pages = [try await pipelined(bodies.map(\.body))]
                bodies = [first]
            } else {
                for task in inFlight.values { task.cancel() }
                inFlight.removeAll()
                wall = nil
                let started = client.clock.now()
                pages = try await fetch(bodies.map(\.body))
                latency.record(client.clock.now() - started)
            }
            var records: [CRMObject] = []
            var still: [SearchCursor] = []
            var spawned: [SearchCursor] = []
            for (index, var cursor) in active.enumerated() {
                var step = SearchCursor.Step.next
                for (position, entry) in bodies.enumerated() where entry.cursor == index {
                    // A page read ahead counts only if the cursor reached its offset (the server's
                    // pages were the size asked for); otherwise it is dropped and asked for again.
                    guard case .next = step, (Int(entry.body.after ?? "0") ?? 0) == cursor.after else { break }
                    let page = pages[position]
                    if case .plain = cursor.mode, !cursor.hasFetched, let total = page.total {
                        await client.stats.expect(min(total, cursor.wantedLimit ?? total))
                        announced += total
                    }
                    if cursor.yieldsRecords {
                        for record in page.results where seen.insert(record.id) { records.append(record) }
                    }
                    do {
                        step = try cursor.receive(page)
                    } catch let error as SearchCursor.Inconsistent {
                        throw HubSpotError.inconsistent(error.reason, call: "POST /crm/v3/objects/\(object)/search")
                    }
                    if seen.count > announced + announced / 2 + 1_000 {
                        throw HubSpotError.inconsistent("\(seen.count.formatted()) distinct records where the searches announced "
                            + "\(announced.formatted())", call: "POST /crm/v3/objects/\(object)/search")
                    }
                }
                switch step {
                case .next:
                    still.append(cursor)
                case .replace(let next):
                    // Its wall page, if asked for early, was this cursor's (taken, or not needed).
                    wall = nil
                    for successor in next {
                        if !successor.keepsOrder { keepsOrder = false }
                        if successor.yieldsRecords { await client.stats.window() }
                    }
                    spawned += next
                }
            }
            active = still
            // Successors go first, so a single search keeps its order segment after segment.
            pending.insert(contentsOf: spawned, at: 0)
            // An ordered LIMIT's walk reads in the order's direction, window after window and
            // inside each: once the LIMIT is in hand, whatever is left sorts after it.
            if let stopAfter, seen.count >= stopAfter {
                active.removeAll()
                pending.removeAll()
            }
            if !records.isEmpty { return records }
        }
    }

    /// Pages to ask for per cursor: enough requests in flight to keep the search budget busy
    /// while answers take their time (Little's law: in flight ≥ rate × latency), split among the
    /// cursors already running, at least 1 and at most 8. On loopback that is 1: no read-ahead.
    private nonisolated(nonsending) func readAhead() async -> Int {
        guard let latency = latency.milliseconds, latency > 0 else { return 1 }
        let rate = await client.gate.searchRate()
        // One more than Little's law asks: pages are asked for in rounds (the next round starts
        // when the slowest page of this one is in), so a round's stragglers would idle the budget;
        // the extra request waits in the budget, not at HubSpot.
        let inFlight = Int((Double(rate) * Double(latency) / 1_000).rounded(.up)) + 1
        return max(1, min(8, inFlight / max(1, active.count)))
    }

    /// The first body's page, with the others asked for (or still in flight) behind it; what is
    /// in flight but no longer wanted (a segment ended, the cursor was replaced) is cancelled.
    private nonisolated(nonsending) func pipelined(_ bodies: [SearchRequest]) async throws -> ObjectPage {
        for (body, task) in inFlight where !bodies.contains(body) && body != wall?.body {
            task.cancel()
            inFlight[body] = nil
        }
        for body in bodies where inFlight[body] == nil {
            inFlight[body] = page(body)
        }
        guard let first = bodies.first, let task = inFlight.removeValue(forKey: first) else {
            throw ExecutionError(message: "no search to read")
        }
        let answer = try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
        latency.record(answer.elapsed)
        return answer.page
    }

    /// A page asked for in a task of its own, timed; `arrived` is told the page as soon as it is in.
    private func page(_ body: SearchRequest, arrived: ArrivedPage? = nil) -> Task<(page: ObjectPage, elapsed: Int64), any Error> {
        Task { [client, object] in
            let started = client.clock.now()
            let page = try await client.search(object, body)
            arrived?.page = page
            return (page, client.clock.now() - started)
        }
    }

    /// One page per body, concurrently; pages come back in the bodies' order.
    private nonisolated(nonsending) func fetch(_ bodies: [SearchRequest]) async throws -> [ObjectPage] {
        if bodies.count == 1 { return [try await client.search(object, bodies[0])] }
        return try await withThrowingTaskGroup(of: (Int, ObjectPage).self) { group in
            for (index, body) in bodies.enumerated() {
                group.addTask { [client, object] in (index, try await client.search(object, body)) }
            }
            var pages = [ObjectPage?](repeating: nil, count: bodies.count)
            for try await (index, page) in group { pages[index] = page }
            return pages.compactMap { $0 }
        }
    }
}

/// A page that a task fills in when it arrives, readable without waiting for the task.
final class ArrivedPage: Sendable {
    private let state = Mutex<ObjectPage?>(nil)
    var page: ObjectPage? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// A smoothed round-trip time (exponential moving average, weight 1/4 to the newest).
struct LatencyEstimate: Sendable {
    private(set) var milliseconds: Int64?
    mutating func record(_ sample: Int64) {
        let sample = max(0, sample)
        milliseconds = milliseconds.map { ($0 * 3 + sample) / 4 } ?? sample
    }
}

/// The list endpoint, paged with its opaque `after` (no 10,000 cap).
final class ListSource: RecordSource {
    private let client: APIClient
    private let object: String
    private let properties: [String]
    private let pageSize: Int
    private(set) var after: String?
    private var finished = false
    /// Every `after` followed so far: HubSpot documents it as opaque, so all the client can
    /// check is that it never comes back.
    private var afters = Set<String>()
    private var seen = IDSet()
    let keepsOrder = true

    /// `after`: continue a scan from there.
    private let archived: Bool

    init(client: APIClient, object: String, properties: [String], pageSize: Int, after: String? = nil, archived: Bool = false) {
        self.archived = archived
        self.client = client
        self.object = object
        self.properties = properties
        self.pageSize = pageSize
        self.after = after
        if let after { afters.insert(after) }
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        guard !finished else { return nil }
        var query = [HubSpotRequest.QueryItem("limit", String(pageSize))]
        if !properties.isEmpty { query.append(.init("properties", properties.joined(separator: ","))) }
        if archived { query.append(.init("archived", "true")) }
        if let after { query.append(.init("after", after)) }
        let path = "/crm/v3/objects/\(object)"
        let page = try await client.sendPage(HubSpotRequest(method: .get, path: path, query: query), kind: .list)
        await client.stats.page(records: page.results.count)
        let fresh = page.results.filter { seen.insert($0.id) }
        if fresh.isEmpty, !page.results.isEmpty {
            throw HubSpotError.inconsistent("a page of \(page.results.count) records that had all come already", call: "GET \(path)")
        }
        after = page.paging?.next?.after
        if let after, !afters.insert(after).inserted {
            throw HubSpotError.inconsistent("the paging cursor came back (after='\(after.prefix(40))')", call: "GET \(path)")
        }
        finished = after == nil
        return fresh
    }
}

/// Batch reads by id, `maxBatchInputs` a call; ids that do not exist are simply absent (207).
final class BatchReadSource: RecordSource {
    private let client: APIClient
    private let object: String
    private let properties: [String]
    /// Properties read with their past values (`HISTORY(p)`); none for a plain read.
    private let history: [String]
    /// The records are archived (`FROM obj ARCHIVED`): a batch read finds them only so.
    private let archived: Bool
    private var chunks: [[String]]
    private var seen = IDSet()
    let keepsOrder = false

    init(client: APIClient, object: String, ids: [String], properties: [String], batchSize: Int,
         history: [String] = [], archived: Bool = false) {
        self.client = client
        self.object = object
        self.properties = properties
        self.history = history
        self.archived = archived
        chunks = PhysicalPlan.chunks(ids, of: batchSize)
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        guard !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        let body = try JSONEncoder().encode(BatchReadRequest(inputs: chunk.map(ObjectID.init), properties: properties,
                                                             propertiesWithHistory: history.isEmpty ? nil : history))
        let path = "/crm/v3/objects/\(object)/batch/read"
        let query = archived ? [HubSpotRequest.QueryItem("archived", "true")] : []
        let response = try await client.send(HubSpotRequest(method: .post, path: path, query: query, body: body),
                                             kind: .batchRead, as: BatchResponse<CRMObject>.self)
        if history.isEmpty { await client.stats.page(records: response.results.count) }
        let asked = Set(chunk)
        if let stranger = response.results.first(where: { !asked.contains($0.id) }) {
            throw HubSpotError.inconsistent("record \(stranger.id.prefix(40)), which was not asked for", call: "POST \(path)")
        }
        return response.results.filter { seen.insert($0.id) }
    }
}

/// Records already in hand (tests, and plans that need no request).
final class EmptySource: RecordSource {
    let keepsOrder = true
    nonisolated(nonsending) func next() async throws -> [CRMObject]? { nil }
}

/// A failure of the run that is not HubSpot's: said plainly.
public struct ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error saying `message`.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
