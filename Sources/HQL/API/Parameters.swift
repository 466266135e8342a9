/// A value bound to a `?` or `:name` parameter. Values are bound, never spliced into the text:
/// a quote in a value is just a character.
public enum ParameterValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    var literal: Literal {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(Value.format(number))
        case .integer(let integer): .number(String(integer))
        case .bool(let flag): .boolean(flag)
        case .null: .null
        }
    }
}

/// Parameter values: positional (`?`, first is 1) from an array literal, named (`:email`) from a
/// dictionary literal.
///
/// ```swift
/// try await session.query("SELECT email FROM contacts WHERE lifecyclestage = ?", parameters: ["lead"])
/// try await session.query("SELECT email FROM contacts WHERE email = :email", parameters: ["email": "a@b.co"])
/// ```
public struct Parameters: Sendable, Hashable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// Values of `?` in order.
    public var positional: [ParameterValue]
    /// Values of `:name` by name.
    public var named: [String: ParameterValue]

    /// No parameters.
    public init() {
        self.init(positional: [], named: [:])
    }

    /// Creates parameters.
    public init(positional: [ParameterValue], named: [String: ParameterValue]) {
        self.positional = positional
        self.named = named
    }

    public init(arrayLiteral elements: ParameterValue...) { self.init(positional: elements, named: [:]) }

    public init(dictionaryLiteral elements: (String, ParameterValue)...) {
        self.init(positional: [], named: Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The binder's view.
    var bound: [Parameter: Literal] {
        var result: [Parameter: Literal] = [:]
        for (index, value) in positional.enumerated() { result[.positional(index + 1)] = value.literal }
        for (name, value) in named { result[.named(name)] = value.literal }
        return result
    }
}
