import Foundation
import HubSpotAPI

/// A call HubSpot answered with an error (after any retries), could not be reached, or answered
/// in a way that breaks its own contract. HubSpot's own message and correlation id are kept:
/// support asks for the id.
public struct HubSpotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whose fault it is, which decides what a user can do about it (and `hql`'s exit status).
    public enum Kind: Sendable, Hashable {
        /// HubSpot refused the statement (a 4xx other than 423 and 429): fix the query.
        case rejected
        /// Rate limited past the retries, or the server asked to wait longer than hql waits.
        case rateLimited
        /// A temporary failure (423, 502–504, 521–526, timeouts) that outlasted the retries.
        case temporary
        /// The statement ran past its time limit (`--timeout`, `SET statement_timeout`).
        case timedOut
        /// HubSpot failed (500 and other 5xx) past the retries.
        case serverError
        /// The response broke HubSpot's contract: a paging cursor that does not move, a `total`
        /// that cannot be, an unreadable or oversized body, a redirect. Not the query's fault.
        case inconsistent
        /// No connection could be made.
        case unreachable
    }

    /// Whose fault it is.
    public let kind: Kind
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

    init(status: Int, category: String?, message: String, correlationId: String?, call: String, attempts: Int,
         kind: Kind? = nil) {
        self.kind = kind ?? Self.kind(of: status)
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

    /// A response that breaks HubSpot's contract (`what` says how), on `call`.
    static func inconsistent(_ what: String, call: String, status: Int = 200, correlationId: String? = nil) -> HubSpotError {
        HubSpotError(status: status, category: nil, message: what,
                     correlationId: correlationId, call: call, attempts: 1, kind: .inconsistent)
    }

    private static func kind(of status: Int) -> Kind {
        switch status {
        case 0: .unreachable
        // HubSpot's API answers neither redirects (those followed are same-origin) nor 1xx here.
        case 100...399: .inconsistent
        case 429: .rateLimited
        case 423, 502, 503, 504, 521...526: .temporary
        case 500...599: .serverError
        default: .rejected
        }
    }

    /// `HubSpot 400 VALIDATION_ERROR on POST /crm/v3/objects/contacts/search: … (correlation id …)`.
    public var description: String {
        var text: String
        switch kind {
        case .inconsistent: text = "HubSpot returned an inconsistent response"
        case .timedOut: text = "timed out"
        case .unreachable where status == 0: text = "HubSpot unreachable"
        default: text = status > 0 ? "HubSpot \(status)" : "HubSpot"
        }
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

extension HubSpotError {
    /// HubSpot's 400 for a property it does not know (`PROPERTY_DOESNT_EXIST`, "Property "x" does
    /// not exist"): what a schema read before the property was deleted leads to.
    var namesUnknownProperty: Bool {
        guard status == 400 else { return false }
        let text = message.lowercased()
        return text.contains("property") && (text.contains("does not exist") || text.contains("doesnt_exist") || text.contains("unknown property"))
    }
}
