import HubSpotAPI

/// `[NOT] IN LIST '…'` with other conditions: two directions, chosen at run time by request count.
/// (a) the list's members first (250 a page), their ids an IN list of the search for the rest;
/// (b) the search for the rest first, then each page's records' memberships (one batch read per
/// 100 records), keeping those in the list (or, negated, those not in it). The list's size comes
/// with its metadata (one request either way); the rest is counted by one search of `limit` 1.
struct ListChoicePlan: Sendable {
    /// The list's name or id, as written.
    var list: String
    var negated: Bool
    /// The statement without the list condition, read first in direction (b) (an array: a plan
    /// holds this value, and a struct cannot hold itself directly).
    private var restPlan: [PhysicalPlan]
    var rest: PhysicalPlan {
        get { restPlan[0] }
        set { restPlan = [newValue] }
    }
    /// Counts the rest (its one search with `limit` 1); nil when ``restIds`` knows the count.
    var probe: SearchRequest?
    /// The rest is a batch read of these many ids: no count needed.
    var restIds: Int?
    /// LIMIT + OFFSET when the rest's reads come in the statement's order: (b) stops early.
    var wanted: Int?
    /// No condition but the list's (and a LIMIT): the rest is every record of the object.
    var everything = false
    /// The statement has an ORDER BY (so (a) reads every member's record before sorting).
    var ordered = false
    /// Records a page of the rest's reads holds (search 200, list endpoint 100).
    var restPageSize = 200
    /// Whether the rest's reads keep their order past 10,000 records (no order, or a keyset on
    /// `hs_object_id`): (b) may then stop early however many records there are.
    var orderHoldsPastCeiling = false

    init(list: String, negated: Bool, rest: PhysicalPlan, probe: SearchRequest? = nil, restIds: Int? = nil) {
        self.list = list
        self.negated = negated
        self.restPlan = [rest]
        self.probe = probe
        self.restIds = restIds
    }

    /// Requests each direction costs, for a list of `size` members and a rest of `rest` records.
    func costs(size: Int, rest: Int, capabilities: SearchCapabilities) -> (members: Int, records: Int) {
        func ceil(_ a: Int, _ b: Int) -> Int { b > 0 ? (a + b - 1) / b : 0 }
        let memberPages = ceil(size, ListMembersSource.pageSize)
        // (a): member pages, then the records: with no other condition a batch read of the
        // members by id (all of them to sort; without ORDER BY only up to the LIMIT); else a
        // search holding their ids, returning at most min(size, rest) records (all of the
        // rest's when negated: NOT IN narrows nothing past 100 ids), fewer under a LIMIT in the
        // search's order.
        var found = negated ? rest : min(size, rest)
        if let wanted { found = min(found, wanted) }
        let members: Int
        if everything, !negated {
            let read = ordered ? size : min(size, wanted ?? size)
            members = memberPages + max(1, ceil(read, capabilities.maxBatchInputs))
        } else {
            members = memberPages + max(1, ceil(found, capabilities.maxSearchPageSize))
        }
        // (b): the rest's pages, and a membership batch read per 100 of its records. Under a
        // LIMIT with no other condition, about wanted × rest / size records are read before
        // `wanted` members are found (members spread evenly), when the reads keep their order;
        // with other conditions how many of the rest are members is unknown, so all of it counts.
        var read = rest
        if let wanted, everything, !negated, size > 0, rest <= capabilities.searchResultCeiling || orderHoldsPastCeiling {
            read = min(rest, Int((Double(wanted) * Double(rest) / Double(size)).rounded(.up)))
        }
        let pages = max(1, ceil(read, restPageSize))
        let records = pages + ceil(min(rest, pages * restPageSize), ListCatalog.membershipBatchSize)
        return (members, records)
    }
}

extension Planner {
    /// `SELECT COUNT(*) FROM obj WHERE [NOT] IN LIST 'x'` and nothing else: the list's size (NOT:
    /// every record's count less it).
    func listSizeAccess(_ query: BoundQuery) -> (list: String, negated: Bool)? {
        guard query.isCountOnly, query.predicate == nil, query.searchText == nil, query.associations.isEmpty,
              query.having == nil, query.havingCondition == nil, query.subqueries.count == 1,
              let subquery = query.subqueries.first, subquery.property == "hs_object_id",
              let list = subquery.query.listMembership else { return nil }
        return (list, subquery.negated)
    }

    /// The other direction for one `[NOT] IN LIST` beside other conditions, when the rest can be
    /// counted (one search, or ids read by batch).
    func listChoice(_ query: BoundQuery) -> ListChoicePlan? {
        guard query.subqueries.count == 1, let subquery = query.subqueries.first, subquery.property == "hs_object_id",
              let list = subquery.query.listMembership else { return nil }
        let everything = query.predicate == nil && query.searchText == nil
        // With no other condition only a LIMIT can make the records' side cheaper.
        if everything, query.limit == nil || query.isAggregate || query.distinct { return nil }
        var rest = query
        rest.subqueries = []
        rest.membershipChecked = true
        let restPlan = self.plan(rest)
        guard restPlan.semiJoins.isEmpty, restPlan.bucketCounting == nil else { return nil }
        var choice: ListChoicePlan
        switch restPlan.access {
        case .search(let bodies) where bodies.count == 1:
            let probe = SearchRequest(filterGroups: bodies[0].filterGroups, query: bodies[0].query, properties: ["hs_object_id"], limit: 1)
            choice = ListChoicePlan(list: list, negated: subquery.negated, rest: restPlan, probe: probe)
        case .batchRead(let ids, _):
            choice = ListChoicePlan(list: list, negated: subquery.negated, rest: restPlan, restIds: ids.count)
        case .list(_, let pageSize) where everything && query.orderBy.isEmpty:
            // Any records will do: the list endpoint, every record counted by one search.
            choice = ListChoicePlan(list: list, negated: subquery.negated, rest: restPlan,
                                    probe: SearchRequest(filterGroups: [], properties: ["hs_object_id"], limit: 1))
            choice.restPageSize = pageSize
            choice.orderHoldsPastCeiling = true
        default:
            return nil
        }
        choice.everything = everything
        choice.ordered = !query.orderBy.isEmpty
        if let limit = query.limit, restPlan.clientSort.isEmpty, !query.isAggregate, !query.distinct {
            switch restPlan.access {
            case .search(let bodies) where bodies.count == 1:
                choice.wanted = limit + query.offset
                choice.orderHoldsPastCeiling = restPlan.overflow == .keyset || restPlan.overflow == .keysetDescending
            case .list:
                choice.wanted = limit + query.offset
            default:
                break
            }
        }
        return choice
    }
}

extension PhysicalPlan {
    /// Counts every record of the object (`total` of an unfiltered search).
    static let countEverything = SearchRequest(filterGroups: [], properties: ["hs_object_id"], limit: 1)

    /// `'1' (Newsletter)` when the list was looked up while planning, else `'Newsletter'`.
    func listTitle(_ list: String) -> String {
        "'\(list)'" + (knownLists[list].map { $0.name == list ? "" : " (\($0.name))" } ?? "")
    }

    /// The list's metadata call (its id, object and size), unless it was looked up while planning.
    func listMetadataRequest(_ list: String) -> PlannedRequest? {
        if knownLists[list] != nil { return nil }
        return PlannedRequest(method: .get, path: ListCatalog.path(of: list, objectTypeId: object.typeId), body: nil)
    }

    /// What a list choice sends: the list's metadata and the rest's count first (always), then
    /// (a) the members and the search with their ids, or (b) the rest's reads and the first
    /// membership batch read.
    var listChoiceRequests: [PlannedRequest] {
        guard let choice = listChoice else { return [] }
        var calls: [PlannedRequest] = []
        if let metadata = listMetadataRequest(choice.list) { calls.append(metadata) }
        if let probe = choice.probe {
            calls.append(PlannedRequest(method: .post, path: "/crm/v3/objects/\(object.name)/search", body: .search(probe)))
        }
        let members = knownLists[choice.list]?.id ?? "$list id"
        calls.append(PlannedRequest(method: .get, path: "/crm/v3/lists/\(members)/memberships", query: [.init("limit", "250")],
                                    body: nil))
        calls += accessRequests
        calls += choice.rest.accessRequests
        calls.append(PlannedRequest(method: .post, path: "/crm/v3/lists/records/memberships/batch/read",
                                    body: .membershipRead(objectTypeId: object.typeId, ids: ["$\(object.name) ids of each page"])))
        return calls
    }

    /// EXPLAIN's node for the choice: both directions, their costs, and how the choice is made.
    var listChoiceTree: PlanTree? {
        guard let choice = listChoice else { return nil }
        let condition = (choice.negated ? "NOT IN LIST " : "IN LIST ") + listTitle(choice.list)
        let count = choice.probe != nil ? "R = the rest's total (1 search, limit 1)" : "R = \(choice.restIds ?? 0) ids"
        let early = choice.wanted.map { wanted in
            choice.everything ? "; under LIMIT \(wanted) ≈ \(wanted)·R/S records are read"
                + (choice.orderHoldsPastCeiling ? "" : " (when R ≤ 10,000: past it the order needs every record)")
                              : "; the reads stop at LIMIT \(wanted)"
        } ?? ""
        let reads = choice.restPageSize == 200 ? "the search below (⌈R/200⌉ pages)" : "the list endpoint (⌈R/100⌉ pages)"
        var attributes: [(String, String)] = [
            ("condition", condition),
            ("adaptive", "the list's size S from its metadata (1 request); \(count); the cheaper direction runs"),
            ("(a) members first", choice.everything && !choice.negated
                ? "⌈S/250⌉ membership pages, then the members read by id: ⌈S/250⌉ + ⌈"
                    + (choice.ordered ? "S" : "min(S, LIMIT)") + "/100⌉ requests"
                : "⌈S/250⌉ membership pages, then the search with their ids (IN batches): ≈ ⌈S/250⌉ + ⌈"
                    + (choice.negated ? "R" : "min(S, R)") + "/200⌉ requests"),
            ("(b) the rest first", reads + ", then the memberships of each page's records: "
                + "⌈R/100⌉ batch reads; keeps records \(choice.negated ? "not in the" : "in the") list" + early),
            ("choice", "(b) when it costs fewer requests than (a); (a) when the list's size is unknown"),
        ]
        if let known = knownLists[choice.list], let size = known.size { attributes.append(("list size", "S = \(size)")) }
        return PlanTree(name: "ListChoice", attributes: attributes, children: [choice.rest.accessTree])
    }
}
