/// When a failed request is sent again, and after how long. Pure: the caller supplies the
/// attempt number and a random number, so tests pin the jitter.
struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included.
    var maxAttempts = 8
    /// Retries one statement may spend in total; past it the error says what was delivered.
    var retryBudget = 200
    /// First backoff step and the cap, in milliseconds.
    var baseDelay: Int64 = 250
    var maxDelay: Int64 = 16_000

    /// What went wrong with one attempt.
    enum Failure: Sendable, Hashable {
        /// An HTTP status, with `Retry-After` in seconds if present and whether the 429 was the
        /// per-second search limit.
        case status(Int, retryAfterSeconds: Int?, secondly: Bool)
        /// Below HTTP: reset or timed out (the request may have reached the server).
        case transport
        /// No connection at all (refused, no such host): retried briefly, then reported.
        case unreachable
    }

    enum Decision: Sendable, Hashable {
        case retry(afterMilliseconds: Int64)
        case fail
    }

    /// `attempt` is 1 for the first failure. Writes (`isRead` false) are retried only when the
    /// request certainly did not run: a 429 (HubSpot rejects before executing).
    func decide(_ failure: Failure, attempt: Int, isRead: Bool, random: Double) -> Decision {
        guard attempt < maxAttempts else { return .fail }
        let backoff = min(maxDelay, baseDelay << Int64(min(attempt - 1, 16)))
        // Full jitter on the upper half: spreads concurrent retries without collapsing to zero.
        let jittered = backoff / 2 + Int64(Double(backoff / 2) * random)
        switch failure {
        case .status(429, let retryAfter, let secondly):
            if let retryAfter { return .retry(afterMilliseconds: Int64(retryAfter) * 1000) }
            // The search limit is per second: waiting out the second is enough.
            return .retry(afterMilliseconds: secondly ? 1_000 + Int64(250 * random) : max(1_000, jittered))
        case .status(423, _, _):
            return isRead ? .retry(afterMilliseconds: max(2_000, jittered)) : .fail
        case .status(let code, let retryAfter, _) where [502, 503, 504, 521, 522, 523, 524, 525, 526].contains(code):
            guard isRead else { return .fail }
            return .retry(afterMilliseconds: retryAfter.map { Int64($0) * 1000 } ?? jittered)
        case .transport:
            return isRead ? .retry(afterMilliseconds: jittered) : .fail
        case .unreachable:
            // Nothing was sent, so even a write may be tried again; but a dead endpoint should
            // be reported in about a second, not after the whole backoff ladder.
            return attempt < 3 ? .retry(afterMilliseconds: jittered) : .fail
        case .status:
            return .fail
        }
    }
}
