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

/// Turns a signal (SIGINT by default) into a call on a dispatch queue instead of the default
/// action (killing the process). While it exists the signal is ignored by the process and
/// delivered here; releasing it (or ``stop()``) restores the default action.
///
/// libedit only switches the terminal to `-isig` while `el_gets` waits for a line, so during a
/// query the terminal is back in its normal mode and Ctrl-C raises SIGINT: this is what catches
/// it. During `el_gets`, Ctrl-C arrives as a key instead (see the line editor).
public final class InterruptSignal: @unchecked Sendable {
    private let source: any DispatchSourceSignal
    private let number: Int32
    private let lock = NSLock()
    private var stopped = false

    /// Starts delivering `signal` to `handler` (on a private serial queue).
    public init(signal number: Int32 = SIGINT, handler: @escaping @Sendable () -> Void) {
        self.number = number
        // The signal must be ignored, or its default action runs before the source sees it.
        signal(number, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "hql.signal"))
        source.setEventHandler(handler: handler)
        source.resume()
    }

    /// Stops, restoring the signal's default action.
    public func stop() {
        let already = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !already else { return }
        source.cancel()
        signal(number, SIG_DFL)
    }

    deinit { stop() }
}
