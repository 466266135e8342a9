import AsyncAlgorithms
import HubSpotAPI
import Synchronization

/// A scan of every record, through search alone when the table is small and through both of
/// HubSpot's budgets at once when it is large: the list endpoint (the general budget, 100
/// records a call) from its start, and search (its own 5 a second, 200 a call) as a descending
/// `hs_object_id` keyset from the top.
///
/// The first call is the search's first page (records created up to the statement's start, the
/// highest ids first): its `total` is how many records the scan must return. Up to
/// ``searchAlone`` more, search goes on alone — 200 records a call where the list reads 100, and
/// the list's few seconds saved would cost a quarter more requests. Past that, the list starts
/// too. Its `after` is opaque and its order unpromised, so the two are not told where to meet:
/// the scan stops when the union, de-duplicated by id, holds `total` (or both sides end).
/// Records created during the run are left out, as every split past 10,000 leaves them out.
///
/// With both sides, each runs in a task of its own and hands pages over a channel that holds one
/// page: a side waits while the consumer has not taken its last page (flat memory); cancelling
/// the consumer, or dropping the source, cancels both sides and their requests.
final class DualScanSource: RecordSource {
    private let client: APIClient
    private let object: String
    private let properties: [String]
    private let listPageSize: Int
    private let startedAt: Int64
    private let context: SearchCursor.Context
    private let channel = AsyncThrowingChannel<[CRMObject], any Error>()
    private var iterator: AsyncThrowingChannel<[CRMObject], any Error>.AsyncIterator?
    private var producers: [Task<Void, Never>] = []
    private var sides: Sides?
    private var seen = IDSet()
    private var target = 0
    private var started = false
    private var finished = false
    /// The search going on alone (a small table).
    private var alone: SearchSource?
    /// Records left after the first page up to which search reads alone: at search's 1,000
    /// records a second, the list would save about a second.
    static let searchAlone = 5_000
    let keepsOrder = false

    init(client: APIClient, object: String, properties: [String], listPageSize: Int, creationProperty: String, startedAt: Int64) {
        self.client = client
        self.object = object
        self.properties = properties
        self.listPageSize = listPageSize
        self.startedAt = startedAt
        context = SearchCursor.Context(object: object, creationProperty: creationProperty, overflow: .keysetDescending,
                                       startedAt: startedAt, capabilities: client.capabilities)
    }

    deinit {
        for producer in producers { producer.cancel() }
        channel.finish()
    }

    /// The search's first call (also what EXPLAIN shows): the highest ids created up to `startedAt`.
    static func firstCursor(properties: [String], context: SearchCursor.Context) -> SearchCursor {
        SearchCursor(base: SearchRequest(filterGroups: [], properties: properties, limit: context.capabilities.maxSearchPageSize),
                     context: context, mode: .keyset(lastID: nil, low: nil, high: context.startedAt))
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        if finished { return nil }
        if !started {
            started = true
            let records = try await begin()
            if !records.isEmpty || finished { return finished && records.isEmpty ? nil : records }
        }
        if let alone {
            while let page = try await alone.next() {
                let records = page.filter { !createdAfterStart($0) && seen.insert($0.id) }
                if !records.isEmpty { return records }
            }
            finished = true
            return nil
        }
        let producers = self.producers
        while true {
            let page = try await withTaskCancellationHandler {
                try await iterator?.next()
            } onCancel: {
                for producer in producers { producer.cancel() }
            }
            guard let page else {
                await stop()
                return nil
            }
            var records: [CRMObject] = []
            for record in page where !createdAfterStart(record) && seen.insert(record.id) { records.append(record) }
            if seen.count >= target {
                await stop()
                return records.isEmpty ? nil : records
            }
            if !records.isEmpty { return records }
        }
    }

    /// The first search page: its records, the scan's target, and which sides go on.
    private nonisolated(nonsending) func begin() async throws -> [CRMObject] {
        var cursor = Self.firstCursor(properties: properties, context: context)
        let path = "POST /crm/v3/objects/\(object)/search"
        let page = try await client.search(object, try cursor.request())
        guard let total = page.total else { throw HubSpotError.inconsistent("a search page has no total", call: path) }
        target = total
        seen.reserve(total)
        await client.stats.expect(target)
        let step: SearchCursor.Step
        do {
            step = try cursor.receive(page)
        } catch let error as SearchCursor.Inconsistent {
            throw HubSpotError.inconsistent(error.reason, call: path)
        }
        let rest: [SearchCursor]
        switch step {
        case .next: rest = [cursor]
        case .replace(let next): rest = next
        }
        let records = page.results.filter { !createdAfterStart($0) && seen.insert($0.id) }
        if rest.isEmpty || seen.count >= target {
            finished = true
            return records
        }
        if target - seen.count <= Self.searchAlone {
            alone = SearchSource(client: client, object: object, cursors: rest, concurrency: 1, announced: target)
            return records
        }
        iterator = channel.makeAsyncIterator()
        let sides = Sides(2)
        self.sides = sides
        producers = [
            Self.listSide(client: client, object: object, properties: properties, pageSize: listPageSize, channel: channel, sides: sides),
            Self.searchSide(client: client, object: object, cursors: rest, announced: target, channel: channel, sides: sides),
        ]
        return records
    }

    /// A statement that stops reading early (a LIMIT reached) ends both sides before its
    /// statistics are final, as the scan's own end does.
    nonisolated(nonsending) func close() async {
        await alone?.close()
        if !finished, !producers.isEmpty { await stop() }
    }

    /// Ends both sides and waits for them, so that the statistics are final when the consumer
    /// hears of the end. The sides are told to send nothing more, not cancelled: a request
    /// cancelled just after it was counted may never have been written, and the count would be
    /// one above the server's. Waiting for what is in flight costs at most one round trip.
    private nonisolated(nonsending) func stop() async {
        finished = true
        sides?.stop()
        channel.finish()
        for producer in producers { await producer.value }
    }

    private func createdAfterStart(_ record: CRMObject) -> Bool {
        (record.createdMilliseconds ?? Int64.min) > startedAt
    }

    private static func listSide(client: APIClient, object: String, properties: [String], pageSize: Int,
                                 channel: AsyncThrowingChannel<[CRMObject], any Error>, sides: Sides) -> Task<Void, Never> {
        Task {
            let list = ListSource(client: client, object: object, properties: properties, pageSize: pageSize)
            await produce(from: list, into: channel, sides: sides)
        }
    }

    private static func searchSide(client: APIClient, object: String, cursors: [SearchCursor], announced: Int,
                                   channel: AsyncThrowingChannel<[CRMObject], any Error>, sides: Sides) -> Task<Void, Never> {
        Task {
            let search = SearchSource(client: client, object: object, cursors: cursors, concurrency: 1, announced: announced)
            await produce(from: search, into: channel, sides: sides)
        }
    }

    private static func produce(from source: any RecordSource, into channel: AsyncThrowingChannel<[CRMObject], any Error>,
                                sides: Sides) async {
        do {
            while !Task.isCancelled, !sides.stopping, let page = try await source.next() {
                await channel.send(page)
            }
            if sides.stopping { await source.settle() } else { await source.close() }
            if sides.done() { channel.finish() }
        } catch is CancellationError {
            await source.close()
            return
        } catch {
            await source.close()
            channel.fail(error)
        }
    }

    /// The sides still running (the last to end closes the channel), and whether the scan has
    /// what it needs (each side then sends no more requests).
    private final class Sides: Sendable {
        private let state: Mutex<(left: Int, stopping: Bool)>
        init(_ count: Int) { state = Mutex((count, false)) }
        func done() -> Bool { state.withLock { $0.left -= 1; return $0.left == 0 } }
        func stop() { state.withLock { $0.stopping = true } }
        var stopping: Bool { state.withLock { $0.stopping } }
    }
}
