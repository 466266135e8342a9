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
        var distinct: Set<String>?
    }

    private struct Group {
        var keys: [String?]
        var rows = 0
        var accumulators: [Accumulator]
    }

    let query: BoundQuery
    let projector: RowProjector
    /// Every aggregate: the select list's, then HAVING's.
    private let aggregates: [Aggregate]
    private var groups: [[String?]: Int] = [:]
    private var ordered: [Group] = []

    init(query: BoundQuery, projector: RowProjector) {
        self.query = query
        self.projector = projector
        var aggregates: [Aggregate] = []
        for column in query.columns {
            if case .aggregate(let aggregate) = column.source { aggregates.append(aggregate) }
        }
        self.aggregates = aggregates + query.havingAggregates
    }

    mutating func add(_ record: CRMObject) {
        let keys = query.groupBy.map { RowProjector.raw(record, $0) }
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
            guard let property = aggregate.property else { continue }
            guard let raw = RowProjector.raw(record, property) else { continue }
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
                if let best = accumulator.best {
                    let better = PredicateEvaluator.compare(raw, best, type: aggregate.type) {
                        aggregate.function == .min ? $0 < 0 : $0 > 0
                    }
                    if better { accumulator.best = raw }
                } else {
                    accumulator.best = raw
                }
            }
            ordered[index].accumulators[position] = accumulator
        }
    }

    /// Adds a group whose size HubSpot counted (`GROUP BY` answered by counting searches).
    mutating func addCounted(keys: [String?], count: Int) {
        guard count > 0 else { return }
        groups[keys] = ordered.count
        ordered.append(Group(keys: keys, rows: count, accumulators: aggregates.map { _ in Accumulator() }))
    }

    /// The groups as rows, HAVING applied. Without GROUP BY there is exactly one group, even
    /// over no records (`COUNT(*)` is 0 there).
    func rows(columns: Columns) -> [(row: Row, keys: [Value])] {
        var all = ordered
        if all.isEmpty, query.groupBy.isEmpty {
            all = [Group(keys: [], accumulators: aggregates.map { Accumulator(distinct: $0.distinct ? [] : nil) })]
        }
        var output: [(row: Row, keys: [Value])] = []
        for group in all {
            let values = aggregates.indices.map { result(of: aggregates[$0], group.accumulators[$0], rows: group.rows) }
            if let having = query.having {
                var wire: [String: String] = [:]
                for (name, key) in zip(query.groupBy, group.keys) { wire[name] = key }
                let offset = aggregates.count - query.havingAggregates.count
                for index in query.havingAggregates.indices {
                    wire["#\(index)"] = values[offset + index].wireText
                }
                guard PredicateEvaluator().matches(having, wire) else { continue }
            }
            var selectAggregate = 0
            var row: [Value] = []
            for column in query.columns {
                switch column.source {
                case .property(let name):
                    row.append(projector.value(group.keys[query.groupBy.firstIndex(of: name) ?? 0], property: name))
                case .label(let name):
                    row.append(projector.label(group.keys[query.groupBy.firstIndex(of: name) ?? 0], property: name))
                case .countAll:
                    row.append(.number(Double(group.rows)))
                case .aggregate:
                    row.append(values[selectAggregate])
                    selectAggregate += 1
                case .associated:
                    row.append(.null)  // the binder refuses associated columns in grouped queries
                }
            }
            let keys = query.orderBy.map { order in order.column.map { row[$0] } ?? .null }
            output.append((Row(columns: columns, values: row), keys))
        }
        return output
    }

    private func result(of aggregate: Aggregate, _ accumulator: Accumulator, rows: Int) -> Value {
        switch aggregate.function {
        case .count: return .number(Double(aggregate.property == nil ? rows : accumulator.count))
        case .sum: return accumulator.numbers == 0 ? .null : .number(Self.double(accumulator.sum))
        case .avg:
            guard accumulator.numbers > 0 else { return .null }
            var mean = accumulator.sum / Decimal(accumulator.numbers)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &mean, 6, .plain)
            return .number(Self.double(rounded))
        case .min, .max:
            guard let property = aggregate.property else { return .null }
            return projector.value(accumulator.best, property: property)
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
