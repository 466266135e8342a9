import Testing
@testable import HQLSandbox

/// A sorted search reads only the first `offset + limit` of its order: the partial selection
/// must give exactly the prefix a full sort gives, ties included.
@Suite struct PartialSortTests {
    @Test func smallestIsThePrefixOfTheFullSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let count = Int.random(in: 0...2_000, using: &generator)
            // Few distinct keys (many ties), broken by a unique id, as the sandbox's sorts are.
            let elements = (0..<count).map { (key: Int.random(in: 0...20, using: &generator), id: $0) }
                .shuffled(using: &generator)
            let precedes = { (a: (key: Int, id: Int), b: (key: Int, id: Int)) in a.key != b.key ? a.key > b.key : a.id < b.id }
            let wanted = Int.random(in: 0...count + 5, using: &generator)
            let partial = PortalSnapshot.smallest(wanted, of: elements, by: precedes)
            let full = Array(elements.sorted(by: precedes).prefix(wanted))
            #expect(partial.map(\.id) == full.map(\.id))
        }
    }
}
