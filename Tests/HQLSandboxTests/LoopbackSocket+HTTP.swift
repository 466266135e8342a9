import Foundation

/// One HTTP/1.1 exchange over a ``LoopbackSocket``, for the tests that talk to `SandboxServer`
/// over HTTP. Not URLSession: its work runs on Dispatch's shared threads, which a whole test
/// run starves, and a request written half a minute late met the server's idle limit ("empty
/// reply from server", seen in full runs). Here the request is written and the answer read on a
/// thread of its own, on a connection of its own (`Connection: close`).
struct LoopbackHTTPReply: Sendable {
    var status: Int
    /// Header names as the server spelled them.
    var headers: [String: String]
    var body: Data
}

extension LoopbackSocket {
    enum HTTPFailure: Error { case noAnswer(String), malformed(String) }

    static func exchange(port: Int, method: String, target: String, headers: [(String, String)], body: Data?)
        async throws -> LoopbackHTTPReply
    {
        try await offloaded {
            let socket = try LoopbackSocket(port: port)
            var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body?.count ?? 0)\r\n\r\n"
            guard socket.write(Array(head.utf8) + Array(body ?? Data())) else { throw HTTPFailure.noAnswer("closed while sending") }
            let answer = socket.read(until: ContinuousClock.now + patience)
            return try parse(answer.bytes, method: method)
        }
    }

    /// The answer read until the server closed: status line, headers, and a body by its
    /// Content-Length (or chunked).
    static func parse(_ bytes: [UInt8], method: String) throws -> LoopbackHTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard !bytes.isEmpty else { throw HTTPFailure.noAnswer("no byte before the connection closed") }
        guard let end = (0...(max(0, bytes.count - 4))).first(where: { bytes[$0..<min(bytes.count, $0 + 4)].elementsEqual(separator) })
        else { throw HTTPFailure.malformed("no end of head in \(bytes.count) bytes") }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPFailure.malformed(lines[0]) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name }?.value }
        var rest = Array(bytes[(end + 4)...])
        if method == "HEAD" { rest = [] }
        if header("transfer-encoding")?.lowercased() == "chunked" {
            var decoded: [UInt8] = []
            var index = 0
            while let lineEnd = (index..<max(index, rest.count - 1)).first(where: { rest[$0] == 13 && rest[$0 + 1] == 10 }) {
                let sizeText = String(decoding: rest[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw HTTPFailure.malformed("chunk size") }
                if size == 0 { break }
                let start = lineEnd + 2
                guard start + size <= rest.count else { throw HTTPFailure.malformed("short chunk") }
                decoded += rest[start..<(start + size)]
                index = start + size + 2
            }
            rest = decoded
        } else if let length = header("content-length").flatMap(Int.init) {
            guard rest.count >= length else { throw HTTPFailure.malformed("body of \(rest.count) of \(length) bytes") }
            rest = Array(rest.prefix(length))
        }
        return LoopbackHTTPReply(status: status, headers: headers, body: Data(rest))
    }
}
