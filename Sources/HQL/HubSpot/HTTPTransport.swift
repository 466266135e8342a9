import Foundation
import HubSpotAPI
import NIOHTTP1

/// ``HubSpotTransport`` over HTTP(S) with ``HTTP1Client`` (one process-wide pool of keep-alive
/// connections), HubSpot's paths appended to `baseURL`. Failures below HTTP map to
/// ``HubSpotTransportError`` so the executor can tell a reset (retry a read) from an answer.
///
/// Redirects: the client follows none; a same-origin one (same scheme, host and port —
/// so the loopback rule still holds) is followed here, at most ``maxRedirects`` times, and any
/// other is refused: HubSpot's API never redirects, and a redirect to another host or to plain
/// HTTP would carry the request body (personal data) and the answer with it.
struct HTTPTransport: HubSpotTransport {
    let baseURL: URL
    /// Larger bodies are refused rather than buffered without bound.
    var maxResponseBytes: Int
    var timeouts: Connection.Timeouts
    static let maxRedirects = 3
    /// The base URL parsed once: every request's URL starts with it, so its origin and path need
    /// no parse per request (`URLComponents` and its IDNA host check were ~2% of an export's CPU).
    private let base: (prefix: String, target: Target)?

    init(baseURL: URL, maxResponseBytes: Int = 64 << 20, timeouts: Connection.Timeouts = Connection.Timeouts()) {
        self.baseURL = baseURL
        self.maxResponseBytes = maxResponseBytes
        self.timeouts = timeouts
        let prefix = Self.trimmed(baseURL.absoluteString)
        // A base with a query or fragment is parsed with each request's URL instead.
        base = prefix.contains(where: { $0 == "?" || $0 == "#" }) ? nil : (try? Self.target(prefix)).map { (prefix, $0) }
    }

    /// Where one URL's request goes: origin, and path with query.
    private struct Target {
        var origin: HTTP1Client.Origin
        var path: String
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        var url = base?.prefix ?? Self.trimmed(baseURL.absoluteString)
        url += request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
        }
        var hops = 0
        while true {
            let response = try await exchange(request, url: url)
            guard (300..<400).contains(response.status), let location = response.header("Location") else { return response }
            guard hops < Self.maxRedirects, [307, 308].contains(response.status),
                  let target = Self.sameOrigin(location, as: url) else {
                throw HubSpotTransportError.redirectRefused(Self.withoutQuery(location, relativeTo: url))
            }
            hops += 1
            url = target
        }
    }

    /// One HTTP exchange, no redirect followed.
    private func exchange(_ request: HubSpotRequest, url: String) async throws -> HubSpotResponse {
        let target: Target
        if let base, url.utf8.starts(with: base.prefix.utf8), url.utf8.count > base.prefix.utf8.count,
           let next = url.utf8.dropFirst(base.prefix.utf8.count).first, next == UInt8(ascii: "/") || next == UInt8(ascii: "?") {
            // The request's path and query follow the base's path as they are (already escaped).
            let rest = url.utf8.dropFirst(base.prefix.utf8.count)
            let path = base.target.path == "/" && next == UInt8(ascii: "/") ? "" : base.target.path
            target = Target(origin: base.target.origin, path: path + String(decoding: rest, as: UTF8.self))
        } else {
            target = try Self.target(url)
        }
        var headers = request.headers.map { ($0.key, $0.value) }
        headers.append(("Accept", "application/json"))
        headers.append(("User-Agent", "hql/0.1"))
        let answer = try await HTTP1Client.shared.execute(target.origin, method: NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue), target: target.path,
                                                          headers: headers, body: request.body.map(Array.init),
                                                          maxResponseBytes: maxResponseBytes, timeouts: timeouts)
        var fields: [String: String] = [:]
        for header in answer.headers { fields[header.name] = header.value }
        return HubSpotResponse(status: answer.status, headers: fields, body: Data(answer.body.readableBytesView))
    }

    /// The origin and the path with query of `url`.
    private static func target(_ url: String) throws -> Target {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host,
              scheme == "https" || scheme == "http" else {
            throw HubSpotTransportError.connectionFailed("'\(Self.withoutQuery(url, relativeTo: url))' is not an HTTP URL")
        }
        let secure = scheme == "https"
        // An IPv6 literal is connected to without its brackets (`Origin` puts them back in `Host`).
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let origin = HTTP1Client.Origin(secure: secure, host: name.lowercased(), port: parts.port ?? (secure ? 443 : 80))
        var path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        if let query = parts.percentEncodedQuery { path += "?" + query }
        return Target(origin: origin, path: path)
    }

    /// `location` resolved against `current`, if it has the same scheme, host and port.
    static func sameOrigin(_ location: String, as current: String) -> String? {
        guard let base = URL(string: current), let target = URL(string: location, relativeTo: base)?.absoluteURL,
              target.scheme?.lowercased() == base.scheme?.lowercased(),
              target.host?.lowercased() == base.host?.lowercased(),
              effectivePort(target) == effectivePort(base) else { return nil }
        return target.absoluteString
    }

    private static func effectivePort(_ url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }

    /// A redirect target for a message: no query string (it may carry data).
    static func withoutQuery(_ location: String, relativeTo current: String) -> String {
        let resolved = URL(string: current).flatMap { URL(string: location, relativeTo: $0)?.absoluteURL }
        guard let resolved, var parts = URLComponents(url: resolved, resolvingAgainstBaseURL: false) else {
            return String(location.prefix(200))
        }
        parts.query = nil
        parts.user = nil
        parts.password = nil
        return String((parts.string ?? location).prefix(200))
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~,")
        return set
    }()

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
