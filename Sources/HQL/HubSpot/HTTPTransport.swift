import AsyncHTTPClient
import Foundation
import HubSpotAPI
import NIOCore
import NIOHTTP1
import Synchronization

/// ``HubSpotTransport`` over HTTP(S) with async-http-client: one shared client (connection pool)
/// per set of time limits, HubSpot's paths appended to `baseURL`. Failures below HTTP map to
/// ``HubSpotTransportError`` so the executor can tell a reset (retry a read) from an answer.
///
/// Redirects: async-http-client follows none; a same-origin one (same scheme, host and port —
/// so the loopback rule still holds) is followed here, at most ``maxRedirects`` times, and any
/// other is refused: HubSpot's API never redirects, and a redirect to another host or to plain
/// HTTP would carry the request body (personal data) and the answer with it.
struct HTTPTransport: HubSpotTransport {
    let baseURL: URL
    /// Larger bodies are refused rather than buffered without bound.
    var maxResponseBytes = 64 << 20
    var timeouts = Connection.Timeouts()
    static let maxRedirects = 3

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        var url = baseURL.absoluteString
        if url.hasSuffix("/") { url.removeLast() }
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
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: "hql/0.1")
        if let body = request.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await Self.client(for: timeouts).execute(http, timeout: .milliseconds(timeouts.requestMilliseconds))
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name] = header.value }
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return HubSpotResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch is NIOTooManyBytesError {
            throw HubSpotTransportError.responseTooLarge(limit: maxResponseBytes)
        } catch let error as HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout || error == .writeTimeout {
                throw error == .connectTimeout ? HubSpotTransportError.connectionFailed("no connection within "
                    + "\(timeouts.connectMilliseconds) ms") : HubSpotTransportError.timedOut
            }
            if error == .remoteConnectionClosed || error == .cancelled { throw HubSpotTransportError.connectionReset }
            throw HubSpotTransportError.connectionFailed(String(describing: error))
        } catch let error as HubSpotTransportError {
            throw error
        } catch {
            // NIO's connection errors (refused, reset by peer) arrive as their own types.
            let text = String(describing: error)
            if text.localizedCaseInsensitiveContains("refused") || text.localizedCaseInsensitiveContains("resolve") {
                throw HubSpotTransportError.connectionFailed(text)
            }
            if text.contains("reset") || text.contains("closed") || text.contains("EOF") { throw HubSpotTransportError.connectionReset }
            throw HubSpotTransportError.connectionFailed(text)
        }
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

    /// One client (one connection pool) per set of time limits, for the process's lifetime.
    /// A connection that cannot be made fails after the connect limit instead of being retried
    /// until the request's deadline, so a dead endpoint is reported promptly; the executor's
    /// retry policy decides what comes next. Redirects are handled by ``send(_:)``.
    static func client(for timeouts: Connection.Timeouts) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[timeouts] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .milliseconds(timeouts.connectMilliseconds),
                                          read: .milliseconds(timeouts.idleMilliseconds))
            configuration.redirectConfiguration = .disallow
            // No tracer is bootstrapped: the span bookkeeping per request would be pure cost
            // (about 2% of an export's CPU).
            configuration.tracing.tracer = nil
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[timeouts] = client
            return client
        }
    }

    private static let clients = Mutex<[Connection.Timeouts: HTTPClient]>([:])

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~,")
        return set
    }()

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
