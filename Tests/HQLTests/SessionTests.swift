import Foundation
import HQLSandbox
import Testing
import HQL

/// The public API: a session over the in-process sandbox explains statements, and reports
/// binding errors as diagnostics. Only public names are used here, as an embedding tool would.
@Suite struct SessionTests {
    private func session() -> Session {
        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate())
        return Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: SandboxSettings.defaultToken))
    }

    @Test func explainShowsTheExactRequestAsJSON() async throws {
        let json = try await session().explain("EXPLAIN SELECT email FROM contacts WHERE lifecyclestage = 'lead' LIMIT 5", format: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let requests = try #require(document["requests"] as? [[String: Any]])
        #expect(requests.count == 1)
        #expect(requests.first?["path"] as? String == "/crm/v3/objects/contacts/search")
        let body = try #require(requests.first?["body"] as? [String: Any])
        #expect(body["limit"] as? Int == 5)
    }

    @Test func explainTextListsEachCall() async throws {
        let text = try await session().explain("SELECT email FROM contacts WHERE id IN (1, 2)")
        #expect(text.contains("BatchRead"))
        #expect(text.contains("POST /crm/v3/objects/contacts/batch/read {\"inputs\":[{\"id\":\"1\"},{\"id\":\"2\"}]"))
    }

    @Test func bindingErrorsAreDiagnosticsWithCarets() async {
        do {
            _ = try await session().explain("SELECT emial FROM contacts", sourceName: "q.hql")
            Issue.record("expected an error")
        } catch let error as HQLError {
            #expect(error.diagnostics.count == 1)
            #expect(error.description.hasPrefix("q.hql:1:8: error: unknown property 'emial' of contacts\n"))
            #expect(error.description.contains("did you mean 'email'?"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theTokenNeverAppearsInExplainOutput() async throws {
        let sandbox = Sandbox(portal: PortalGenerator(options: .small).generate(), settings: SandboxSettings(token: "pat-na1-secret-123"))
        let session = Session(connection: .transport(SandboxTransport(sandbox: sandbox), token: "pat-na1-secret-123"))
        for format in [ExplainFormat.text, .json] {
            let output = try await session.explain("SELECT email FROM contacts WHERE lifecyclestage = 'lead'", format: format)
            #expect(!output.contains("pat-na1-secret-123"))
        }
    }

    @Test func statementTimeoutIsSetAsPostgreSQLSetsIt() async throws {
        let session = session()
        #expect(try await session.execute("SET statement_timeout = '30s'") == "SET STATEMENT_TIMEOUT 30 s")
        #expect(session.statementTimeout == .seconds(30))
        try await session.execute("SET statement_timeout = 1500")
        #expect(session.statementTimeout == .milliseconds(1_500))
        try await session.execute("SET statement_timeout = '2min'")
        #expect(session.statementTimeout == .seconds(120))
        #expect(try await session.execute("SET statement_timeout = 0") == "SET STATEMENT_TIMEOUT off")
        #expect(session.statementTimeout == nil)
        await #expect(throws: HQLError.self) { try await session.execute("SET statement_timeout = 'soon'") }
        // With a limit, a statement still runs to its end when it is fast enough.
        session.statementTimeout = .seconds(60)
        let rows = try await session.query("SELECT email FROM contacts WHERE lifecyclestage = 'lead' LIMIT 3").collect()
        #expect(rows.count == 3)
    }
}
