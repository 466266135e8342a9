import Foundation
import HubSpotAPI
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// HTTP/1.1 for HubSpot's JSON API on NIO's channels: keep-alive connections pooled per origin,
/// one exchange at a time on each, every answer read whole into one buffer and handed over with
/// one promise. HubSpot's API needs nothing more (no streaming, no HTTP/2, no proxy, no
/// compression). AsyncHTTPClient, used before, streamed each body part through an async sequence
/// and its state machines: about a sixth of an export's CPU at 300 ms of latency (#14).
///
/// Time limits are per exchange (``Connection/Timeouts``): connecting; no byte for the idle limit
/// (before the answer starts and between its parts); the whole exchange. A pooled connection the
/// server has closed is noticed (its channel goes inactive) and not reused.
final class HTTP1Client: Sendable {
    /// Where a connection goes: a connection serves one origin only.
    struct Origin: Hashable, Sendable {
        let secure: Bool
        let host: String
        let port: Int
        /// The `Host` header (an IPv6 literal in brackets), made once: an origin serves many requests.
        let hostHeader: String

        init(secure: Bool, host: String, port: Int) {
            self.secure = secure
            self.host = host
            self.port = port
            // Bytes, not Foundation's `contains(_: StringProtocol)` (an NSString search).
            let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
            hostHeader = (secure && port == 443) || (!secure && port == 80) ? name : "\(name):\(port)"
        }
    }

    /// One answer, read whole.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
        /// Whether the connection may carry another exchange.
        var keepAlive: Bool
    }

    /// One exchange handed to a connection's handler.
    struct Exchange: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var maxResponseBytes: Int
        var timeouts: Connection.Timeouts
        var answer: EventLoopPromise<Answer>
    }

    static let shared = HTTP1Client()
    /// Idle connections kept per origin (AsyncHTTPClient's default of concurrent ones was 8).
    static let maxIdlePerOrigin = 8

    private let idle = Mutex<[Origin: [any Channel]]>([:])
    /// Built on first HTTPS use: loading the system's trust roots is not free.
    private let tls = Mutex<NIOSSLContext?>(nil)

    /// One exchange: `target` is the path and query. A 3xx is returned like any answer.
    func execute(_ origin: Origin, method: NIOHTTP1.HTTPMethod, target: String, headers: [(String, String)], body: [UInt8]?,
                 maxResponseBytes: Int, timeouts: Connection.Timeouts) async throws -> Answer {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.reserveCapacity(headers.count + 2)
        head.headers.add(name: "Host", value: origin.hostHeader)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        var buffer: ByteBuffer?
        if let body {
            head.headers.add(name: "Content-Length", value: String(body.count))
            buffer = ByteBuffer(bytes: body)
        } else if method == .POST || method == .PUT || method == .PATCH {
            head.headers.add(name: "Content-Length", value: "0")
        }
        let channel = try await connection(to: origin, timeouts: timeouts)
        let promise = channel.eventLoop.makePromise(of: Answer.self)
        let exchange = Exchange(head: head, body: buffer, maxResponseBytes: maxResponseBytes, timeouts: timeouts, answer: promise)
        // A connection closed since it was pooled never reaches the handler: its write fails here.
        let sent = channel.eventLoop.makePromise(of: Void.self)
        sent.futureResult.whenFailure { _ in promise.fail(HubSpotTransportError.connectionReset) }
        channel.writeAndFlush(exchange, promise: sent)
        let answer: Answer
        do {
            answer = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            if Task.isCancelled { throw CancellationError() }
            // The origin's other idle connections are suspect too (a server restarted on the
            // same port leaves them open and silent): the retry gets a new connection.
            let suspect = idle.withLock { $0.removeValue(forKey: origin) ?? [] }
            for stale in suspect { stale.close(promise: nil) }
            throw error
        }
        if answer.keepAlive { release(channel, to: origin) } else { channel.close(promise: nil) }
        return answer
    }

    /// An idle connection to `origin`, or a new one.
    private func connection(to origin: Origin, timeouts: Connection.Timeouts) async throws -> any Channel {
        let pooled: (any Channel)? = idle.withLock { idle in
            while let channel = idle[origin]?.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
        if let pooled { return pooled }
        let context = origin.secure ? try tlsContext() : nil
        let bootstrap = ClientBootstrap(group: NIOSingletons.posixEventLoopGroup)
            .connectTimeout(.milliseconds(timeouts.connectMilliseconds))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let context {
                        try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: Self.serverName(origin.host)))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(AnswerHandler())
                }
            }
        do {
            return try await bootstrap.connect(host: origin.host, port: origin.port).get()
        } catch ChannelError.connectTimeout {
            throw HubSpotTransportError.connectionFailed("no connection within \(timeouts.connectMilliseconds) ms")
        } catch {
            throw HubSpotTransportError.connectionFailed(String(describing: error))
        }
    }

    private func release(_ channel: any Channel, to origin: Origin) {
        let kept = idle.withLock { idle in
            guard channel.isActive, idle[origin, default: []].count < Self.maxIdlePerOrigin else { return false }
            idle[origin, default: []].append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    private func tlsContext() throws -> NIOSSLContext {
        try tls.withLock { context in
            if let context { return context }
            do {
                let made = try NIOSSLContext(configuration: .makeClientConfiguration())
                context = made
                return made
            } catch {
                throw HubSpotTransportError.connectionFailed("TLS could not be set up: \(error)")
            }
        }
    }

    /// SNI carries names, not IP literals.
    private static func serverName(_ host: String) -> String? {
        host.utf8.contains(UInt8(ascii: ":")) || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }
}

/// The end of a connection's pipeline: writes an exchange's request, reads its answer whole,
/// and enforces its limits. Lives on the channel's event loop only.
private final class AnswerHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTP1Client.Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var pending: HTTP1Client.Exchange?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var lastRead = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private var wholeTimer: Scheduled<Void>?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(HubSpotTransportError.connectionReset)
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            // One exchange at a time: the pool never hands out a busy connection.
            exchange.answer.fail(HubSpotTransportError.connectionReset)
            return
        }
        pending = exchange
        head = nil
        body.clear()
        lastRead = .now()
        let loop = context.eventLoop
        idleTimer = loop.assumeIsolated().scheduleTask(in: .milliseconds(exchange.timeouts.idleMilliseconds)) { [weak self] in self?.checkIdle() }
        wholeTimer = loop.assumeIsolated().scheduleTask(in: .milliseconds(exchange.timeouts.requestMilliseconds)) { [weak self] in
            self?.fail(HubSpotTransportError.timedOut, close: true)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        // A failed write closes the channel, and `channelInactive` fails the exchange.
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        guard let exchange = pending else { return }
        switch unwrapInboundIn(data) {
        case .head(let response):
            // An interim answer (100 Continue) is not the answer.
            guard response.status.code >= 200 else { return }
            head = response
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > 0 {
                guard length <= exchange.maxResponseBytes else {
                    return fail(HubSpotTransportError.responseTooLarge(limit: exchange.maxResponseBytes), close: true)
                }
                body.reserveCapacity(length)
            }
        case .body(var part):
            guard body.readableBytes + part.readableBytes <= exchange.maxResponseBytes else {
                return fail(HubSpotTransportError.responseTooLarge(limit: exchange.maxResponseBytes), close: true)
            }
            body.writeBuffer(&part)
        case .end:
            guard let head else { return fail(HubSpotTransportError.connectionReset, close: true) }
            finish()
            exchange.answer.succeed(HTTP1Client.Answer(status: Int(head.status.code), headers: head.headers, body: body,
                                                       keepAlive: head.isKeepAlive))
            self.head = nil
            body = ByteBuffer()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HubSpotTransportError.connectionReset)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A broken answer (unparsable HTTP, TLS failing mid-way) ends the connection; a read may
        // be retried on a new one, as after a reset.
        fail(error is NIOSSLError ? HubSpotTransportError.connectionFailed(String(describing: error)) : .connectionReset, close: true)
    }

    /// No byte for the idle limit fails the exchange; a read since re-arms the check for the rest.
    private func checkIdle() {
        guard let exchange = pending, let context else { return }
        let limit = TimeAmount.milliseconds(exchange.timeouts.idleMilliseconds)
        let quiet = NIODeadline.now() - lastRead
        if quiet >= limit { return fail(HubSpotTransportError.timedOut, close: true) }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: limit - quiet) { [weak self] in self?.checkIdle() }
    }

    private func finish() {
        pending = nil
        idleTimer?.cancel()
        wholeTimer?.cancel()
        idleTimer = nil
        wholeTimer = nil
    }

    private func fail(_ error: HubSpotTransportError, close: Bool = false) {
        if let exchange = pending {
            finish()
            exchange.answer.fail(error)
        }
        if close { context?.close(promise: nil) }
    }
}
