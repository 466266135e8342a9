import HubSpotAPI

/// A search request checked against the limits and compiled against one object type, ready to
/// test records without re-parsing values.
struct SearchEvaluator: Sendable {
    /// One compiled filter. Payloads are plain integers and doubles (strings and sets live in
    /// side tables), so testing a record retains nothing: that keeps a search over 25,000 records
    /// within a few milliseconds.
    enum Test: Sendable {
        case has(Int), hasNot(Int)
        case numeric(Int, FilterOperator, Double, Double)
        case numericSet(Int, set: Int, negated: Bool)
        /// Strings compare lower-cased against lower-cased values (case-insensitive).
        case text(Int, FilterOperator, bounds: Int)
        /// `IN` on strings: the stored value lower-cased against the values as given.
        case textSet(Int, set: Int, negated: Bool)
        /// Enumerations and booleans compare exactly (case-sensitive).
        case exact(Int, FilterOperator, bounds: Int, multi: Bool)
        case exactSet(Int, set: Int, negated: Bool, multi: Bool)
        case token(Int, patterns: Int, negated: Bool, folded: Bool)
        case associated(set: Int)
    }

    private(set) var groups: [[Test]] = []
    private(set) var queryTerms: [[UInt8]] = []
    private(set) var textPositions: [Int] = []
    private var bounds: [(String, String)] = []
    private var stringSets: [Set<String>] = []
    private var numberSets: [Set<Double>] = []
    private var patternLists: [[TokenPattern]] = []
    private var idSets: [Set<Int64>] = []

    /// Whether a record (by id, with the values search sees) matches.
    /// Takes a pointer: handing the struct over would retain its three arrays for every record.
    func matches(id: Int64, _ values: UnsafePointer<RecordValues>) -> Bool {
        if !queryTerms.isEmpty && !matchesQuery(values) { return false }
        if groups.isEmpty { return true }
        for group in groups.indices {
            var all = true
            for test in groups[group].indices where !passes(groups[group][test], id: id, values) {
                all = false
                break
            }
            if all { return true }
        }
        return false
    }

    private func passes(_ test: Test, id: Int64, _ record: UnsafePointer<RecordValues>) -> Bool {
        switch test {
        case .has(let p): return record.pointee.raw[p] != nil
        case .hasNot(let p): return record.pointee.raw[p] == nil
        case .numeric(let p, let op, let low, let high):
            let number = record.pointee.numbers[p]
            if number.isNaN { return op == .neq }
            switch op {
            case .eq: return number == low
            case .neq: return number != low
            case .lt: return number < low
            case .lte: return number <= low
            case .gt: return number > low
            case .gte: return number >= low
            case .between: return number >= low && number <= high
            default: return false
            }
        case .numericSet(let p, let set, let negated):
            let number = record.pointee.numbers[p]
            if number.isNaN { return negated }
            return numberSets[set].contains(number) != negated
        case .text(let p, let op, let index):
            guard let value = record.pointee.folded[p] else { return op == .neq }
            return Self.compare(value, op, bounds[index].0, bounds[index].1)
        case .textSet(let p, let set, let negated):
            guard let value = record.pointee.folded[p] else { return negated }
            return stringSets[set].contains(value) != negated
        case .exact(let p, let op, let index, let multi):
            guard let value = record.pointee.raw[p] else { return op == .neq }
            if multi && (op == .eq || op == .neq) {
                let hit = value.split(separator: ";").contains { $0 == bounds[index].0 }
                return op == .eq ? hit : !hit
            }
            return Self.compare(value, op, bounds[index].0, bounds[index].1)
        case .exactSet(let p, let set, let negated, let multi):
            guard let value = record.pointee.raw[p] else { return negated }
            let hit = multi
                ? value.split(separator: ";").contains { stringSets[set].contains(String($0)) }
                : stringSets[set].contains(value)
            return hit != negated
        case .token(let p, let list, let negated, let folded):
            guard let value = record.pointee.raw[p] else { return negated }
            let tokens = Tokenizer.tokens(value, folding: folded)
            let hit = patternLists[list].allSatisfy { pattern in tokens.contains { pattern.matches($0) } }
            return hit != negated
        case .associated(let set): return idSets[set].contains(id)
        }
    }

    private static func compare(_ value: String, _ op: FilterOperator, _ low: String, _ high: String) -> Bool {
        switch op {
        case .eq: value == low
        case .neq: value != low
        case .lt: value < low
        case .lte: value <= low
        case .gt: value > low
        case .gte: value >= low
        case .between: value >= low && value <= high
        default: false
        }
    }

    /// Every query term must be the prefix of a token of a default text property, or of the part
    /// of a token after a joiner (`example.com` in `ann@example.com`): it must match at a byte
    /// that starts the text or follows a byte that is neither an ASCII letter nor a digit.
    private func matchesQuery(_ values: UnsafePointer<RecordValues>) -> Bool {
        for term in queryTerms {
            var found = false
            for position in textPositions where !found {
                guard let text = values.pointee.folded[position] ?? values.pointee.raw[position]?.lowercased() else { continue }
                found = Self.hasWordPrefix(text, term)
            }
            if !found { return false }
        }
        return true
    }

    private static func hasWordPrefix(_ text: String, _ term: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= term.count, let first = term.first else { return false }
            var index = 0
            let last = bytes.count - term.count
            while index <= last {
                if bytes[index] == first, index == 0 || !isWordByte(bytes[index - 1]) {
                    var offset = 1
                    while offset < term.count && bytes[index + offset] == term[offset] { offset += 1 }
                    if offset == term.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Letters, digits and any byte of a multi-byte character (non-ASCII letters) continue a word.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte >= 128
    }
}

extension SearchEvaluator {
    /// The standard objects `associations.{type}` may name.
    static let associationPseudoTypes = ["contact", "company", "deal", "ticket", "quote"]

    /// Checks the limits and compiles `request` for `type`.
    /// - Parameter associated: the ids of `type` associated with a record of another type.
    init(
        request: SearchRequest, type: ObjectType, propertyIndex: [String: Int], capabilities: SearchCapabilities,
        associated: (_ typeName: String, _ id: Int64) -> Set<Int64>?
    ) throws {
        let groups = request.filterGroups
        guard groups.count <= capabilities.maxFilterGroups else {
            throw SandboxError.validation(
                "Too many filter groups: \(groups.count), at most \(capabilities.maxFilterGroups) are allowed.")
        }
        let total = groups.reduce(0) { $0 + $1.filters.count }
        if let big = groups.first(where: { $0.filters.count > capabilities.maxFiltersPerGroup }) {
            throw SandboxError.validation(
                "Too many filters in a group: \(big.filters.count), at most \(capabilities.maxFiltersPerGroup) are allowed.")
        }
        guard total <= capabilities.maxFiltersTotal else {
            throw SandboxError.validation(
                "Too many filters: \(total), at most \(capabilities.maxFiltersTotal) are allowed across all groups.")
        }
        if let query = request.query, query.count > capabilities.maxQueryLength {
            throw SandboxError.validation("query is longer than \(capabilities.maxQueryLength) characters.")
        }
        var compiled: [[Test]] = []
        for group in groups {
            var tests: [Test] = []
            for filter in group.filters {
                tests.append(try compile(filter, type: type, propertyIndex: propertyIndex, capabilities: capabilities,
                    associated: associated))
            }
            compiled.append(tests)
        }
        self.groups = compiled
        self.queryTerms = Tokenizer.tokens(request.query ?? "", folding: true)
            .map { Array($0.replacingOccurrences(of: "*", with: "").utf8) }.filter { !$0.isEmpty }
        self.textPositions = type.textProperties.compactMap { propertyIndex[$0] }
    }

    private mutating func compile(
        _ filter: Filter, type: ObjectType, propertyIndex: [String: Int], capabilities: SearchCapabilities,
        associated: (String, Int64) -> Set<Int64>?
    ) throws -> Test {
        let name = filter.propertyName
        let op = filter.operator
        if name.hasPrefix("associations.") {
            let target = String(name.dropFirst("associations.".count))
            guard !type.isCustom, Self.associationPseudoTypes.contains(target) else {
                throw SandboxError.validation(
                    "\(name) is not supported: associations.{type} works for contact, company, deal, ticket and quote on standard objects only.")
            }
            guard op == .eq else { throw SandboxError.validation("\(name) supports only the EQ operator.") }
            guard let value = filter.value, let id = Int64(value) else {
                throw SandboxError.validation("\(name) needs one record id as its value.")
            }
            idSets.append(associated(target, id) ?? [])
            return .associated(set: idSets.count - 1)
        }
        guard let position = propertyIndex[name] else {
            throw SandboxError.validation("Property \"\(name)\" does not exist on \(type.name).",
                errors: [ErrorDetail(message: "Unknown property \(name)", code: "PROPERTY_DOESNT_EXIST",
                    context: ["propertyName": [name]])])
        }
        let property = type.properties[position]
        switch op {
        case .hasProperty: return .has(position)
        case .notHasProperty: return .hasNot(position)
        case .in, .notIn:
            guard let values = filter.values else {
                throw SandboxError.validation("\(op.rawValue) on \(name) needs values.")
            }
            guard values.count <= capabilities.maxValuesPerFilter else {
                throw SandboxError.validation(
                    "\(op.rawValue) on \(name) has \(values.count) values, at most \(capabilities.maxValuesPerFilter) are allowed.")
            }
            let negated = op == .notIn
            if property.type.isOrdered {
                numberSets.append(Set(try values.map { try Self.number($0, property) }))
                return .numericSet(position, set: numberSets.count - 1, negated: negated)
            }
            if property.type.isTextual {
                stringSets.append(Set(values))
                return .textSet(position, set: stringSets.count - 1, negated: negated)
            }
            stringSets.append(Set(values.map { property.type == .bool ? $0.lowercased() : $0 }))
            return .exactSet(position, set: stringSets.count - 1, negated: negated, multi: property.isMultiSelect)
        case .containsToken, .notContainsToken:
            guard let value = filter.value, !value.isEmpty else {
                throw SandboxError.validation("\(op.rawValue) on \(name) needs a value.")
            }
            let folded = property.type != .enumeration
            patternLists.append(Tokenizer.tokens(value, folding: folded).map(TokenPattern.init))
            return .token(position, patterns: patternLists.count - 1, negated: op == .notContainsToken, folded: folded)
        case .eq, .neq, .lt, .lte, .gt, .gte, .between:
            guard let value = filter.value else { throw SandboxError.validation("\(op.rawValue) on \(name) needs a value.") }
            var high = value
            if op == .between {
                guard let highValue = filter.highValue else {
                    throw SandboxError.validation("BETWEEN on \(name) needs value and highValue.")
                }
                high = highValue
            }
            if property.type.isOrdered {
                return .numeric(position, op, try Self.number(value, property), try Self.number(high, property))
            }
            if property.type.isTextual {
                bounds.append((value.lowercased(), high.lowercased()))
                return .text(position, op, bounds: bounds.count - 1)
            }
            if property.type == .bool {
                bounds.append((value.lowercased(), high.lowercased()))
                return .exact(position, op, bounds: bounds.count - 1, multi: false)
            }
            bounds.append((value, high))
            return .exact(position, op, bounds: bounds.count - 1, multi: property.isMultiSelect)
        }
    }

    /// Numbers as given; dates and datetimes as epoch ms (ISO-8601 is also accepted).
    private static func number(_ text: String, _ property: PropertySpec) throws -> Double {
        if property.type == .number, let value = Double(text) { return value }
        if property.type != .number, let ms = EpochTime.parse(text) { return Double(ms) }
        if property.type != .number, let value = Double(text) { return value }
        throw SandboxError.validation(
            "\(text) is not a valid \(property.type == .number ? "number" : "epoch-millisecond timestamp") for \(property.name).")
    }
}

/// What a property index can answer for one compiled filter: the keys to look up, normalised as
/// the evaluator compares them.
enum IndexProbe: Sendable {
    case numbers(property: Int, FilterOperator, Double, Double)
    case numberSet(property: Int, [Double])
    case strings(property: Int, FilterOperator, String, String)
    case stringSet(property: Int, [String])
    /// `associations.{type}`: the ids themselves.
    case ids(Set<Int64>)
}

extension SearchEvaluator {
    private static let rangeOperators: Set<FilterOperator> = [.eq, .lt, .lte, .gt, .gte, .between]

    /// The index look-up that finds every record `test` can pass, or nil when an index cannot
    /// (negations, presence and token tests match records without a value or need the text).
    func probe(_ test: Test) -> IndexProbe? {
        switch test {
        case .numeric(let p, let op, let low, let high) where Self.rangeOperators.contains(op):
            return .numbers(property: p, op, low, high)
        case .numericSet(let p, let set, negated: false):
            return .numberSet(property: p, Array(numberSets[set]))
        case .text(let p, let op, let index) where Self.rangeOperators.contains(op):
            return .strings(property: p, op, bounds[index].0, bounds[index].1)
        case .textSet(let p, let set, negated: false):
            return .stringSet(property: p, Array(stringSets[set]))
        case .exact(let p, let op, let index, let multi) where Self.rangeOperators.contains(op) && (!multi || op == .eq):
            // A multi-select's index holds each option, which is what `EQ` compares.
            return .strings(property: p, op, bounds[index].0, bounds[index].1)
        case .exactSet(let p, let set, negated: false, multi: _):
            return .stringSet(property: p, Array(stringSets[set]))
        case .associated(let set):
            return .ids(idSets[set])
        default:
            return nil
        }
    }
}
