extension SandboxServer {
    /// The server stopped, or never listened, before it reported its port.
    public struct NotListening: Error, CustomStringConvertible {
        public var description: String { "the sandbox server did not start listening" }
    }

    /// Runs the server while `body` runs, giving `body` the port it bound (for a client in the
    /// same process: tests, tools that embed the sandbox), and stops it when `body` returns or
    /// throws. A server that fails to start throws its error here rather than leaving `body`
    /// waiting for a port.
    public func whileRunning<Result: Sendable>(_ body: (_ port: Int) async throws -> Result) async throws -> Result {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await run { _, port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                try await group.waitForAll()
                throw NotListening()
            }
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }
}
