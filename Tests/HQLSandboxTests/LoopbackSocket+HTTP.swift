import Foundation
import HQLSandbox

/// A sandbox answer as the HTTP tests read it.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: Data
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
    func object() throws -> [String: Any] { try json() as? [String: Any] ?? [:] }
}

extension LoopbackSocket {
    enum HTTPFailure: Error { case noAnswer(Int) }

    /// One JSON request to the sandbox at `base`, with its token unless `token` is nil.
    static func request(_ base: URL, _ method: String, _ path: String, query: String = "", body: Data? = nil,
                        token: String? = SandboxSettings.defaultToken) async throws -> HTTPReply {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let reply = try await exchange(port: base.port ?? 0, method: method, target: path + (query.isEmpty ? "" : "?" + query),
                                       headers: headers, body: body)
        return HTTPReply(status: reply.status, headers: reply.headers, body: Data(reply.body))
    }

    /// One HTTP/1.1 exchange on a connection of its own (`Connection: close`), written and read on
    /// a thread of its own, for the tests that talk to `SandboxServer` over HTTP. Not URLSession:
    /// its work runs on Dispatch's shared threads, which a whole test run starves, and a request
    /// written half a minute late met the server's idle limit ("empty reply from server", seen in
    /// full runs).
    private static func exchange(port: Int, method: String, target: String, headers: [(String, String)], body: Data?)
        async throws -> RawHTTPResponse
    {
        try await offloaded {
            let socket = try LoopbackSocket(port: port)
            var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body?.count ?? 0)\r\n\r\n"
            socket.write(Array(head.utf8) + Array(body ?? Data()))
            let answer = socket.read(until: .now + patience) { RawHTTPResponse($0) != nil }
            guard let response = RawHTTPResponse(answer.bytes) else { throw HTTPFailure.noAnswer(answer.bytes.count) }
            return response
        }
    }
}
