import HubSpotAPI

/// The in-process transport: sends requests straight to a ``Sandbox``.
///
/// A dropped connection (an injected fault) throws ``HubSpotTransportError/connectionReset``,
/// as the HTTP client would on loopback.
public struct SandboxTransport: HubSpotTransport {
    /// The sandbox answering.
    public let sandbox: Sandbox

    /// Creates a transport to `sandbox`.
    public init(sandbox: Sandbox) { self.sandbox = sandbox }

    /// Sends one request. A request handed over is answered and counted even if its task is
    /// cancelled meanwhile, as a server counts what has arrived; the caller drops the answer.
    public func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        let outcome = await sandbox.respond(to: request)
        try Task.checkCancellation()
        switch outcome {
        case .response(let response): return response
        case .dropConnection: throw HubSpotTransportError.connectionReset
        }
    }
}
