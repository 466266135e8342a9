import Foundation

/// Time as the executor sees it: injected, so the rate budget and retry backoff are tested
/// without waiting.
protocol ExecutionClock: Sendable {
    /// Monotonic milliseconds (only differences matter).
    func now() -> Int64
    /// Waits `milliseconds`; throws `CancellationError` when the task is cancelled.
    func sleep(milliseconds: Int64) async throws
}

/// The real clock.
struct SystemClock: ExecutionClock {
    private let origin = ContinuousClock.now

    func now() -> Int64 {
        let elapsed = ContinuousClock.now - origin
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    func sleep(milliseconds: Int64) async throws {
        guard milliseconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(milliseconds))
    }
}
