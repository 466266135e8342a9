import Foundation
import HQLSandbox
import HQLSandboxServer
import HubSpotAPI
#if canImport(Glibc)
import Glibc
#endif

/// A local server that answers like HubSpot (an in-process sandbox behind it), then breaks one
/// rule: each request goes through `rule`, which returns what to do with it. Plain POSIX
/// sockets on threads of its own, so a case can write any bytes, stall, or drop the connection.
/// It listens on 127.0.0.1 only; "another host" in a test is another port there.
final class HostileServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [String: String]
        var body: Data
        /// The path without the query string.
        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        /// A query item's value.
        func query(_ name: String) -> String? {
            guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
            for item in query.split(separator: "&") {
                let parts = item.split(separator: "=", maxSplits: 1)
                if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]).removingPercentEncoding : "" }
            }
            return nil
        }
        var isSchema: Bool { path.hasPrefix("/crm/v3/properties") || path.hasPrefix("/crm/v3/schemas") || path.hasPrefix("/crm/v3/owners") }
    }

    enum Action: Sendable {
        /// The sandbox's own answer.
        case sandbox
        /// The sandbox's answer, changed.
        case altered(@Sendable (HubSpotResponse) -> HubSpotResponse)
        /// This status, headers and body (Content-Length set).
        case respond(Int, [(String, String)], Data)
        /// These bytes exactly, then the connection closes.
        case raw(Data)
        /// Never answers; the connection stays open until the client gives up or the server stops.
        case stall
        /// Sends the head and the first part of the body, then stalls.
        case stallMidBody(Int, [(String, String)], Data)
        /// Closes the connection without a byte.
        case reset
    }

    let port: Int
    private let listener: Int32
    private let sandbox: Sandbox
    private let mount: String
    /// Where the sandbox's work runs: never the cooperative pool (see `answer`).
    private let executor = ThreadExecutor(name: "hostile-server")
    private let rule: @Sendable (Request) -> Action
    private let lock = NSLock()
    private var stopped = false
    private var received: [Request] = []
    private var sockets: [Int32] = []

    /// `mount`: the path the sandbox's API sits under (as behind a gateway); other paths are 404.
    init(sandbox: Sandbox, mount: String = "", rule: @escaping @Sendable (Request) -> Action) throws {
        self.sandbox = sandbox
        self.mount = mount
        self.rule = rule
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Requests received so far (schema reads included).
    var requests: [Request] { lock.withLock { received } }

    /// Idempotent: closing the listener twice could close a descriptor already reused elsewhere.
    /// Connections are shut down under the lock that their threads take to close them, so a
    /// descriptor is never shut down after its number went to someone else in this process.
    func stop() {
        let first: Bool = lock.withLock {
            if stopped { return false }
            stopped = true
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        // Shut down, not closed: the accepting thread closes it once it has stopped accepting,
        // so it never calls accept on a number that went to another socket.
        if first {
            shutdown(listener, Int32(SHUT_RDWR))
            executor.stop()
        }
    }

    deinit { stop() }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            lock.withLock { sockets.append(fd) }
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            lock.withLock {
                sockets.removeAll { $0 == fd }
                close(fd)
            }
        }
        var buffer = Data()
        while !isStopped {
            guard let request = readRequest(fd, &buffer) else { return }
            lock.withLock { received.append(request) }
            switch rule(request) {
            case .sandbox:
                write(fd, Self.encode(answer(request)))
            case .altered(let change):
                write(fd, Self.encode(change(answer(request))))
            case .respond(let status, let headers, let body):
                write(fd, Self.encode(HubSpotResponse(status: status, headers: [:], body: body), extra: headers))
            case .raw(let bytes):
                write(fd, bytes)
                return
            case .stall:
                while !isStopped { usleep(20_000) }
                return
            case .stallMidBody(let declared, let headers, let part):
                var head = "HTTP/1.1 200 OK\r\nContent-Length: \(declared)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                write(fd, Data((head + "\r\n").utf8) + part)
                while !isStopped { usleep(20_000) }
                return
            case .reset:
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                return
            }
        }
    }

    /// The sandbox's answer, waited for on this thread and computed on `ThreadExecutor`'s: never
    /// on the cooperative pool, which the rest of a test run may keep busy past the client's
    /// idle limit.
    private func answer(_ request: Request) -> HubSpotResponse {
        let items: [HubSpotRequest.QueryItem] = request.target.split(separator: "?", maxSplits: 1).dropFirst().first.map { query in
            query.split(separator: "&").map { item in
                let parts = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return HubSpotRequest.QueryItem(parts[0], parts.count > 1 ? parts[1] : "")
            }
        } ?? []
        guard request.path.hasPrefix(mount + "/") else { return HubSpotResponse(status: 404) }
        let wire = HubSpotRequest(method: HTTPMethod(rawValue: request.method) ?? .get, path: String(request.path.dropFirst(mount.count)), query: items,
                                  headers: request.headers, body: request.body.isEmpty ? nil : request.body)
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let transport = SandboxTransport(sandbox: sandbox)
        Task(executorPreference: executor) {
            box.value = (try? await transport.send(wire)) ?? HubSpotResponse(status: 502)
            done.signal()
        }
        done.wait()
        return box.value ?? HubSpotResponse(status: 502)
    }

    private func readRequest(_ fd: Int32, _ buffer: inout Data) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard fill(fd, &buffer) else { return nil }
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex..<end.upperBound)
        var lines = head.components(separatedBy: "\r\n")
        let first = lines.removeFirst().split(separator: " ")
        guard first.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard fill(fd, &buffer) else { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer.removeFirst(length)
        return Request(method: String(first[0]), target: String(first[1]), headers: headers, body: body)
    }

    private func fill(_ fd: Int32, _ buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func write(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    static func encode(_ response: HubSpotResponse, extra: [(String, String)] = []) -> Data {
        var head = "HTTP/1.1 \(response.status) \(response.status < 400 ? "OK" : "Error")\r\n"
        var names = Set<String>()
        for (name, value) in extra {
            head += "\(name): \(value)\r\n"
            names.insert(name.lowercased())
        }
        for (name, value) in response.headers where !names.contains(name.lowercased()) && name.lowercased() != "content-length" {
            head += "\(name): \(value)\r\n"
        }
        if !names.contains("content-length") { head += "Content-Length: \(response.body.count)\r\n" }
        if !names.contains("content-type") { head += "Content-Type: application/json\r\n" }
        return Data((head + "\r\n").utf8) + response.body
    }
}

private final class ResponseBox: @unchecked Sendable {
    var value: HubSpotResponse?
}
