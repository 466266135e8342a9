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

    /// HubSpot itself, over HTTPS.
    public static func hubSpot(token: String) -> Connection {
        // The URL is a constant: it always parses.
        let url = URL(string: "https://api.hubapi.com") ?? URL(fileURLWithPath: "/")
        return Connection(transport: HTTPTransport(baseURL: url), token: token, endpoint: url.absoluteString)
    }

    /// Another endpoint that speaks HubSpot's API, such as `hubspot-sandbox`. HTTPS, or plain HTTP
    /// to a loopback address only: a token never crosses a network in clear text.
    public static func url(_ text: String, token: String) throws -> Connection {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw ExecutionError(message: "'\(text)' is not a URL (e.g. https://api.hubapi.com or http://127.0.0.1:8080)")
        }
        let loopback = host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ExecutionError(message: "refusing \(scheme)://\(host): plain HTTP is allowed only to a loopback address; use https")
        }
        return Connection(transport: HTTPTransport(baseURL: url), token: token, endpoint: url.absoluteString)
    }

    public var description: String { "\(endpoint) (token \(Self.mask(token)))" }

    /// `pat-…1234`: enough to tell tokens apart, never enough to use one.
    static func mask(_ token: String) -> String {
        token.count <= 8 ? "****" : "…" + token.suffix(4)
    }
}
