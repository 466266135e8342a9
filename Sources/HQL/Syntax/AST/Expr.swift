/// An expression of the syntax tree. Equality ignores source ranges.
struct Expr: Hashable, Sendable {
    indirect enum Kind: Hashable, Sendable {
        case literal(Literal)
        /// `email`, `c.email`, `companies.name`, `contacts.companies.domain`: the binder decides
        /// which part is an alias, an association path and a property.
        case column([Identifier])
        case parameter(Parameter)
        case relativeDate(RelativeDate)
        case interval(Interval)
        case unary(UnaryOperator, Expr)
        /// Comparisons and arithmetic.
        case binary(BinaryOperator, Expr, Expr)
        /// `a AND b AND c`, flattened: nested ANDs are one list, so long chains stay shallow.
        case and([Expr])
        /// `a OR b OR c`, flattened like AND.
        case or([Expr])
        case inList(Expr, [Expr], negated: Bool)
        case inSubquery(Expr, SelectStatement, negated: Bool)
        /// `(SELECT AVG(amount) FROM deals)` used as a value: one column, at most one row. It
        /// runs before the statement, like `IN (SELECT …)`, and its value is written in.
        case subquery(SelectStatement)
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        case isNull(Expr, negated: Bool)
        case like(Expr, pattern: Expr, negated: Bool)
        /// HubSpot's token match: `CONTAINS 'acme'`, `CONTAINS '*@example.com'`.
        case contains(Expr, token: Expr, negated: Bool)
        /// Full-text `SEARCH 'text'` over the object's default text properties.
        case search(Expr)
        /// `COUNT(*)`, `COUNT(DISTINCT x)`, `LABEL(dealstage)`, `NOW()`, `OWNER('ana@x.com')`.
        /// Names are upper-cased by the parser.
        case function(FunctionCall)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`: with an operand, each WHEN is a value
        /// compared with it; without, a condition.
        case caseWhen(operand: Expr?, branches: [CaseBranch], otherwise: Expr?)
        /// `CAST(x AS type)` and `x::type`; the type name as written, upper-cased.
        case cast(Expr, type: String)
        /// `ILIKE`: LIKE ignoring case (HQL's LIKE already does, as HubSpot compares strings).
        case ilike(Expr, pattern: Expr, negated: Bool)
    }

    var kind: Kind
    var range: SourceRange

    init(_ kind: Kind, range: SourceRange = .empty(at: 0)) {
        self.kind = kind
        self.range = range
    }

    static func == (lhs: Expr, rhs: Expr) -> Bool { lhs.kind == rhs.kind }
    func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

/// One `WHEN condition THEN result` of a CASE.
struct CaseBranch: Hashable, Sendable {
    var condition: Expr
    var result: Expr
}

struct FunctionCall: Hashable, Sendable {
    var name: String
    var arguments: [Expr]
    /// `COUNT(*)`
    var star: Bool = false
    /// `COUNT(DISTINCT x)`
    var distinct: Bool = false

    static let aggregates: Set<String> = ["COUNT", "SUM", "AVG", "MIN", "MAX"]
    var isAggregate: Bool { Self.aggregates.contains(name) }
}

enum UnaryOperator: String, Hashable, Sendable {
    case not = "NOT", minus = "-", plus = "+"
}

enum BinaryOperator: String, Hashable, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", concat = "||"

    var precedence: Precedence {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: .comparison
        case .concat: .concat
        case .add, .subtract: .additive
        case .multiply, .divide, .modulo: .multiplicative
        }
    }
}

/// Binding strength, loosest first; one table read by the parser and the printer.
enum Precedence: Int, Comparable, Sendable {
    /// `||` binds looser than `+` and tighter than comparisons, as in PostgreSQL.
    case lowest = 0, or, and, not, comparison, concat, additive, multiplicative, unary, primary

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
}
