import HubSpotAPI

/// The rows of an inner query as records of the outer one: each row's values back as wire text
/// (instants as epoch ms), named by column, a page of 500 at a time, pulled as the outer query asks.
final class DerivedSource: RecordSource {
    private let inner: QueryExecution
    private var count = 0
    let keepsOrder = true

    init(_ inner: QueryExecution) {
        self.inner = inner
    }

    nonisolated(nonsending) func next() async throws -> [CRMObject]? {
        var page: [CRMObject] = []
        while page.count < 500, let row = try await inner.next() {
            count += 1
            var properties: [String: String?] = [:]
            for (name, value) in zip(row.columns.names, row.values) { properties[name] = value.wireText }
            page.append(CRMObject(id: String(count), properties: properties, createdAt: "", updatedAt: ""))
        }
        return page.isEmpty ? nil : page
    }
}
