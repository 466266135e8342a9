/// A name as written: an object, property, alias or setting. Quoting is spelling, not identity:
/// `"email"` and `email` are the same name; names resolve case-insensitively in the binder.
struct Identifier: Hashable, Sendable, CustomStringConvertible {
    var value: String
    var range: SourceRange

    init(_ value: String, range: SourceRange = .empty(at: 0)) {
        self.value = value
        self.range = range
    }

    static func == (lhs: Identifier, rhs: Identifier) -> Bool { lhs.value == rhs.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    var description: String { value }
}

/// An object type as named in FROM, JOIN and the other statements: `contacts`, `"2-1234567"`.
typealias ObjectName = Identifier
