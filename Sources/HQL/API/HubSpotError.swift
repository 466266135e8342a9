import Foundation
import HubSpotAPI

/// A call HubSpot answered with an error (after any retries), or could not be reached.
/// HubSpot's own message and correlation id are kept: support asks for the id.
public struct HubSpotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status; 0 when no response arrived.
    public let status: Int
    /// HubSpot's `category` (`VALIDATION_ERROR`, `RATE_LIMITS`, …), if given.
    public let category: String?
    /// HubSpot's message, or what failed below HTTP.
    public let message: String
    /// HubSpot's correlation id (body or `X-HubSpot-Correlation-Id` header), if given.
    public let correlationId: String?
    /// The call, as `METHOD /path` (never with the token).
    public let call: String
    /// Attempts made, retries included.
    public let attempts: Int

    init(status: Int, category: String?, message: String, correlationId: String?, call: String, attempts: Int) {
        self.status = status
        self.category = category
        self.message = message
        self.correlationId = correlationId
        self.call = call
        self.attempts = attempts
    }

    init(response: HubSpotResponse, call: String, attempts: Int) {
        let body = try? JSONDecoder().decode(HubSpotErrorBody.self, from: response.body)
        var message = body?.message ?? String(decoding: response.body.prefix(300), as: UTF8.self)
        if message.isEmpty { message = "HTTP \(response.status)" }
        if let details = body?.errors, !details.isEmpty {
            let extra = details.map(\.message).filter { !$0.isEmpty && !message.contains($0) }
            if !extra.isEmpty { message += " (" + extra.joined(separator: "; ") + ")" }
        }
        self.init(status: response.status, category: body?.category ?? body?.policyName, message: message,
                  correlationId: body?.correlationId ?? response.header("X-HubSpot-Correlation-Id"),
                  call: call, attempts: attempts)
    }

    /// `HubSpot 400 VALIDATION_ERROR on POST /crm/v3/objects/contacts/search: … (correlation id …)`.
    public var description: String {
        var text = status > 0 ? "HubSpot \(status)" : "HubSpot unreachable"
        if let category { text += " \(category)" }
        text += " on \(call): \(message)"
        if let correlationId { text += " (correlation id \(correlationId))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }
}

/// A query that stopped part-way: how many rows had been delivered, and why it stopped.
/// Rows already delivered are correct; the rest are missing, never silently.
public struct QueryInterrupted: Error, Sendable, CustomStringConvertible {
    /// Rows the consumer received before the failure.
    public let rowsDelivered: Int
    /// What stopped it (usually a ``HubSpotError``).
    public let underlying: any Error

    public var description: String {
        "\(underlying)\nthe query stopped after \(rowsDelivered) row\(rowsDelivered == 1 ? "" : "s"); the result is incomplete"
    }
}
