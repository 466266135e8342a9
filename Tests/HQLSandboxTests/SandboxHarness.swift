import Foundation
import HQLSandbox
import HubSpotAPI
import Testing

/// Shared portals: generated once per test process (a `Portal` is a value, so every sandbox
/// made from one gets its own copy on first write).
enum Portals {
    static let small = PortalGenerator(options: .small).generate()
    /// More than 10,000 contacts, 10,050 of them in one import burst sharing one millisecond.
    static let ceiling = PortalGenerator(options: PortalGenerator.Options(
        seed: 11, contacts: 10_300, companies: 20, deals: 5, tickets: 5, products: 2, lineItems: 5, quotes: 2,
        customRecords: 2, burst: 10_050)).generate()
}

/// A sandbox plus helpers to call it the way a client does: through ``SandboxTransport``.
struct Harness {
    let sandbox: Sandbox
    let transport: SandboxTransport
    let clock: ManualClock
    let token: String

    /// Limits raised so ordinary tests never meet them; rate-limit tests pass their own settings.
    init(portal: Portal = Portals.small, settings: SandboxSettings? = nil, clock: ManualClock = ManualClock()) {
        var chosen = settings ?? SandboxSettings(
            searchRequestsPerSecond: 1_000_000, requestsPerTenSeconds: 1_000_000, requestsPerDay: 100_000_000)
        chosen.clock = clock
        self.clock = clock
        self.token = chosen.token
        sandbox = Sandbox(portal: portal, settings: chosen)
        transport = SandboxTransport(sandbox: sandbox)
    }

    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, auth: Bool = true
    ) async throws -> HubSpotResponse {
        var headers = ["Content-Type": "application/json"]
        if auth { headers["Authorization"] = "Bearer \(token)" }
        return try await transport.send(HubSpotRequest(
            method: method, path: path, query: query.map { HubSpotRequest.QueryItem($0.0, $0.1) }, headers: headers,
            body: body))
    }

    func call<Body: Encodable>(_ method: HTTPMethod, _ path: String, json: Body) async throws -> HubSpotResponse {
        try await call(method, path, body: try JSONEncoder().encode(json))
    }

    func call(_ method: HTTPMethod, _ path: String, raw: String) async throws -> HubSpotResponse {
        try await call(method, path, body: Data(raw.utf8))
    }

    func search(_ request: SearchRequest, type: String = "contacts") async throws -> ObjectPage {
        let response = try await call(.post, "/crm/v3/objects/\(type)/search", json: request)
        guard response.status == 200 else {
            throw HarnessError.status(response.status, String(decoding: response.body, as: UTF8.self))
        }
        return try decode(ObjectPage.self, response)
    }

    /// Every id a search returns, following `paging.next.after`.
    func searchAll(_ request: SearchRequest, type: String = "contacts") async throws -> [String] {
        var request = request
        request.limit = request.limit ?? 200
        var ids: [String] = []
        while true {
            let page = try await search(request, type: type)
            ids += page.results.map(\.id)
            guard let after = page.paging?.next?.after else { return ids }
            request.after = after
        }
    }

    func expectError(
        _ response: HubSpotResponse, status: Int, category: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> HubSpotErrorBody {
        #expect(response.status == status, "body: \(String(decoding: response.body, as: UTF8.self))",
            sourceLocation: sourceLocation)
        let body = try decode(HubSpotErrorBody.self, response)
        #expect(body.status == "error", sourceLocation: sourceLocation)
        if let category { #expect(body.category == category, sourceLocation: sourceLocation) }
        #expect(body.correlationId != nil, sourceLocation: sourceLocation)
        #expect(response.header("X-HubSpot-Correlation-Id") == body.correlationId, sourceLocation: sourceLocation)
        return body
    }
}

enum HarnessError: Error { case status(Int, String) }

func decode<T: Decodable>(_ type: T.Type, _ response: HubSpotResponse) throws -> T {
    try JSONDecoder().decode(type, from: response.body)
}

/// The body as loose JSON, for shape checks (key present with `null`, numbers vs strings).
func jsonObject(_ response: HubSpotResponse) throws -> [String: Any] {
    (try JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:]
}

func filter(_ name: String, _ op: FilterOperator, _ value: String? = nil, high: String? = nil, values: [String]? = nil)
    -> Filter
{
    Filter(propertyName: name, operator: op, value: value, highValue: high, values: values)
}

func oneGroup(_ filters: Filter..., properties: [String]? = nil, limit: Int? = nil) -> SearchRequest {
    SearchRequest(filterGroups: [FilterGroup(filters: filters)], properties: properties, limit: limit)
}

extension Harness {
    /// Every live record of a type through the list endpoint (the oracle search results are checked against).
    func listAll(_ type: String = "contacts", properties: [String]) async throws -> [CRMObject] {
        var records: [CRMObject] = []
        var after: String?
        repeat {
            var query = [("limit", "100"), ("properties", properties.joined(separator: ","))]
            if let after { query.append(("after", after)) }
            let response = try await call(.get, "/crm/v3/objects/\(type)", query: query)
            guard response.status == 200 else {
                throw HarnessError.status(response.status, String(decoding: response.body, as: UTF8.self))
            }
            let page = try decode(ObjectPage.self, response)
            records += page.results
            after = page.paging?.next?.after
        } while after != nil
        return records
    }
}

extension CRMObject {
    /// A property's value, `nil` when absent or null.
    func value(_ name: String) -> String? { properties[name] ?? nil }
}
