import Foundation

extension LoopbackSocket {
    enum HTTPFailure: Error { case noAnswer(Int) }

    /// One HTTP/1.1 exchange on a connection of its own (`Connection: close`), written and read on
    /// a thread of its own, for the tests that talk to `SandboxServer` over HTTP. Not URLSession:
    /// its work runs on Dispatch's shared threads, which a whole test run starves, and a request
    /// written half a minute late met the server's idle limit ("empty reply from server", seen in
    /// full runs).
    static func exchange(port: Int, method: String, target: String, headers: [(String, String)], body: Data?)
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
