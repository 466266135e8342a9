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
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    var precedence: Precedence {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: .comparison
        case .add, .subtract: .additive
        case .multiply, .divide: .multiplicative
        }
    }
}

/// Binding strength, loosest first; one table read by the parser and the printer.
enum Precedence: Int, Comparable, Sendable {
    case lowest = 0, or, and, not, comparison, additive, multiplicative, unary, primary

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
}
