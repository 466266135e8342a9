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

    /// Sends one request.
    public func send(_ request: HubSpotRequest) async throws -> HubSpotResponse {
        try Task.checkCancellation()
        switch await sandbox.respond(to: request) {
        case .response(let response): return response
        case .dropConnection: throw HubSpotTransportError.connectionReset
        }
    }
}
