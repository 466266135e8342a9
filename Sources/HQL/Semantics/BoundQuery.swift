import Foundation
import HubSpotAPI

/// A SELECT bound against the schema: every name resolved, every literal coerced to the wire
/// string HubSpot compares (epoch ms for dates, option values for enumerations).
struct BoundQuery: Sendable {
    var object: ObjectType
    var columns: [BoundColumn]
    /// The WHERE clause, or nil.
    var predicate: BoundPredicate?
    /// `SEARCH 'text'` terms, AND-ed with the predicate (HubSpot's `query`).
    var searchText: String?
    var orderBy: [BoundOrder]
    /// GROUP BY keys: properties, expressions, associated properties.
    var groupKeys: [ScalarExpr] = []
    /// The keys as written, for EXPLAIN.
    var groupKeyTexts: [String] = []
    /// The GROUP BY keys that are plain properties of the FROM object (all of them, for the
    /// counting plans, when ``groupKeys`` has nothing else).
    var groupBy: [String] {
        groupKeys.compactMap { if case .property(let name, _) = $0 { name } else { nil } }
    }
    /// Aggregates that computed columns of a grouped query read (`SUM(amount) / COUNT(*)`), as
    /// ``ScalarExpr/aggregate(_:)`` indexes them.
    var computedAggregates: [Aggregate] = []
    /// The session's time zone: date functions and buckets use it.
    var timeZone = TimeZone(identifier: "UTC") ?? .current
    /// HAVING, over group keys (by property name) and aggregates (named `#N`, see ``havingAggregates``).
    var having: BoundPredicate?
    /// Aggregates HAVING needs; `#N` names the N-th.
    var havingAggregates: [Aggregate] = []
    /// A HAVING condition of another shape, computed per group over its keys and aggregates.
    var havingCondition: ScalarExpr?
    var limit: Int?
    var offset: Int
    var distinct: Bool
    /// `SELECT COUNT(*) FROM …` with nothing else (no GROUP BY).
    var isCountOnly: Bool
    /// Whether rows are groups: GROUP BY, or an aggregate in the select list.
    var isAggregate: Bool {
        !groupKeys.isEmpty || !computedAggregates.isEmpty
            || columns.contains { if case .aggregate = $0.source { true } else { $0.source == .countAll } }
    }
    /// When the statement started: relative dates resolve against it.
    var startedAt: Int64
    /// Associated objects the query reads: dot paths (`companies.name`), JOINs, and the
    /// associated side of WHERE conditions (semi-joins). Columns refer to them by index.
    var associations: [BoundAssociation] = []
    /// A list's members (`IN LIST 'name'`, by name or id): the query reads their ids.
    var listMembership: String?
    /// `FROM obj ARCHIVED`: archived records, read by the list endpoint (`archived=true`).
    var archived = false
    /// `FROM (SELECT …)` or a WITH query: its rows are the records this query reads, on the
    /// client (none or one).
    var derived: [BoundQuery] = []
    /// `p [NOT] IN (SELECT …)` and `p op (SELECT …)` conditions, AND-ed with ``predicate``; they
    /// run first and the query is planned again with their values.
    var subqueries: [BoundSubquery] = []
    /// `(SELECT …)` values inside expressions (select list, HAVING, a computed WHERE condition):
    /// they run first, like ``subqueries``, and ``ScalarExpr/subquery(_:)`` is replaced by each
    /// one's value (their placeholders are numbered after ``subqueries``').
    var valueSubqueries: [BoundQuery] = []
    /// `HISTORY(p)`'s property: each record becomes a row per past value of it (at least one
    /// row, NULLs when it never had a value, so a LIMIT still bounds the records to read).
    var history: String? {
        for column in columns { if case .history(let property, _) = column.source { return property } }
        return nil
    }
    /// The records read are checked against a list's memberships afterwards (IN LIST planned
    /// from the other side), so some are dropped.
    var membershipChecked = false
    /// Whether the associations (or a membership check) can drop or repeat FROM records (JOINs,
    /// semi-joins), so paging cannot stop at LIMIT records read.
    var associationsChangeRows: Bool {
        membershipChecked || associations.contains { $0.predicate != nil || $0.kind != .lookup }
    }
}

/// One associated object: the association read from the FROM object to `target`.
struct BoundAssociation: Sendable {
    enum Kind: Sendable, Hashable {
        /// A dot path: one associated record per row (the primary one, else the lowest id).
        case lookup
        /// `JOIN … ON ASSOCIATED`: a row per associated pair; `left` keeps records with none.
        case join(left: Bool)
    }
    var target: ObjectType
    var kind: Kind
    /// The JOIN alias, or the path's first name.
    var name: String
    /// `WITH TYPE n`: only associations of this type id.
    var typeId: Int?
    /// `WITH LABEL 'x'`: only associations with this label (case-insensitive).
    var label: String?
    /// A second hop (`deals.companies.name` from contacts): read from the records of
    /// ``BoundQuery/associations``[`via`] instead of the FROM records.
    var via: Int? = nil
    /// Properties of `target` the columns need.
    var properties: [String] = []
    /// Conditions on `target` (AND-ed top-level WHERE terms): the FROM record is kept only when
    /// an associated record satisfies them all (a semi-join; for a JOIN, only such pairs).
    var predicate: BoundPredicate?
}

/// `property [NOT] IN (SELECT column FROM …)`.
struct BoundSubquery: Sendable {
    var property: String
    var type: PropertyType
    var negated: Bool
    var query: BoundQuery
    /// Set for `property op (SELECT …)`: the subquery gives one value (nil: `IN (SELECT …)`).
    var comparison: ComparisonOperator? = nil
}

/// An output column.
struct BoundColumn: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        case property(String)
        /// `LABEL(p)`: the option label of an enumeration value.
        case label(String)
        case countAll
        /// `COUNT(p)`, `SUM(p)`, `AVG(p)`, `MIN(p)`, `MAX(p)`, computed on the client.
        case aggregate(Aggregate)
        /// A property of the associated record of ``BoundQuery/associations``[`association`];
        /// `label` for `LABEL(companies.industry)`.
        case associated(association: Int, property: String, label: Bool)
        /// An expression computed on the client, per record (or per group in a grouped query).
        case computed(ScalarExpr)
        /// `HISTORY(p)`: one part of one past value of `p` (the record's rows repeat per value).
        case history(property: String, part: HistoryPart)
    }
    /// The three columns `HISTORY(p)` makes: the value, when it was set, and by what.
    enum HistoryPart: String, Sendable, Hashable, CaseIterable {
        case value, timestamp, source
        /// The column's name for a `HISTORY(p) AS base` (the value keeps the base name).
        func name(_ base: String) -> String { self == .value ? base : base + "_" + rawValue }
    }
    /// The header: the alias, or the expression as written.
    var name: String
    var source: Source
    /// A computed column's type (the other sources' come from the schema).
    var type: ScalarType? = nil
}

/// A client-side aggregate over one property.
struct Aggregate: Sendable, Hashable {
    enum Function: String, Sendable, Hashable { case count = "COUNT", sum = "SUM", avg = "AVG", min = "MIN", max = "MAX" }
    var function: Function
    /// Nil for `COUNT(*)` and for an expression's aggregate.
    var property: String?
    /// The expression aggregated when it is not a plain property (`SUM(amount * 0.2)`).
    var argument: ScalarExpr? = nil
    var type: PropertyType
    var distinct: Bool
}

struct BoundOrder: Sendable, Hashable {
    var property: String
    var descending: Bool
    /// Set when the key is an output column (an alias, an aggregate): sorted after aggregation.
    var column: Int? = nil
    /// A computed key that is not an output column (`ORDER BY LENGTH(email)`): the client sorts.
    var expression: ScalarExpr? = nil
    /// Whether HubSpot's one sort can do it: a property of the FROM object.
    var isProperty: Bool { column == nil && expression == nil && !property.isEmpty }
}

/// A condition over one object's properties, in the form the planner maps onto search filters.
/// Values are wire strings.
indirect enum BoundPredicate: Sendable, Hashable {
    case and([BoundPredicate])
    case or([BoundPredicate])
    case not(BoundPredicate)
    case compare(property: String, type: PropertyType, ComparisonOperator, value: String)
    case inList(property: String, type: PropertyType, values: [String], negated: Bool)
    case between(property: String, type: PropertyType, low: String, high: String, negated: Bool)
    case isNull(property: String, negated: Bool)
    /// `LIKE` with `%`/`_`, evaluated on the client; a `x%` prefix also pre-filters by token.
    case like(property: String, pattern: String, negated: Bool)
    /// HubSpot's token match.
    case containsToken(property: String, token: String, negated: Bool)
    /// A constant (e.g. `1 = 1`).
    case constant(Bool)
    /// A condition only the client can compute (`firstname = lastname`); HubSpot never sees it.
    case computed(ComputedCondition)
}

enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

extension BoundPredicate {
    /// Every property the condition reads.
    func visitProperties(_ visit: (String) -> Void) {
        switch self {
        case .and(let parts), .or(let parts): for part in parts { part.visitProperties(visit) }
        case .not(let inner): inner.visitProperties(visit)
        case .compare(let property, _, _, _), .inList(let property, _, _, _), .between(let property, _, _, _, _),
             .isNull(let property, _), .like(let property, _, _), .containsToken(let property, _, _):
            visit(property)
        case .computed(let condition): condition.expression.visitProperties(visit)
        case .constant: break
        }
    }

    /// The properties the condition reads, in order (repeats kept).
    var properties: [String] {
        var names: [String] = []
        visitProperties { names.append($0) }
        return names
    }
}
