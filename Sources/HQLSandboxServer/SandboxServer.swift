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
    /// How long a connection may stay idle (nothing received while no request is being answered,
    /// or a request stalled half-way) before it is closed; `nil` keeps idle connections forever.
    /// A slow answer (latency) does not count: only the client's silence does.
    public let idleTimeout: Duration?
    /// Whether hummingbird logs at info level; otherwise only critical problems are logged, since
    /// injected dropped connections would otherwise log an error each.
    public let verbose: Bool
    /// Whether the server's tasks (accepting, reading, answering, the sandbox's own work) run on
    /// one thread of their own (``ThreadExecutor``) rather than the cooperative pool: for a server
    /// sharing its process with a busy client, as in the tests, where a starved pool once left
    /// loopback requests unanswered past the client's limits. The `hubspot-sandbox` process
    /// keeps the pool (several connections answered at once).
    public let ownThread: Bool

    /// The idle timeout unless told otherwise: long enough for any client pausing between
    /// requests on a kept-alive connection, short enough that stalled sockets do not pile up.
    public static let defaultIdleTimeout: Duration = .seconds(30)

    /// Creates a server.
    public init(
        sandbox: Sandbox, host: String = "127.0.0.1", port: Int = 0,
        idleTimeout: Duration? = SandboxServer.defaultIdleTimeout, verbose: Bool = false, ownThread: Bool = false
    ) {
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.verbose = verbose
        self.ownThread = ownThread
    }

    /// Runs until cancelled (or, with `handleSignals`, until SIGINT / SIGTERM).
    /// - Parameter onListening: called once with the bound host and the actual port.
    public func run(
        handleSignals: Bool = false, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        guard ownThread else { return try await serve(handleSignals: handleSignals, onListening: onListening) }
        let executor = ThreadExecutor(name: "sandbox-server")
        defer { executor.stop() }
        // Child tasks inherit the preference: the whole server runs on the executor's thread.
        try await withTaskExecutorPreference(executor) {
            try await serve(handleSignals: handleSignals, onListening: onListening)
        }
    }

    private func serve(handleSignals: Bool, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void) async throws {
        let host = self.host
        var logger = Logger(label: "hubspot-sandbox")
        logger.logLevel = verbose ? .info : .critical
        // hummingbird's timer restarts on every request part read and after every response, and
        // does not fire while a fully read request is being answered.
        let idle = idleTimeout.map { TimeAmount.nanoseconds(Self.nanoseconds($0)) }
        let app = Application(
            responder: SandboxResponder(sandbox: sandbox),
            server: .http1(configuration: .init(idleTimeout: idle)),
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

extension SandboxServer {
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
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

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        guard let method = HTTPMethod(rawValue: request.method.rawValue) else {
            return Response(status: .methodNotAllowed)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            if let existing = headers[field.name.canonicalName] {
                headers[field.name.canonicalName] = existing + ", " + field.value
            } else {
                headers[field.name.canonicalName] = field.value
            }
        }
        var hubSpotRequest = HubSpotRequest(
            method: method, path: request.uri.path, query: request.uri.query.map(Self.parseQuery) ?? [],
            headers: headers, body: nil)
        // Stop at the limit instead of buffering an oversized body: the sandbox answers 413 (with
        // its usual error body), and hummingbird discards the rest of the body after the response.
        let limit = sandbox.settings.maxBodyBytes
        let outcome: SandboxOutcome
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            outcome = await sandbox.respondToOversizedBody(hubSpotRequest)
        } else {
            do {
                let buffer = try await request.collectBody(upTo: limit)
                if buffer.readableBytes > 0 { hubSpotRequest.body = Data(buffer.readableBytesView) }
                outcome = await sandbox.respond(to: hubSpotRequest)
            } catch is NIOTooManyBytesError {
                // No (or a false) Content-Length: found out while reading.
                outcome = await sandbox.respondToOversizedBody(hubSpotRequest)
            }
        }
        switch outcome {
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
