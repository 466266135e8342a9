import Foundation
import HubSpotAPI

/// HubSpot lists in statements: `SHOW LISTS` and `FROM LIST '…'` (looked up before binding, as
/// the schema is: the list's object must be known to bind the statement).
extension Session {
    /// `SHOW LISTS [LIKE 'pattern']`: every list of the portal (Lists API search, 500 a page),
    /// filtered on the client by name, sorted by name.
    nonisolated(nonsending) func showLists(like pattern: String?, client: APIClient) async throws -> ([String], [[Value]]) {
        let lowered = pattern?.lowercased()
        let lists = try await ListCatalog(client: client).search()
            .filter { lowered == nil || PredicateEvaluator.like($0.name.lowercased(), lowered ?? "") }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        let columns = ["list_id", "name", "object", "object_type_id", "processing_type", "size", "updated_at"]
        return (columns, lists.map { list in
            [.string(list.id), .string(list.name),
             .string(ObjectType.standard.first { $0.typeId == list.objectTypeId }?.name ?? list.objectTypeId),
             .string(list.objectTypeId), .string(list.processingType),
             list.size.map { .number(Double($0)) } ?? .null,
             list.updatedAt.flatMap(ISO8601Milliseconds.parse).map(Value.datetime) ?? .null]
        })
    }

    /// The calls `SHOW LISTS` sends, for EXPLAIN.
    static let showListsPlan = [
        "ShowLists",
        "    strategy: the Lists API search, 500 lists a page (offset paging, bounded), LIKE applied on the client",
        #"POST /crm/v3/lists/search {"additionalProperties":["hs_list_size"],"count":500,"offset":0}"#,
    ]

    /// Every `FROM LIST` of a query resolved: its own FROM's, its WITH queries', a `FROM (SELECT
    /// …)`'s and those of its top-level `IN (SELECT …)` conditions (where the binder takes
    /// subqueries), each as ``resolvingFromList(_:source:client:)`` does.
    nonisolated(nonsending) func resolvingLists(_ select: SelectStatement, source: SourceFile,
                                                client: APIClient) async throws -> (SelectStatement, [ListInfo]) {
        var select = select
        var lists: [ListInfo] = []
        for index in select.with.indices {
            let (inner, found) = try await resolvingLists(select.with[index].query, source: source, client: client)
            select.with[index].query = inner
            lists += found
        }
        if let derived = select.from.derived.first {
            let (inner, found) = try await resolvingLists(derived, source: source, client: client)
            select.from.derived = [inner]
            lists += found
        }
        if let condition = select.whereClause {
            let terms = if case .and(let parts) = condition.kind { parts } else { [condition] }
            var rewritten: [Expr] = []
            for term in terms {
                guard case .inSubquery(let lhs, let inner, let negated) = term.kind, !inner.from.list else {
                    rewritten.append(term)
                    continue
                }
                let (resolved, found) = try await resolvingLists(inner, source: source, client: client)
                rewritten.append(Expr(.inSubquery(lhs, resolved, negated: negated), range: term.range))
                lists += found
            }
            select.whereClause = rewritten.count == 1 ? rewritten[0] : Expr(.and(rewritten), range: condition.range)
        }
        if select.from.listRecords {
            let (rewritten, list) = try await resolvingFromList(select, source: source, client: client)
            select = rewritten
            lists.append(list)
        }
        return (select, lists)
    }

    /// `FROM LIST 'x'`: the list looked up — by id (`GET /crm/v3/lists/{id}`), or by name among
    /// the lists a search by that name finds (one request; names compare ignoring case) — and
    /// the statement rewritten as `FROM <its object> WHERE IN LIST '<id>' AND (…)`. An unknown
    /// name is a diagnostic with "did you mean" over the portal's list names (read then).
    nonisolated(nonsending) func resolvingFromList(_ select: SelectStatement, source: SourceFile,
                                                   client: APIClient) async throws -> (SelectStatement, ListInfo) {
        let reference = select.from.object.value
        let range = select.from.object.range
        let catalog = ListCatalog(client: client)
        var found: ListInfo?
        if !reference.isEmpty, reference.allSatisfy({ $0.isASCII && $0.isNumber }) {
            found = try await catalog.list(id: reference)
        } else {
            let named = try await catalog.search(query: reference).filter { $0.name.lowercased() == reference.lowercased() }
            if named.count > 1 {
                throw HQLError(message: "\(named.count) lists are named '\(reference)'", source: source, range: range,
                               help: "name one by its id: " + named.map { "FROM LIST '\($0.id)' (\($0.objectTypeId))" }.joined(separator: ", "))
            }
            found = named.first
        }
        guard let list = found else {
            let names = try await catalog.search().map(\.name)
            throw HQLError(message: "no list \(Int(reference) != nil ? "with id" : "named") '\(reference)'", source: source, range: range,
                           help: Suggestions.didYouMean(reference, among: names) ?? "SHOW LISTS lists them")
        }
        var rewritten = select
        rewritten.from = TableReference(object: Identifier(list.objectTypeId, range: range), alias: select.from.alias)
        let subject = Expr(.column([Identifier("hs_object_id", range: range)]), range: range)
        let member = Expr(.inSubquery(subject, Parser.listMembers(list.id, range: range), negated: false), range: range)
        if let condition = select.whereClause {
            // Top-level AND terms stay top-level (an IN (SELECT …) among them must).
            let terms = if case .and(let parts) = condition.kind { parts } else { [condition] }
            rewritten.whereClause = Expr(.and([member] + terms), range: condition.range)
        } else {
            rewritten.whereClause = member
        }
        return (rewritten, list)
    }
}

extension Statement {
    var isShowLists: Bool {
        if case .showLists = kind { return true }
        return false
    }
}

extension SelectStatement {
    /// Whether a `FROM LIST` appears anywhere in it (a cheap check before any lookup).
    var mentionsListRecords: Bool {
        if from.listRecords || with.contains(where: { $0.query.mentionsListRecords })
            || from.derived.contains(where: \.mentionsListRecords) { return true }
        guard let condition = whereClause else { return false }
        let terms = if case .and(let parts) = condition.kind { parts } else { [condition] }
        return terms.contains { term in
            if case .inSubquery(_, let inner, _) = term.kind { inner.mentionsListRecords } else { false }
        }
    }
}
