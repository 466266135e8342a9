/// One HQL statement. Equality ignores source ranges.
struct Statement: Hashable, Sendable {
    indirect enum Kind: Hashable, Sendable {
        case select(SelectStatement)
        case explain(Statement)
        /// `EXPLAIN ANALYZE`: runs the statement, then shows the plan with what happened.
        case explainAnalyze(Statement)
        case showObjects
        case showProperties(ObjectName, like: String?)
        case showAssociations(ObjectName)
        case showPipelines(ObjectName)
        case showOwners
        /// `SHOW LISTS [LIKE 'pattern']`: the portal's lists (Lists API search).
        case showLists(like: String?)
        case describe(ObjectName)
        case set(name: Identifier, value: Expr)
        case insert(InsertStatement)
        case update(UpdateStatement)
        case delete(DeleteStatement)
        case associate(AssociateStatement)
        /// CREATE / ALTER / DROP PROPERTY.
        case property(PropertyStatement)
        /// `UNDO ['journal id']`: restores a journalled write (the newest when no id).
        case undo(String?)
    }

    var kind: Kind
    var range: SourceRange

    init(_ kind: Kind, range: SourceRange = .empty(at: 0)) {
        self.kind = kind
        self.range = range
    }

    static func == (lhs: Statement, rhs: Statement) -> Bool { lhs.kind == rhs.kind }
    func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

struct SelectStatement: Hashable, Sendable {
    /// `WITH name AS (SELECT …), …`: queries whose rows later FROMs read by name.
    var with: [CommonTableExpression] = []
    var distinct = false
    var items: [SelectItem]
    var from: TableReference
    var joins: [Join] = []
    var whereClause: Expr?
    var groupBy: [Expr] = []
    var having: Expr?
    var orderBy: [OrderItem] = []
    var limit: Expr?
    var offset: Expr?
}

enum SelectItem: Hashable, Sendable {
    /// `*` or `alias.*`
    case star(qualifier: Identifier?)
    case expression(Expr, alias: Identifier?)
}

struct TableReference: Hashable, Sendable {
    /// The object, or for `(SELECT …) AS t` the alias `t`.
    var object: ObjectName
    var alias: Identifier?
    /// `FROM (SELECT …) [AS] t`: the inner query (none or one; an array because a struct cannot
    /// hold an optional of a type that holds it).
    var derived: [SelectStatement] = []
    /// `FROM contacts ARCHIVED`: the archived records (which search never returns).
    var archived = false
    /// `IN LIST 'Newsletter'`: `object` names a HubSpot list (by name or id) whose members the
    /// subquery reads.
    var list = false
    /// `FROM LIST 'Newsletter'`: `object` names a HubSpot list whose records the query reads (the
    /// session looks the list up and puts its object here before binding).
    var listRecords = false
}

/// `name AS (SELECT …)` of a WITH clause (not recursive).
struct CommonTableExpression: Hashable, Sendable {
    var name: Identifier
    var query: SelectStatement
}

/// `[LEFT] JOIN object [AS alias] ON ASSOCIATED [WITH LABEL 'x' | WITH TYPE n]`: a row per
/// associated pair (LEFT keeps records with none).
struct Join: Hashable, Sendable {
    var left = false
    var table: TableReference
    var association: AssociationType?
}

/// Which association between two objects: by label or by numeric type id.
enum AssociationType: Hashable, Sendable {
    case label(String)
    case typeId(String)
}

struct OrderItem: Hashable, Sendable {
    enum Direction: String, Hashable, Sendable { case ascending = "ASC", descending = "DESC" }
    enum Nulls: String, Hashable, Sendable { case first = "FIRST", last = "LAST" }

    var expression: Expr
    var direction: Direction?
    var nulls: Nulls?
}

/// `INSERT INTO obj (cols) VALUES (…), … [RETURNING …]` and
/// `UPSERT INTO obj (cols) VALUES (…), … ON (unique_prop) [RETURNING …]`.
struct InsertStatement: Hashable, Sendable {
    var object: ObjectName
    var columns: [Identifier]
    var rows: [[Expr]]
    /// Set for UPSERT: the unique property that identifies existing records.
    var upsertKey: Identifier?
    /// `INSERT INTO obj (cols) SELECT …`: the rows come from a query (``rows`` is empty).
    var select: SelectStatement? = nil
    var returning: [SelectItem] = []
}

struct UpdateStatement: Hashable, Sendable {
    var object: ObjectName
    var assignments: [Assignment]
    var whereClause: Expr?
    var returning: [SelectItem] = []
}

struct Assignment: Hashable, Sendable {
    var column: Identifier
    var value: Expr
}

struct DeleteStatement: Hashable, Sendable {
    var object: ObjectName
    var whereClause: Expr?
    /// `PURGE FROM contacts WHERE …`: HubSpot's GDPR delete, permanent (no undo).
    var purge = false
}

/// `ASSOCIATE a 1 WITH b 2 [LABEL 'x' | TYPE n]` and `DISSOCIATE a 1 FROM b 2 [...]`. Either
/// side may be a query instead of an id — `ASSOCIATE companies 7 WITH contacts (SELECT … FROM
/// contacts WHERE …)` — and two queries pair their records `ON left_property = right_property`.
struct AssociateStatement: Hashable, Sendable {
    var dissociate: Bool
    var fromObject: ObjectName
    /// The record id (NULL when ``fromQuery`` is set).
    var fromId: Expr
    var toObject: ObjectName
    var toId: Expr
    var association: AssociationType?
    var fromQuery: SelectStatement? = nil
    var toQuery: SelectStatement? = nil
    /// `ON a = b`: a property of the first side's records equal to one of the second's.
    var match: AssociationMatch? = nil
}

struct AssociationMatch: Hashable, Sendable {
    var left: Identifier
    var right: Identifier
}
