import AsyncAlgorithms
import HubSpotAPI
import Synchronization

/// A scan of every record through both of HubSpot's budgets at once: the list endpoint (the
/// general budget, 100 records a call) from its start, and search (its own 5 a second, 200 a
/// call) as a descending `hs_object_id` keyset from the top. The list's `after` is opaque and
/// its order unpromised, so the two are not told where to meet: one counting search says how
/// many records existed at the statement's start, and the scan stops when the union, de-duplicated
/// by id, holds that many (or both sides end). Records created during the run are left out, as
/// every split past 10,000 leaves them out.
///
/// The first ``listAlone`` pages come from the list alone, pulled as a plain list scan is: a
/// scan that ends there costs what it always did. Past them, each side runs in a task of its
/// own and hands pages over a channel that holds one page: a side waits while the consumer has
/// not taken its last page (flat memory); cancelling the consumer, or dropping the source,
/// cancels both sides and their requests.
final class DualScanSource: RecordSource {
    private let client: APIClient
    private let object: String
    private let properties: [String]
    private let listPageSize: Int
    private let creationProperty: String
    private let startedAt: Int64
    private let channel = AsyncThrowingChannel<[CRMObject], any Error>()
    private var iterator: AsyncThrowingChannel<[CRMObject], any Error>.AsyncIterator?
    private var producers: [Task<Void, Never>] = []
    private var seen = IDSet()
    private var target = 0
    private var finished = false
    /// The list pulled alone, until ``listAlone`` pages have come and there is more.
    private var list: ListSource?
    private var listPages = 0
    /// Three pages (300 records): past them a scan is long enough for the counting search and
    /// the second side to pay (each list page alone is a round trip the search budget sits out).
    static let listAlone = 3
    let keepsOrder = false

    init(client: APIClient, object: String, properties: [String], listPageSize: Int, creationProperty: String, startedAt: Int64) {
        self.client = client
        self.object = object
        self.properties = properties
        self.listPageSize = listPageSize
        self.creationProperty = creationProperty
        self.startedAt = startedAt
        list = ListSource(client: client, object: object, properties: properties, pageSize: listPageSize)
    }

    deinit {
        for producer in producers { producer.cancel() }
        channel.finish()
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        if finished { return nil }
        while let list {
            guard let page = try await list.next() else {
                finished = true
                return nil
            }
            listPages += 1
            if listPages >= Self.listAlone, let after = list.after {
                self.list = nil
                try await start(listAfter: after)
            }
            let records = page.filter { !createdAfterStart($0) && seen.insert($0.id) }
            if !records.isEmpty { return records }
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

    /// A statement that stops reading early (a LIMIT reached) ends both sides before its
    /// statistics are final, as the scan's own end does.
    nonisolated(nonsending) func close() async {
        if !finished, !producers.isEmpty { await stop() }
    }

    /// Ends both sides and waits for them, so that the statistics are final (requests cancelled
    /// in flight are not counted) when the consumer hears of the end.
    private nonisolated(nonsending) func stop() async {
        finished = true
        for producer in producers { producer.cancel() }
        channel.finish()
        for producer in producers { await producer.value }
    }

    private func createdAfterStart(_ record: CRMObject) -> Bool {
        (ISO8601Milliseconds.parse(record.createdAt) ?? Int64.min) > startedAt
    }

    /// The count of records at the start, then both sides (the list from where it was).
    private nonisolated(nonsending) func start(listAfter: String) async throws {
        let bound = Filter(propertyName: creationProperty, operator: .lte, value: String(startedAt))
        target = try await client.count(object, SearchRequest(filterGroups: [FilterGroup(filters: [bound])],
                                                              properties: ["hs_object_id"], limit: 1))
        await client.stats.expect(target)
        iterator = channel.makeAsyncIterator()
        let sides = Countdown(2)
        let context = SearchCursor.Context(object: object, creationProperty: creationProperty, overflow: .keysetDescending,
                                           startedAt: startedAt, capabilities: client.capabilities)
        producers = [
            Self.listSide(client: client, object: object, properties: properties, pageSize: listPageSize, after: listAfter,
                          channel: channel, sides: sides),
            Self.searchSide(client: client, object: object, properties: properties, context: context, announced: target,
                            channel: channel, sides: sides),
        ]
    }

    private static func listSide(client: APIClient, object: String, properties: [String], pageSize: Int, after: String,
                                 channel: AsyncThrowingChannel<[CRMObject], any Error>, sides: Countdown) -> Task<Void, Never> {
        Task {
            let list = ListSource(client: client, object: object, properties: properties, pageSize: pageSize, after: after)
            await produce(from: list, into: channel, sides: sides)
        }
    }

    private static func searchSide(client: APIClient, object: String, properties: [String], context: SearchCursor.Context,
                                   announced: Int, channel: AsyncThrowingChannel<[CRMObject], any Error>,
                                   sides: Countdown) -> Task<Void, Never> {
        Task {
            let keyset = SearchCursor(base: SearchRequest(filterGroups: [], properties: properties,
                                                          limit: client.capabilities.maxSearchPageSize),
                                      context: context, mode: .keyset(lastID: nil, low: nil, high: context.startedAt))
            let search = SearchSource(client: client, object: object, cursors: [keyset], concurrency: 1, announced: announced)
            await produce(from: search, into: channel, sides: sides)
        }
    }

    private static func produce(from source: any RecordSource, into channel: AsyncThrowingChannel<[CRMObject], any Error>,
                                sides: Countdown) async {
        do {
            while !Task.isCancelled, let page = try await source.next() {
                await channel.send(page)
            }
            await source.close()
            if sides.done() { channel.finish() }
        } catch is CancellationError {
            await source.close()
            return
        } catch {
            await source.close()
            channel.fail(error)
        }
    }

    /// The sides still running; the last to end closes the channel.
    private final class Countdown: Sendable {
        private let left: Mutex<Int>
        init(_ count: Int) { left = Mutex(count) }
        func done() -> Bool { left.withLock { $0 -= 1; return $0 == 0 } }
    }
}
