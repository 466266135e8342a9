import Dispatch
import Foundation

/// The bridge from Ctrl-C to the running statement: the shell registers each statement's task
/// while it runs, and the SIGINT handler calls ``cancelCurrent()``.
public final class StatementCanceller: @unchecked Sendable {
    private let lock = NSLock()
    private var cancel: (@Sendable () -> Void)?

    /// A canceller with nothing running.
    public init() {}

    /// Cancels the running statement; false when none runs (the caller may then exit, say).
    @discardableResult
    public func cancelCurrent() -> Bool {
        guard let cancel = lock.withLock({ self.cancel }) else { return false }
        cancel()
        return true
    }

    /// Whether a statement is running.
    public var isRunning: Bool { lock.withLock { cancel != nil } }

    func begin(_ cancel: @escaping @Sendable () -> Void) {
        lock.withLock { self.cancel = cancel }
    }

    func end() {
        lock.withLock { cancel = nil }
    }
}

/// Turns a signal (SIGINT by default) into a call of `handler` on a dispatch queue instead of
/// the signal's default action (killing the process), until ``stop()``.
///
/// Why this is needed: libedit switches the terminal to `-isig` only while `el_gets` waits for
/// a line; during a query the terminal is back in its normal mode and Ctrl-C raises SIGINT.
/// (During `el_gets`, Ctrl-C arrives as a key instead; see the line editor.)
///
/// On Linux, libdispatch installs its own `sigaction` for a signal the first time a source
/// watches it, and never again: restoring `SIG_DFL` and making a new source would leave the
/// signal ignored for good. So one source per signal lives for the whole process; instances
/// only push and pop handlers (the newest wins). With no handler left the signal does its
/// default action, as if nothing had been installed.
public final class InterruptSignal: Sendable {
    private let number: Int32
    private let id: Int

    /// Starts delivering `signal` to `handler` (on a private serial queue).
    public init(signal number: Int32 = SIGINT, handler: @escaping @Sendable () -> Void) {
        self.number = number
        self.id = SignalRegistry.shared.push(number, handler)
    }

    /// Stops delivering to this handler (the previous one, if any, gets the signal again).
    public func stop() {
        SignalRegistry.shared.remove(number, id)
    }

    deinit { stop() }
}

/// The process-wide signal sources behind ``InterruptSignal``.
private final class SignalRegistry: @unchecked Sendable {
    static let shared = SignalRegistry()
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "hql.signal")
    private var sources: [Int32: any DispatchSourceSignal] = [:]
    private var handlers: [Int32: [(id: Int, handler: @Sendable () -> Void)]] = [:]
    private var nextID = 0

    func push(_ number: Int32, _ handler: @escaping @Sendable () -> Void) -> Int {
        lock.withLock {
            nextID += 1
            handlers[number, default: []].append((nextID, handler))
            if sources[number] == nil {
                // Ignored until libdispatch installs its handler, so an early signal cannot kill.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [weak self] in self?.deliver(number) }
                source.resume()
                sources[number] = source
                // Under the lock: a second push for this signal returns only once it is caught too.
                Self.awaitInstalled(number)
            }
            return nextID
        }
    }

    /// libdispatch installs its handler from its manager thread, a moment after `resume()`. Until
    /// then the signal is ignored, and whoever saves and later restores the disposition in that
    /// moment restores "ignored" for good: libedit does, around every `el_gets` (measured: the
    /// REPL's first prompt came 1.6 ms after this, and Ctrl-C was then deaf for the session,
    /// about one start in eight). So wait, briefly, until the handler is in place.
    private static func awaitInstalled(_ number: Int32) {
        for _ in 0..<2_000 {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { return }
            // SIG_IGN is the handler 1 in C; the union is one pointer wide.
            if unsafeBitCast(current.__sigaction_handler, to: Int.self) != 1 { return }
            usleep(500)
        }
    }

    func remove(_ number: Int32, _ id: Int) {
        lock.withLock { handlers[number]?.removeAll { $0.id == id } }
    }

    private func deliver(_ number: Int32) {
        if let handler = lock.withLock({ handlers[number]?.last?.handler }) {
            handler()
        } else {
            signal(number, SIG_DFL)
            raise(number)
        }
    }
}
