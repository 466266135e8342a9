import AsyncHTTPClient
import Foundation
import HubSpotAPI
import NIOCore
import NIOHTTP1

/// ``HubSpotTransport`` over HTTP(S) with async-http-client: one shared client (connection pool),
/// HubSpot's paths appended to `baseURL`. Failures below HTTP map to ``HubSpotTransportError``
/// so the executor can tell a reset (retry a read) from an answer.
struct HTTPTransport: HubSpotTransport {
    let baseURL: URL
    /// Larger bodies are refused rather than buffered without bound.
    var maxResponseBytes = 64 << 20
    var timeout: TimeAmount = .seconds(60)

    func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        var url = baseURL.absoluteString
        if url.hasSuffix("/") { url.removeLast() }
        url += request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
        }
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: "hql/0.1")
        if let body = request.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await Self.client.execute(http, timeout: timeout)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name] = header.value }
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return HubSpotResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { throw HubSpotTransportError.timedOut }
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

    /// One client (one connection pool) per process. A connection that cannot be made fails
    /// after 3 s instead of being retried until the request's deadline (a minute), so a dead
    /// endpoint is reported promptly; the executor's retry policy decides what comes next.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(3), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~,")
        return set
    }()

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
