import Foundation

/// One neutral tree for EXPLAIN (DuckDB's RenderTree): a node name and ordered attributes,
/// rendered as text for people and as JSON for tests and tools.
struct PlanTree: Sendable {
    var name: String
    var attributes: [(key: String, value: String)]
    var children: [PlanTree] = []

    /// Indented text, one node a line, its attributes beneath it.
    func text(prefix: String = "", isChild: Bool = false) -> String {
        var out = prefix + (isChild ? "└─ " : "") + name + "\n"
        let inner = prefix + (isChild ? "   " : "")
        for (key, value) in attributes { out += inner + "    " + key + ": " + value + "\n" }
        for child in children { out += child.text(prefix: inner, isChild: true) }
        return out
    }
}

extension PhysicalPlan {
    /// The plan as a tree: what runs on the client above what HubSpot is asked.
    var tree: PlanTree {
        var client: [(String, String)] = [("object", object.name)]
        client.append(("columns", columns.map(\.name).joined(separator: ", ")))
        client.append(("residual filter", residualFilter ? "client re-checks WHERE" : "none (HubSpot evaluates it)"))
        var computed: [String] = []
        if let predicate = query.predicate { Self.computedConditions(predicate, into: &computed) }
        if !computed.isEmpty { client.append(("client computes", computed.joined(separator: "; "))) }
        if !clientSort.isEmpty {
            client.append(("client sort", clientSort.map { order in
                let key = order.column.map { columns[$0].name } ?? (order.expression != nil ? "expression" : order.property)
                return key + (order.descending ? " DESC" : "")
            }.joined(separator: ", ")
                + (limit != nil ? " (top-k)" : "")))
        }
        if distinct { client.append(("distinct", "client drops repeated rows")) }
        if !clientGroupBy.isEmpty {
            client.append(("client aggregate", "GROUP BY " + clientGroupBy.joined(separator: ", ")))
        } else if query.isAggregate, case .search = access {
            client.append(("client aggregate", "one group"))
        } else if query.isAggregate, case .list = access {
            client.append(("client aggregate", "one group"))
        }
        if let counting = bucketCounting {
            let crossed = counting.crossed.map { " × each \($0.property) value (\($0.options.count) + no value)" } ?? ""
            client.append(("adaptive", "2 probes find the first and last \(counting.property); if the counting searches cost fewer "
                + "than the scan's pages, one per \(counting.unit) (+1 for no value)\(crossed), else the scan below"))
        }
        if query.having != nil || query.havingCondition != nil { client.append(("having", "client filters groups")) }
        if let limit { client.append(("limit", String(limit))) }
        if offset > 0 { client.append(("offset", String(offset))) }
        var children = listChoiceTree.map { [$0] } ?? []
        children += subqueries.enumerated().map { $0.element.tree(index: $0.offset) }
        children += semiJoins.map { semiJoinTree($0) }
        if !driven { children.append(accessTree) }
        children += associationReads.map(associationReadTree)
        if let history = historyTree { children.append(history) }
        return PlanTree(name: "Query", attributes: client, children: children)
    }

    /// The conditions only the client can compute (HubSpot is sent what they imply).
    static func computedConditions(_ predicate: BoundPredicate, into list: inout [String]) {
        switch predicate {
        case .computed(let condition): list.append(condition.text)
        case .and(let parts), .or(let parts): for part in parts { computedConditions(part, into: &list) }
        case .not(let inner): computedConditions(inner, into: &list)
        default: break
        }
    }

    /// What the FROM reads can promise about their rows before running.
    private var rowsEstimate: String {
        if let limit, !residualFilter, clientSort.isEmpty, !query.isAggregate, !query.associationsChangeRows, !distinct {
            return "≤ \(limit + offset) (LIMIT\(offset > 0 ? " + OFFSET" : ""))"
        }
        return "unknown until the first page (its total)"
    }

    /// The plan's own access node.
    var accessTree: PlanTree {
        let access: PlanTree
        switch self.access {
        case .countFromTotal:
            access = PlanTree(name: "Count", attributes: [("strategy", "search total with limit 1"), ("requests", "1"), ("rows", "1")])
        case .extremes(let bodies):
            access = PlanTree(name: "Extremes", attributes: [
                ("strategy", "per MIN/MAX, the first record of a search sorted on its property (with a value), limit 1"),
                ("requests", String(bodies.count)), ("rows", "1")])
        case .search(let bodies):
            var attributes: [(String, String)] = [("strategy", bodies.count == 1 ? "search" : "union of \(bodies.count) searches, de-duplicated by id")]
            attributes.append(("requests", "\(bodies.count) (first page of each)"))
            if let sort = bodies.first?.sorts.first { attributes.append(("sort", "\(sort.propertyName) \(sort.direction.rawValue)")) }
            if let size = bodies.first?.limit { attributes.append(("page size", String(size))) }
            let sortedAfter = overflow == .windows && clientSort.isEmpty && !windowsDeliverOrder
            attributes.append(("past 10,000 results", overflow.rawValue + (sortedAfter ? ", then every row sorted on the client" : "")))
            attributes.append(("rows", rowsEstimate))
            access = PlanTree(name: "Search", attributes: attributes)
        case .list(_, let pageSize):
            let strategy = searchAlongside ? "every record: search, and the list endpoint too when many (no filter, no 10,000 cap)"
                : "list endpoint (no filter, no 10,000 cap)"
            var attributes = [("strategy", strategy), ("page size", String(pageSize))]
            if searchAlongside {
                attributes.append(("alongside", "search's first page first (hs_object_id descending, 200, created up to the "
                                   + "statement's start): its total is the scan's size; up to \(DualScanSource.searchAlone.formatted()) "
                                   + "more, search goes on alone as a keyset; past that GET /crm/v3/objects/\(object.name) (this page "
                                   + "size) reads from its start too, on the other budget, until the union holds the total"))
            }
            attributes.append(("rows", rowsEstimate))
            // Named for what runs: with search alongside, the scan starts on search (and may not list at all).
            access = PlanTree(name: searchAlongside ? "Scan" : "List", attributes: attributes)
        case .batchRead(let ids, _):
            access = PlanTree(name: "BatchRead", attributes: [("strategy", "batch read by id"), ("ids", String(ids.count)),
                                                              ("requests", String(accessRequests.count)), ("rows", "≤ \(ids.count)")])
        case .countPerOption(let property, let options, let bodies):
            access = PlanTree(name: "CountPerOption", attributes: [
                ("strategy", "one counting search per option of \(property), plus one for no value"),
                ("options", String(options.count)), ("requests", String(bodies.count)), ("rows", "≤ \(options.count + 1) groups"),
            ])
        case .empty:
            access = PlanTree(name: "Empty", attributes: [("strategy", "the condition never holds: no request"), ("rows", "0")])
        case .listMembers(let list):
            access = PlanTree(name: "ListMembers", attributes: [
                ("strategy", "the members of the list \(listTitle(list)) (Lists API, 250 a page); their ids become an IN list"),
                ("rows", "the list's size")])
        case .listSize(let list, let negated):
            access = PlanTree(name: "ListSize", attributes: [
                ("strategy", "the size of the list \(listTitle(list)) from its metadata (Lists API); no member is read"
                    + (negated ? "; every record counted (search total, limit 1), less the size" : "")),
                ("requests", String(accessRequests.count) + (listMetadataRequest(list) == nil ? " (the list looked up while planning)" : "")),
                ("rows", "1")])
        case .derived:
            access = PlanTree(name: "Derived", attributes: [("strategy", "the rows of the query below, read on the client"),
                                                            ("table", object.name)],
                              children: derived.map(\.tree))
        }
        return access
    }

    /// EXPLAIN for people: the tree, then each planned call on one line with its body.
    func explainText() -> String {
        var out = tree.text()
        for request in requests {
            var line = "\(request.method.rawValue) \(request.path)"
            if !request.query.isEmpty { line += "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&") }
            if let body = request.bodyJSON() { line += " " + String(decoding: body, as: UTF8.self) }
            out += line + "\n"
        }
        return out
    }

    /// EXPLAIN as one JSON document: the tree, and every planned call with its exact body.
    func explainJSON() -> Data {
        func node(_ tree: PlanTree) -> [String: Any] {
            var attributes: [String: String] = [:]
            for (key, value) in tree.attributes { attributes[key] = value }
            return ["name": tree.name, "attributes": attributes, "children": tree.children.map(node)]
        }
        let calls: [[String: Any]] = requests.map { request in
            var call: [String: Any] = ["method": request.method.rawValue, "path": request.path]
            if !request.query.isEmpty { call["query"] = request.query.map { ["name": $0.name, "value": $0.value] } }
            if let data = request.bodyJSON(), let body = try? JSONSerialization.jsonObject(with: data) { call["body"] = body }
            return call
        }
        let document: [String: Any] = ["plan": node(tree), "requests": calls, "estimatedRequests": estimatedRequests]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    }
}
