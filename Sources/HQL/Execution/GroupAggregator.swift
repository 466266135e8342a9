import Foundation
import HubSpotAPI

/// GROUP BY and aggregates on the client: one accumulator set per group key, HAVING over the
/// results. Memory grows with the number of groups, not rows.
struct GroupAggregator {
    private struct Accumulator {
        var count = 0
        /// Decimal, so amounts add up to the cent (a Double sum prints 31919016.110000007).
        var sum = Decimal(0)
        var numbers = 0
        var best: String?
        /// `best` typed, so each record is compared without parsing it again.
        var bestValue: Value?
        var distinct: Set<String>?
    }

    private struct Group {
        var keys: [Value]
        var rows = 0
        var accumulators: [Accumulator]
    }

    /// A group as computed columns read it: its keys and its aggregates' results.
    private struct GroupRow: ScalarRow {
        let keys: [Value]
        let aggregates: ArraySlice<Value>
        func value(of property: String) -> String? { nil }
        func groupKey(_ index: Int) -> Value { index < keys.count ? keys[index] : .null }
        func aggregate(_ index: Int) -> Value {
            let position = aggregates.startIndex + index
            return position < aggregates.endIndex ? aggregates[position] : .null
        }
    }

    let query: BoundQuery
    let projector: RowProjector
    private let evaluator: ScalarEvaluator
    /// Every aggregate: the select list's, then HAVING's, then those computed columns read.
    private let aggregates: [Aggregate]
    private var groups: [[Value]: Int] = [:]
    private var ordered: [Group] = []

    init(query: BoundQuery, projector: RowProjector, evaluator: ScalarEvaluator) {
        self.query = query
        self.projector = projector
        self.evaluator = evaluator
        var aggregates: [Aggregate] = []
        for column in query.columns {
            if case .aggregate(let aggregate) = column.source { aggregates.append(aggregate) }
        }
        self.aggregates = aggregates + query.havingAggregates + query.computedAggregates
    }

    mutating func add(_ record: JoinedRecord) {
        let keys = query.groupKeys.map { evaluator.evaluate($0, record) }
        let index: Int
        if let existing = groups[keys] {
            index = existing
        } else {
            index = ordered.count
            groups[keys] = index
            ordered.append(Group(keys: keys, accumulators: aggregates.map { Accumulator(distinct: $0.distinct ? [] : nil) }))
        }
        ordered[index].rows += 1
        for (position, aggregate) in aggregates.enumerated() {
            let raw: String?
            if let argument = aggregate.argument {
                raw = evaluator.evaluate(argument, record).wireText
            } else if let property = aggregate.property {
                raw = RowProjector.raw(record.primary, property)
            } else {
                continue
            }
            guard let raw else { continue }
            var accumulator = ordered[index].accumulators[position]
            if accumulator.distinct != nil {
                guard accumulator.distinct?.insert(raw).inserted == true else { continue }
            }
            accumulator.count += 1
            if aggregate.function == .sum || aggregate.function == .avg, let number = Decimal(string: raw) {
                accumulator.sum += number
                accumulator.numbers += 1
            }
            if aggregate.function == .min || aggregate.function == .max {
                // Compared as typed values: record instants are ISO-8601 text (a comparison
                // meant for a filter's epoch milliseconds kept the first value seen), numbers as
                // numbers, text ignoring case; a computed value's text as its value.
                let value = RowProjector.typed(raw, aggregate.type)
                if let best = accumulator.bestValue {
                    let order = ScalarEvaluator.compare(value, best, evaluator.time) ?? 0
                    if aggregate.function == .min ? order < 0 : order > 0 {
                        accumulator.best = raw
                        accumulator.bestValue = value
                    }
                } else if !value.isNull {
                    accumulator.best = raw
                    accumulator.bestValue = value
                }
            }
            ordered[index].accumulators[position] = accumulator
        }
    }

    /// Adds a group whose size HubSpot counted (`GROUP BY` answered by counting searches).
    mutating func addCounted(keys: [Value], count: Int) {
        guard count > 0 else { return }
        groups[keys] = ordered.count
        ordered.append(Group(keys: keys, rows: count, accumulators: aggregates.map { _ in Accumulator() }))
    }

    /// The groups as rows, HAVING applied. Without GROUP BY there is exactly one group, even
    /// over no records (`COUNT(*)` is 0 there).
    func rows(columns: Columns) -> [(row: Row, keys: [Value])] {
        var all = ordered
        if all.isEmpty, query.groupKeys.isEmpty {
            all = [Group(keys: [], accumulators: aggregates.map { Accumulator(distinct: $0.distinct ? [] : nil) })]
        }
        let selectAggregates = aggregates.count - query.havingAggregates.count - query.computedAggregates.count
        let computedOffset = selectAggregates + query.havingAggregates.count
        var keyIndex: [String: Int] = [:]
        for (index, key) in query.groupKeys.enumerated() {
            if case .property(let name, _) = key, keyIndex[name] == nil { keyIndex[name] = index }
        }
        var output: [(row: Row, keys: [Value])] = []
        for group in all {
            let values = aggregates.indices.map { result(of: aggregates[$0], group.accumulators[$0], rows: group.rows) }
            if let having = query.having {
                var wire: [String: String] = [:]
                for (name, index) in keyIndex { wire[name] = group.keys[index].wireText }
                for index in query.havingAggregates.indices {
                    wire["#\(index)"] = values[selectAggregates + index].wireText
                }
                guard PredicateEvaluator().matches(having, wire) else { continue }
            }
            let groupRow = GroupRow(keys: group.keys, aggregates: values[computedOffset...])
            if let condition = query.havingCondition, evaluator.truth(condition, groupRow) != true { continue }
            var selectAggregate = 0
            var row: [Value] = []
            for column in query.columns {
                switch column.source {
                case .property(let name):
                    row.append(keyIndex[name].map { group.keys[$0] } ?? .null)
                case .label(let name):
                    row.append(projector.label(keyIndex[name].flatMap { group.keys[$0].wireText }, property: name))
                case .countAll:
                    row.append(.number(Double(group.rows)))
                case .aggregate:
                    row.append(values[selectAggregate])
                    selectAggregate += 1
                case .computed(let expr):
                    row.append(evaluator.evaluate(expr, groupRow))
                case .associated, .history:
                    row.append(.null)  // the binder refuses these outside GROUP BY (HISTORY in any grouped query)
                }
            }
            let keys = query.orderBy.map { order in order.column.map { row[$0] } ?? .null }
            output.append((Row(columns: columns, values: row), keys))
        }
        return output
    }

    private func result(of aggregate: Aggregate, _ accumulator: Accumulator, rows: Int) -> Value {
        switch aggregate.function {
        case .count: return .number(Double(aggregate.property == nil && aggregate.argument == nil ? rows : accumulator.count))
        case .sum: return accumulator.numbers == 0 ? .null : .number(Self.double(accumulator.sum))
        case .avg:
            guard accumulator.numbers > 0 else { return .null }
            var mean = accumulator.sum / Decimal(accumulator.numbers)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &mean, 6, .plain)
            return .number(Self.double(rounded))
        case .min, .max:
            return RowProjector.typed(accumulator.best, aggregate.type)
        }
    }
}

extension GroupAggregator {
    /// The nearest Double, through the decimal text (which prints back the same digits).
    static func double(_ decimal: Decimal) -> Double {
        Double(decimal.description) ?? 0
    }
}

extension Value {
    /// The value as HubSpot would write it, for HAVING's evaluator (instants as epoch ms).
    var wireText: String? {
        switch self {
        case .datetime(let milliseconds): String(milliseconds)
        default: text
        }
    }
}
