import HubSpotAPI
import Testing
@testable import HQL

/// AND-ed bounds on one ordered property merge into the range they leave.
@Suite struct RangeTighteningTests {
    private func compare(_ name: String, _ op: ComparisonOperator, _ value: String, _ type: PropertyType = .number) -> BoundPredicate {
        .compare(property: name, type: type, op, value: value)
    }

    @Test func theTighterBoundWinsAndExclusiveWinsATie() {
        let merged = FilterPlanner.tightened([
            compare("amount", .greaterEqual, "10.50"), compare("amount", .greater, "10.5"), compare("amount", .greater, "2"),
            compare("amount", .less, "1e3"), compare("amount", .lessEqual, "999.99"),
        ])
        #expect(merged == [compare("amount", .greater, "10.50"), compare("amount", .lessEqual, "999.99")])
    }

    @Test func inclusiveBoundsBecomeOneBetweenAndDisjointOnesFalse() {
        #expect(FilterPlanner.tightened([
            .between(property: "n", type: .number, low: "1", high: "10", negated: false), compare("n", .greaterEqual, "3"),
        ]) == [.between(property: "n", type: .number, low: "3", high: "10", negated: false)])
        #expect(FilterPlanner.tightened([compare("n", .greater, "5"), compare("n", .lessEqual, "5")]) == [.constant(false)])
        #expect(FilterPlanner.tightened([compare("n", .greaterEqual, "5"), compare("n", .lessEqual, "5")])
            == [.between(property: "n", type: .number, low: "5", high: "5", negated: false)])
    }

    @Test func untouchedWhenNothingRepeatsOrValuesAreNotNumbers() {
        // One bound per property, text properties, equalities: nothing to merge.
        #expect(FilterPlanner.tightened([compare("a", .greater, "1"), compare("b", .less, "2"), compare("a", .equal, "3")]) == nil)
        #expect(FilterPlanner.tightened([compare("s", .greater, "b", .string), compare("s", .greater, "a", .string)]) == nil)
        // A value that is not a number (an ISO date) keeps every bound as written.
        let dates = [compare("d", .greater, "2026-01-01", .date), compare("d", .greater, "2026-06-01", .date)]
        #expect(FilterPlanner.tightened(dates) == dates)
    }

    @Test func boundsInsideAnOrMergeWithinTheirBranch() {
        let predicate = BoundPredicate.or([
            .and([compare("n", .greater, "1"), compare("n", .greater, "4")]),
            compare("m", .equal, "1"),
        ])
        #expect(FilterPlanner.tightenRanges(predicate) == .or([.and([compare("n", .greater, "4")]), compare("m", .equal, "1")]))
    }
}
