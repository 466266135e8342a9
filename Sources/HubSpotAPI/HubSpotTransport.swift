import Foundation

/// An HTTP method HubSpot's CRM API uses.
public enum HTTPMethod: String, Sendable, Hashable, Codable {
    case get = "GET", post = "POST", patch = "PATCH", put = "PUT", delete = "DELETE"
}

/// One request to HubSpot's API (or to anything that speaks it, such as the sandbox).
///
/// `path` is relative to the API root (`/crm/v3/objects/contacts/search`); `query` keeps order and
/// repeated names (`properties=a&properties=b`), which HubSpot accepts.
public struct HubSpotRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path below the API root, starting with `/`.
    public var path: String
    /// Query items, in order; names may repeat.
    public var query: [QueryItem]
    /// Header fields; names compare case-insensitively on the receiving side.
    public var headers: [String: String]
    /// The JSON body, if any.
    public var body: Data?

    /// A query-string item.
    public struct QueryItem: Sendable, Hashable, Codable {
        /// The item's name.
        public var name: String
        /// The item's value.
        public var value: String
        /// Creates an item.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a request.
    public init(
        method: HTTPMethod, path: String, query: [QueryItem] = [], headers: [String: String] = [:], body: Data? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of a header, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.key.lowercased() == lower }?.value
    }
}

/// One response from HubSpot's API.
public struct HubSpotResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields.
    public var headers: [String: String]
    /// The body (JSON, or empty for 204).
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.key.lowercased() == lower }?.value
    }
}

/// Failures below HTTP: the request may or may not have reached the server.
public enum HubSpotTransportError: Error, Sendable, Hashable {
    /// The connection was reset or dropped before a response arrived.
    case connectionReset
    /// No connection could be made.
    case connectionFailed(String)
    /// The request timed out.
    case timedOut
    /// The response was larger than the client accepts (the limit in bytes): not sent again.
    case responseTooLarge(limit: Int)
    /// The server redirected elsewhere (the target, without its query): HubSpot's API never
    /// redirects, and following could carry the request to another host or to plain HTTP.
    case redirectRefused(String)
}

/// The one seam between HQL and HubSpot: the real HTTPS client, the HTTP client pointed at a
/// `hubspot-sandbox`, and the in-process sandbox all implement it, so the whole client stack is
/// exercised the same way whichever is behind it.
public protocol HubSpotTransport: Sendable {
    /// Sends one request and returns HubSpot's response, whatever its status.
    /// Throws ``HubSpotTransportError`` only for failures below HTTP, and `CancellationError`.
    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse
}
