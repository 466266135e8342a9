import Foundation
import HubSpotAPI

/// Where a session sends its HubSpot requests and the bearer token it presents. The token is
/// never printed: ``description`` masks it.
public struct Connection: Sendable, CustomStringConvertible {
    let transport: any HubSpotTransport
    let token: String
    /// Where requests go, for people (`https://api.hubapi.com`, `in-process sandbox`).
    public let endpoint: String

    /// Any ``HubSpotTransport`` (the in-process sandbox, a test double), authenticating with `token`.
    public static func transport(_ transport: any HubSpotTransport, token: String, endpoint: String = "in-process") -> Connection {
        Connection(transport: transport, token: token, endpoint: endpoint)
    }

    /// How long an HTTP exchange may take, in milliseconds: the ceilings of every wait that is
    /// not the client's own choice. A read that times out is sent once more, then reported.
    public struct Timeouts: Sendable, Hashable {
        /// To open a connection (TCP and TLS).
        public var connectMilliseconds: Int64
        /// Without a byte from the server: before the first byte of the answer, and between bytes.
        public var idleMilliseconds: Int64
        /// For the whole exchange, however the bytes trickle in.
        public var requestMilliseconds: Int64

        /// HubSpot answers a search in well under a second and a large page in a few; these
        /// leave room for a slow day without letting a stalled server hold a statement.
        public init(connectMilliseconds: Int64 = 3_000, idleMilliseconds: Int64 = 20_000, requestMilliseconds: Int64 = 60_000) {
            self.connectMilliseconds = max(1, connectMilliseconds)
            self.idleMilliseconds = max(1, idleMilliseconds)
            self.requestMilliseconds = max(1, requestMilliseconds)
        }
    }

    /// HubSpot itself, over HTTPS.
    public static func hubSpot(token: String, timeouts: Timeouts = Timeouts()) -> Connection {
        // The URL is a constant: it always parses.
        let url = URL(string: "https://api.hubapi.com") ?? URL(fileURLWithPath: "/")
        return Connection(transport: HTTPTransport(baseURL: url, timeouts: timeouts), token: token, endpoint: url.absoluteString)
    }

    /// Another endpoint that speaks HubSpot's API, such as `hubspot-sandbox`. HTTPS, or plain HTTP
    /// to a loopback address only: a token never crosses a network in clear text.
    /// Redirects are checked the same way on every hop (see ``HTTPTransport``).
    public static func url(_ text: String, token: String, timeouts: Timeouts = Timeouts()) throws -> Connection {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw ExecutionError(message: "'\(text)' is not a URL (e.g. https://api.hubapi.com or http://127.0.0.1:8080)")
        }
        let loopback = host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ExecutionError(message: "refusing \(scheme)://\(host): plain HTTP is allowed only to a loopback address; use https")
        }
        return Connection(transport: HTTPTransport(baseURL: url, timeouts: timeouts), token: token, endpoint: url.absoluteString)
    }

    public var description: String { "\(endpoint) (token \(Self.mask(token)))" }

    /// `pat-…1234`: enough to tell tokens apart, never enough to use one.
    static func mask(_ token: String) -> String {
        token.count <= 8 ? "****" : "…" + token.suffix(4)
    }
}
