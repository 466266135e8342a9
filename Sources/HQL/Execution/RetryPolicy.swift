/// When a failed request is sent again, and after how long. Pure: the caller supplies the
/// attempt number and a random number, so tests pin the jitter.
///
/// Every wait has a ceiling (README, "Waits and their ceilings"): the backoff never exceeds
/// ``maxDelay``; a server asking for more than ``maxServerWait`` is not obeyed — the call
/// fails at once with the server's figure in the message.
struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included.
    var maxAttempts = 8
    /// Retries one statement may spend in total; past it the error says what was delivered.
    var retryBudget = 200
    /// First backoff step and the cap, in milliseconds.
    var baseDelay: Int64 = 250
    var maxDelay: Int64 = 16_000
    /// The longest wait a server may ask for (`Retry-After`); a longer one fails the call.
    var maxServerWait: Int64 = 60_000
    /// Attempts for a read that timed out (each costs a whole timeout) or met a 500 (often
    /// transient at HubSpot, but not worth the whole ladder).
    var maxTimeoutAttempts = 2
    var maxServerErrorAttempts = 3

    /// What went wrong with one attempt.
    enum Failure: Sendable, Hashable {
        /// An HTTP status, with `Retry-After` in milliseconds if present and whether the 429 was
        /// the per-second search limit.
        case status(Int, retryAfterMilliseconds: Int64?, secondly: Bool)
        /// The connection was reset mid-request (the request may have reached the server).
        case transport
        /// No answer within the transport's time limits (the request may have run).
        case timedOut
        /// No connection at all (refused, no such host): retried briefly, then reported.
        case unreachable
    }

    enum Decision: Sendable, Hashable {
        case retry(afterMilliseconds: Int64)
        case fail
        /// The server asked to wait longer than ``maxServerWait``: fail now and say so.
        case waitTooLong(requestedMilliseconds: Int64)
    }

    /// `attempt` is 1 for the first failure. Writes (`isRead` false) are retried only when the
    /// request certainly did not run: a 429 (HubSpot rejects before executing).
    func decide(_ failure: Failure, attempt: Int, isRead: Bool, random: Double) -> Decision {
        guard attempt < maxAttempts else { return .fail }
        let backoff = min(maxDelay, baseDelay << Int64(min(max(attempt - 1, 0), 16)))
        // Full jitter on the upper half: spreads concurrent retries without collapsing to zero.
        let jittered = backoff / 2 + Int64(Double(backoff / 2) * min(max(random, 0), 1))
        switch failure {
        case .status(429, let retryAfter, let secondly):
            if let retryAfter { return obey(retryAfter) }
            // The search limit is per second: waiting out the second is enough.
            return .retry(afterMilliseconds: secondly ? 1_000 + Int64(250 * random) : max(1_000, jittered))
        case .status(423, _, _):
            return isRead ? .retry(afterMilliseconds: max(2_000, jittered)) : .fail
        case .status(let code, let retryAfter, _) where [502, 503, 504, 521, 522, 523, 524, 525, 526].contains(code):
            guard isRead else { return .fail }
            return retryAfter.map(obey) ?? .retry(afterMilliseconds: jittered)
        case .status(500, _, _):
            return isRead && attempt < maxServerErrorAttempts ? .retry(afterMilliseconds: jittered) : .fail
        case .transport:
            return isRead ? .retry(afterMilliseconds: jittered) : .fail
        case .timedOut:
            return isRead && attempt < maxTimeoutAttempts ? .retry(afterMilliseconds: jittered) : .fail
        case .unreachable:
            // Nothing was sent, so even a write may be tried again; but a dead endpoint should
            // be reported in about a second, not after the whole backoff ladder.
            return attempt < 3 ? .retry(afterMilliseconds: jittered) : .fail
        case .status:
            return .fail
        }
    }

    private func obey(_ requested: Int64) -> Decision {
        requested > maxServerWait ? .waitTooLong(requestedMilliseconds: requested) : .retry(afterMilliseconds: requested)
    }
}
