import Foundation
import HQL
import HQLSandbox
import Testing

/// The library embedded the way the getting-started article shows, in under twenty lines.
@Suite struct EmbeddingExampleTests {
    struct Lead: Decodable {
        let email: String?
        let createdate: Date
    }

    @Test func twentyLineEmbedding() async throws {
        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate())
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken))
        let result = try await session.query("""
            SELECT email, createdate FROM contacts
            WHERE lifecyclestage = :stage
            ORDER BY createdate DESC LIMIT 5
            """, parameters: ["stage": "lead"])
        var leads: [Lead] = []
        for try await row in result { leads.append(try row.decode(Lead.self)) }
        #expect(leads.count == 5)
        #expect(leads.map(\.createdate) == leads.map(\.createdate).sorted(by: >))
        let statistics = await result.statistics
        #expect(statistics.rows == 5)
        // The contacts' properties (read once a session, counted in the statement that read them) and one search.
        #expect(statistics.requests == ["schema": 1, "search": 1])
    }
}
