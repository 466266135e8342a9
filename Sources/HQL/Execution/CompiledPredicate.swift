import HubSpotAPI

/// Where the predicate evaluators read a record's values: a property's wire value, or nil when
/// the record has none.
protocol PredicateValues {
    func value(of property: String) -> String?
}

extension Dictionary: PredicateValues where Key == String, Value == String {
    func value(of property: String) -> String? { self[property] }
}

/// A fetched record as the WHERE re-check sees it: its properties, and `hs_object_id` from the
/// record's id when the page did not carry that property.
struct RecordValues: PredicateValues {
    let record: CRMObject

    func value(of property: String) -> String? {
        RowProjector.raw(record, property)
    }
}

/// A bound predicate prepared once per statement for the client-side re-check.
///
/// The interpreter compares an `IN` list or an OR of equalities term by term, re-parsing and
/// re-folding the record's value for each term: 16,000 OR-ed ids cost 30 s of CPU over a result.
/// Here every `IN` list, and the equalities an OR holds on one property, become one hash set of
/// values normalised as ``PredicateEvaluator/compare(_:_:type:_:)`` compares them (numbers as
/// doubles, dates as epoch ms, enumerations exactly per `;`-separated value, strings folded to
/// lower case), so a record costs one normalisation and one lookup. Everything else is evaluated
/// by ``PredicateEvaluator`` as before; the three-valued result is the interpreter's exactly.
struct CompiledPredicate: Sendable {
    indirect enum Node: Sendable {
        case and([Node])
        case or([Node])
        case not(Node)
        /// Whether the property's value is one of a set (unknown when the record has none).
        case member(property: String, values: ValueSet, negated: Bool)
        /// Any other leaf, left to the interpreter.
        case leaf(BoundPredicate)
        /// A computed condition, with its evaluator made once (its calendar is costly to build).
        case computed(ScalarEvaluator, ScalarExpr)
    }

    /// Wire values normalised for an equality test of one property type.
    struct ValueSet: Sendable {
        enum Storage: Sendable {
            /// Numbers; `nan` records that a listed value parsed as NaN (see ``contains(_:)``).
            case numbers(Set<Double>, nan: Bool)
            case instants(Set<Int64>)
            /// Enumerations and booleans: exact, any of a multi-select's values.
            case options(Set<String>)
            /// Strings and phone numbers: case-insensitive.
            case folded(Set<String>)
        }

        let storage: Storage

        init(_ values: [String], type: PropertyType) {
            switch type {
            case .number:
                let numbers = values.compactMap(Double.init)
                storage = .numbers(Set(numbers.filter { !$0.isNaN }), nan: numbers.contains { $0.isNaN })
            case .date, .datetime:
                storage = .instants(Set(values.compactMap { Int64($0) }))
            case .enumeration, .bool:
                storage = .options(Set(values))
            case .string, .phoneNumber:
                storage = .folded(Set(values.map { $0.lowercased() }))
            }
        }

        /// Whether `value` equals a listed value as `PredicateEvaluator.compare` decides it.
        func contains(_ value: String) -> Bool {
            switch storage {
            case .numbers(let numbers, let nan):
                guard let number = Double(value) else { return false }
                // The interpreter orders with `<` and `>`: NaN is "equal" to every number.
                if number.isNaN || nan { return !numbers.isEmpty || nan }
                return numbers.contains(number)
            case .instants(let instants):
                guard let instant = PredicateEvaluator.epochMilliseconds(value) else { return false }
                return instants.contains(instant)
            case .options(let options):
                guard value.contains(";") else { return options.contains(value) }
                return value.split(separator: ";").contains { options.contains(String($0)) }
            case .folded(let strings):
                return strings.contains(value.lowercased())
            }
        }
    }

    let root: Node

    init(_ predicate: BoundPredicate) {
        root = Self.compile(predicate)
    }

    /// Whether the predicate is true for the record (unknown counts as not matching).
    func matches(_ values: some PredicateValues) -> Bool {
        Self.evaluate(root, values) == true
    }

    /// The three-valued result, as ``PredicateEvaluator/evaluate(_:_:)`` gives it.
    func evaluate(_ values: some PredicateValues) -> Bool? {
        Self.evaluate(root, values)
    }

    private static func compile(_ predicate: BoundPredicate) -> Node {
        switch predicate {
        case .and(let parts): return .and(parts.map(compile))
        case .or(let parts): return .or(compileDisjunction(parts))
        case .not(let inner): return .not(compile(inner))
        case .inList(let property, let type, let values, let negated):
            return .member(property: property, values: ValueSet(values, type: type), negated: negated)
        case .computed(let condition):
            return .computed(ScalarEvaluator(timeZone: condition.timeZone, now: 0), condition.expression)
        default: return .leaf(predicate)
        }
    }

    /// An OR's parts, with the equalities and `IN` lists on one property (and type) merged into
    /// one set. Kleene's OR is commutative and a missing value makes every such term unknown, so
    /// the merged test answers as the terms did together.
    private static func compileDisjunction(_ parts: [BoundPredicate]) -> [Node] {
        struct Key: Hashable {
            var property: String
            var type: PropertyType
        }
        var groups: [Key: [String]] = [:]
        var termCounts: [Key: Int] = [:]
        for part in parts {
            switch part {
            case .compare(let property, let type, .equal, let value):
                groups[Key(property: property, type: type), default: []].append(value)
                termCounts[Key(property: property, type: type), default: 0] += 1
            case .inList(let property, let type, let values, false):
                groups[Key(property: property, type: type), default: []].append(contentsOf: values)
                termCounts[Key(property: property, type: type), default: 0] += 1
            default:
                break
            }
        }
        var nodes: [Node] = []
        var emitted = Set<Key>()
        for part in parts {
            let key: Key
            switch part {
            case .compare(let property, let type, .equal, _), .inList(let property, let type, _, false):
                key = Key(property: property, type: type)
            default:
                nodes.append(compile(part))
                continue
            }
            // A lone equality stays as written; only several terms gain from a set.
            if termCounts[key] == 1, case .compare = part {
                nodes.append(.leaf(part))
                continue
            }
            guard emitted.insert(key).inserted, let values = groups[key] else { continue }
            nodes.append(.member(property: key.property, values: ValueSet(values, type: key.type), negated: false))
        }
        return nodes
    }

    private static func evaluate(_ node: Node, _ values: some PredicateValues) -> Bool? {
        switch node {
        case .and(let parts): return junction(parts, values, deciding: false)
        case .or(let parts): return junction(parts, values, deciding: true)
        case .not(let inner): return evaluate(inner, values).map { !$0 }
        case .member(let property, let set, let negated):
            guard let value = values.value(of: property), !value.isEmpty else { return nil }
            return set.contains(value) != negated
        case .leaf(let predicate):
            return PredicateEvaluator().evaluate(predicate, values)
        case .computed(let evaluator, let expression):
            return evaluator.truth(expression, ComputedRow(values: values))
        }
    }

    /// Kleene's AND (`deciding` false) or OR (`deciding` true), as the interpreter's.
    private static func junction(_ parts: [Node], _ values: some PredicateValues, deciding: Bool) -> Bool? {
        PredicateEvaluator.kleene(parts, deciding: deciding) { evaluate($0, values) }
    }
}
