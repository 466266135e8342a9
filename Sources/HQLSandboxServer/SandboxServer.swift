import Foundation
import HQLSandbox
import HTTPTypes
import HubSpotAPI
import Hummingbird
import Logging
import NIOCore

/// The sandbox over HTTP: every request goes to ``Sandbox/respond(to:)``, the same handler the
/// in-process transport uses, so both answer identically.
public struct SandboxServer: Sendable {
    /// The sandbox answering.
    public let sandbox: Sandbox
    /// The address to bind (loopback unless told otherwise).
    public let host: String
    /// The port to bind; 0 picks a free one.
    public let port: Int
    /// Whether hummingbird logs at info level; otherwise only critical problems are logged, since
    /// injected dropped connections would otherwise log an error each.
    public let verbose: Bool

    /// Creates a server.
    public init(sandbox: Sandbox, host: String = "127.0.0.1", port: Int = 0, verbose: Bool = false) {
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self.verbose = verbose
    }

    /// Runs until cancelled (or, with `handleSignals`, until SIGINT / SIGTERM).
    /// - Parameter onListening: called once with the bound host and the actual port.
    public func run(
        handleSignals: Bool = false, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let host = self.host
        var logger = Logger(label: "hubspot-sandbox")
        logger.logLevel = verbose ? .info : .critical
        let app = Application(
            responder: SandboxResponder(sandbox: sandbox),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? 0)
            }, logger: logger)
        if handleSignals {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } else {
            try await app.run()
        }
    }
}

/// A request context that keeps the channel, so an injected fault can drop the connection.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}

/// Converts between hummingbird's request/response and the transport's.
struct SandboxResponder: HTTPResponder {
    let sandbox: Sandbox
    /// Bodies above this are refused by HubSpot too (batch bodies are well below it).
    static let maxBodySize = 32 * 1_024 * 1_024

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        guard let method = HTTPMethod(rawValue: request.method.rawValue) else {
            return Response(status: .methodNotAllowed)
        }
        let buffer = try await request.collectBody(upTo: Self.maxBodySize)
        var headers: [String: String] = [:]
        for field in request.headers {
            if let existing = headers[field.name.canonicalName] {
                headers[field.name.canonicalName] = existing + ", " + field.value
            } else {
                headers[field.name.canonicalName] = field.value
            }
        }
        let hubSpotRequest = HubSpotRequest(
            method: method, path: request.uri.path, query: request.uri.query.map(Self.parseQuery) ?? [],
            headers: headers, body: buffer.readableBytes > 0 ? Data(buffer.readableBytesView) : nil)
        switch await sandbox.respond(to: hubSpotRequest) {
        case .dropConnection:
            // An injected fault: close the socket without writing a response.
            try? await context.channel.close()
            throw CancellationError()
        case .response(let response):
            var fields = HTTPFields()
            for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            fields[.contentLength] = String(response.body.count)
            return Response(
                status: HTTPResponse.Status(code: response.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
        }
    }

    /// Keeps order and repeated names (`properties=a&properties=b`).
    static func parseQuery(_ text: String) -> [HubSpotRequest.QueryItem] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first else { return nil }
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return HubSpotRequest.QueryItem(decode(name), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
