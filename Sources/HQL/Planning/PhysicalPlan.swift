import Foundation
import HubSpotAPI

/// The HubSpot calls that answer a query, and what the client does with their rows.
struct PhysicalPlan: Sendable {
    enum Access: Sendable, Hashable {
        /// `COUNT(*)` from the search's `total`, one request of `limit` 1.
        case countFromTotal(SearchRequest)
        /// `MIN`/`MAX` of numbers and instants, no GROUP BY: per aggregate, the first record of a
        /// search sorted on its property (required to have a value), `limit` 1.
        case extremes([SearchRequest])
        /// Searches whose union (de-duplicated by id) is the answer, each paged with `after`.
        case search([SearchRequest])
        /// The list endpoint: no filters, no 10,000 cap.
        case list(properties: [String], pageSize: Int)
        /// Batch reads by id, at most `maxBatchInputs` ids each.
        case batchRead(ids: [String], properties: [String])
        /// `GROUP BY` one enumeration with only `COUNT(*)`: one counting search (`limit` 1, read
        /// `total`) per option, plus one for records without a value.
        case countPerOption(property: String, options: [Property.Option], searches: [SearchRequest])
        /// The condition can never hold: no request at all.
        case empty
        /// The members of a HubSpot list (by name or id) of the plan's object: ids only.
        case listMembers(String)
        /// `COUNT(*)` of a list's members: its size from its metadata (one request); negated
        /// (`NOT IN LIST`), every record counted (one search of `limit` 1) less the size.
        case listSize(String, negated: Bool)
        /// The rows of ``PhysicalPlan/derived``'s query (a WITH query, `FROM (SELECT …)`).
        case derived
    }

    /// What happens when a search matches more than the ceiling.
    enum Overflow: String, Sendable, Hashable {
        /// Sort by hs_object_id and continue past the wall with `hs_object_id > last`.
        case keyset = "keyset on hs_object_id"
        /// `ORDER BY hs_object_id DESC`: sort by it descending and continue with `hs_object_id < last`.
        case keysetDescending = "keyset on hs_object_id, descending"
        /// Split on the creation date: windows walked one after another, each sized from the
        /// density the one before met; ties at a window's wall drained by keyset.
        case windows = "createdate windows"
        /// `ORDER BY p LIMIT n` past the ceiling on another number or date: continue past the
        /// last value read, its ties drained by id, records without a value last (``SearchCursor``).
        case valueKeyset = "keyset on the sort property (ties by hs_object_id, no value last)"
        case notNeeded = "none"
    }

    var object: ObjectType
    var access: Access
    /// The client re-checks the WHERE clause (HubSpot could only narrow it).
    var residualFilter: Bool
    /// ORDER BY keys the client sorts by (none when the search's one sort is enough).
    var clientSort: [BoundOrder]
    var limit: Int?
    var offset: Int
    var overflow: Overflow
    var columns: [BoundColumn]
    /// GROUP BY keys the client aggregates on (empty when HubSpot's totals answer it).
    var clientGroupBy: [String] = []
    /// SELECT DISTINCT: the client drops repeated rows.
    var distinct = false
    /// The bound statement: the executor re-checks its WHERE, sorts by its ORDER BY when a split
    /// loses the pushed order, and aggregates its groups.
    var query: BoundQuery {
        didSet { compiledPredicate = nil }  // compiled from the old predicate
    }
    /// Properties every read of the FROM object asks for.
    var properties: [String] = []
    /// Searches of associated objects under conditions (semi-joins), run before the FROM reads.
    var semiJoins: [SemiJoinPlan] = []
    /// Whether a semi-join replaces ``access`` at run time (see ``SemiJoinPlan``).
    var driven = false
    /// Ids a batch read sends a call (the capabilities' `maxBatchInputs`): EXPLAIN and the
    /// executor chunk with this one value.
    var batchSize = 100
    /// Records a `HISTORY(p)` read sends a call (the capabilities' `maxHistoryReadInputs`).
    var historyBatchSize = 50
    /// The limits the plan was made for (EXPLAIN builds the calls a cursor will send with them).
    var capabilities = SearchCapabilities.hubSpot

    /// `ids` in calls of `size`.
    static func chunks(_ ids: [String], of size: Int) -> [[String]] {
        stride(from: 0, to: ids.count, by: max(1, size)).map { Array(ids[$0..<min(ids.count, $0 + max(1, size))]) }
    }

    /// The list endpoint reads archived records (`archived=true`).
    var archived = false

    /// The inner query whose rows this plan reads (for ``Access/derived``; none or one).
    var derived: [PhysicalPlan] = []
    /// `GROUP BY` a date bucket with only `COUNT(*)`: counted by HubSpot one bucket a search
    /// when that costs fewer requests than ``access``'s scan (decided after two probes).
    var bucketCounting: BucketCounting?
    /// A list scan also reads through search (a descending keyset) until the union holds every
    /// record: both budgets at once (``DualScanSource``).
    var searchAlongside = false
    /// `IN (SELECT …)` subqueries: they run first, and the query is planned again with their values.
    var subqueries: [SubqueryPlan] = []
    /// `[NOT] IN LIST` beside other conditions: which side is read first is chosen at run time.
    var listChoice: ListChoicePlan?
    /// Lists looked up while planning (`FROM LIST`), by the name or id the statement uses.
    var knownLists: [String: ListInfo] = [:]
    /// ``query``'s predicate compiled for the client-side re-check, by the first row that needs
    /// it (planning stays cheap); a plan planned again starts without one.
    var compiledPredicate: CompiledPredicate?

    /// Records the executor needs from HubSpot: LIMIT + OFFSET when the search's own order and
    /// filter are exact, else all of them.
    var wantedRecords: Int? {
        guard let limit, !residualFilter, clientSort.isEmpty, !distinct, !query.isAggregate,
              !query.associationsChangeRows else { return nil }
        return limit + offset
    }

    /// Past the ceiling by windows, whether rows still come in the ORDER BY's order, so stream:
    /// when the order is the walk's own — the creation property ascending, or descending under a
    /// LIMIT past the ceiling (walked newest first). Otherwise every row read is sorted on the
    /// client (``SearchCursor/keepsOrder`` is the run's side of this).
    var windowsDeliverOrder: Bool {
        guard overflow == .windows, case .search(let bodies) = access, bodies.count == 1,
              let sort = bodies[0].sorts.first, sort.propertyName == object.creationProperty else { return false }
        return sort.direction == .ascending || (wantedRecords.map { $0 > capabilities.searchResultCeiling } ?? false)
    }

    /// Every first request the plan sends (later pages differ only in `after`): subqueries and
    /// semi-join searches first, then the FROM reads (when a semi-join drives them, the first call
    /// of each strategy it chooses between), then the association reads of the first page. Ids
    /// known only at run time are shown as `$…` placeholders.
    var requests: [PlannedRequest] {
        if listChoice != nil { return listChoiceRequests + associationReadRequests + historyReadRequests }
        return subqueries.flatMap(\.plan.requests) + semiJoins.flatMap(\.inner.requests) + bucketProbeRequests
            + (driven ? drivenRequests : accessRequests) + associationReadRequests + historyReadRequests
    }

    /// A date-bucket count's two probes (sent first; the scan after them only if it is cheaper).
    var bucketProbeRequests: [PlannedRequest] {
        guard let counting = bucketCounting else { return [] }
        return [true, false].map {
            PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/search", body: .search(counting.probe(ascending: $0)))
        }
    }

    var accessRequests: [PlannedRequest] {
        let base = "/crm/v3/objects/\(object.name)"
        switch access {
        case .countFromTotal(let body):
            return [PlannedRequest(method: .post, path: base + "/search", body: .search(body))]
        case .search(let bodies), .extremes(let bodies):
            return bodies.map { PlannedRequest(method: .post, path: base + "/search", body: .search($0)) }
        case .list(let properties, _) where searchAlongside && !archived:
            return [dualScanFirstCall(properties)].compactMap { $0 }
        case .list(let properties, let pageSize):
            var query = [HubSpotRequest.QueryItem("limit", String(pageSize))]
            if !properties.isEmpty { query.append(.init("properties", properties.joined(separator: ","))) }
            if archived { query.append(.init("archived", "true")) }
            return [PlannedRequest(method: .get, path: base, query: query, body: nil)]
        case .batchRead(let ids, let properties):
            return Self.chunks(ids, of: batchSize).map { chunk in
                return PlannedRequest(method: .post, path: base + "/batch/read",
                                      body: .batchRead(ids: chunk, properties: properties))
            }
        case .countPerOption(_, _, let bodies):
            return bodies.map { PlannedRequest(method: .post, path: base + "/search", body: .search($0)) }
        case .empty:
            return []
        case .derived:
            return derived.flatMap(\.requests)
        case .listMembers(let list):
            // The list is looked up first unless known (by id too: it must be of this object).
            let id = knownLists[list]?.id ?? (Int(list) != nil ? list : nil)
            var calls = listMetadataRequest(list).map { [$0] } ?? []
            calls.append(PlannedRequest(method: .get, path: "/crm/v3/lists/\(id ?? "$id")/memberships",
                                        query: [.init("limit", String(ListMembersSource.pageSize))], body: nil))
            return calls
        case .listSize(let list, let negated):
            var calls = listMetadataRequest(list).map { [$0] } ?? []
            if negated { calls.append(PlannedRequest(method: .post, path: base + "/search", body: .search(Self.countEverything))) }
            return calls
        }
    }

    /// A scan through both budgets starts with search's first page, bounded by the statement's
    /// start (a run-time value: `$start` here); the list's call follows only past
    /// ``DualScanSource/searchAlone`` records, so the tree names it instead.
    private func dualScanFirstCall(_ properties: [String]) -> PlannedRequest? {
        let context = SearchCursor.Context(object: object.name, creationProperty: object.creationProperty, overflow: .keysetDescending,
                                           startedAt: query.startedAt, capabilities: capabilities)
        guard var body = try? DualScanSource.firstCursor(properties: properties, context: context).request() else { return nil }
        for group in body.filterGroups.indices {
            for filter in body.filterGroups[group].filters.indices where body.filterGroups[group].filters[filter].propertyName == object.creationProperty {
                body.filterGroups[group].filters[filter].value = "$start"
            }
        }
        return PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/search", body: .search(body))
    }

    /// How many requests the first page of each call costs (the estimate EXPLAIN shows); a
    /// driven plan lists both strategies' first calls but runs one: (a) one search, or (b) two reads.
    var estimatedRequests: Int {
        if let choice = listChoice {
            // The metadata and the count, then the first call of the direction chosen.
            return (listMetadataRequest(choice.list) == nil ? 0 : 1) + (choice.probe == nil ? 0 : 1) + 1
        }
        guard driven, let driver = semiJoins.first else { return requests.count }
        let alternatives = drivenRequests.count
        let chosen = driver.pseudoProperty != nil && driver.idsPerSearch > 0 ? 1 : 2
        return requests.count - alternatives + chosen
    }
}

/// One planned HTTP call, with its exact body.
struct PlannedRequest: Sendable, Hashable {
    enum Body: Sendable, Hashable {
        case search(SearchRequest)
        case batchRead(ids: [String], properties: [String])
        /// A v4 associations batch read (`ids` may be a placeholder in EXPLAIN).
        case associationRead(ids: [String])
        /// A batch read of one property's past values (`ids` may be a placeholder in EXPLAIN).
        case historyRead(ids: [String], property: String)
        /// A Lists API batch read of records' memberships.
        case membershipRead(objectTypeId: String, ids: [String])
    }

    var method: HTTPMethod
    var path: String
    var query: [HubSpotRequest.QueryItem] = []
    var body: Body?

    /// The body as JSON with sorted keys (what golden tests compare).
    func bodyJSON() -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch body {
        case .search(let search): return try? encoder.encode(search)
        case .batchRead(let ids, let properties):
            struct Input: Encodable { var id: String }
            struct Read: Encodable {
                var inputs: [Input]
                var properties: [String]
            }
            return try? encoder.encode(Read(inputs: ids.map(Input.init), properties: properties))
        case .associationRead(let ids):
            return try? encoder.encode(BatchInput(inputs: ids.map { AssociationReadInput(id: $0) }))
        case .historyRead(let ids, let property):
            return try? encoder.encode(Self.historyBody(ids: ids, property: property))
        case .membershipRead(let objectTypeId, let ids):
            struct Input: Encodable {
                var objectTypeId: String
                var recordId: String
            }
            struct Read: Encodable { var inputs: [Input] }
            return try? encoder.encode(Read(inputs: ids.map { Input(objectTypeId: objectTypeId, recordId: $0) }))
        case nil: return nil
        }
    }
}
