import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP client to 127.0.0.1, for bytes no HTTP client sends: nothing at all, half a
/// request, or a body over the limit streamed from a small buffer.
///
/// Calls block, so tests run them through ``LoopbackSocket/offloaded(_:)`` on a Dispatch thread
/// (blocking one of the two cooperative threads could stall the server under test). Every wait
/// is bounded by a deadline, so a test cannot hang.
///
/// `@unchecked Sendable`: the descriptor is only used by one offloaded call at a time.
final class LoopbackSocket: @unchecked Sendable {
    enum Failure: Error { case socket(String, Int32) }

    private let descriptor: Int32
    /// How long a test waits for the server to accept, answer or close. The server accepts and
    /// answers in Swift tasks, on the cooperative pool the whole parallel test run shares: on a
    /// loaded 2-core CI machine a task waits seconds for each turn (one run saw 24 of 200 stalled
    /// sockets not yet accepted after 20 s). Waits end as soon as the condition holds, so a
    /// generous bound costs nothing when the server is right; it only bounds a hang.
    static let patience: Duration = .seconds(120)
    /// How long one `recv` waits before the deadline is checked again.
    private static let slice = timeval(tv_sec: 0, tv_usec: 50_000)

    /// Connects to `127.0.0.1:port` (never anywhere else).
    init(port: Int) throws {
        #if canImport(Glibc)
        let kind = Int32(SOCK_STREAM.rawValue)
        #else
        let kind = SOCK_STREAM
        #endif
        descriptor = socket(AF_INET, kind, 0)
        guard descriptor >= 0 else { throw Failure.socket("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Failure.socket("connect", code)
        }
        var slice = Self.slice
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &slice, socklen_t(MemoryLayout<timeval>.size))
        // A send blocked by a server that stopped reading gives up instead of hanging.
        var sendLimit = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &sendLimit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Sends every byte; false when the peer closed or reset the connection first.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                // MSG_NOSIGNAL: a closed peer must fail the call, not raise SIGPIPE.
                send(descriptor, buffer.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    @discardableResult
    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// What the peer sends until it closes the connection (`closed`), `enough` says the answer
    /// is complete, or `deadline` passes.
    func read(until deadline: ContinuousClock.Instant, enough: ([UInt8]) -> Bool = { _ in false })
        -> (bytes: [UInt8], closed: Bool)
    {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1_024)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if enough(received) { return (received, false) }
            } else if count == 0 {
                return (received, true)
            } else if errno == ECONNRESET {
                return (received, true)
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                return (received, true)
            }
        }
        return (received, false)
    }

    /// Whether the peer has closed the connection, without waiting (data it sent is dropped).
    func peerClosed() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    /// Runs blocking socket work on a Dispatch thread.
    static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        // A thread of its own: blocking calls on `DispatchQueue.global()` hold one of the few
        // threads Swift's tasks run on too (the same root queue on Linux), and starved every
        // other test of the run — a loopback client then failed to connect within 3 s.
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// A raw HTTP/1.1 response: status, headers (lower-cased names) and body.
struct RawHTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    /// Parses a complete response; nil until the head and `Content-Length` bytes of body are there.
    init?(_ bytes: [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = headers["content-length"].flatMap(Int.init) ?? 0
        let body = bytes[(end + 4)...]
        guard body.count >= length else { return nil }
        self.status = status
        self.headers = headers
        self.body = Array(body.prefix(length))
    }
}
