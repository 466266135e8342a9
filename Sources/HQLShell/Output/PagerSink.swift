import Foundation

/// psql's pager: a result taller than the terminal goes through `$PAGER` (`less -FRSX` unless
/// `HQL_PAGER` or `PAGER` says otherwise; `.pager off` or an empty `PAGER` turns it off). Text is
/// held until it passes the terminal's height; a shorter result is written to the terminal as is,
/// a longer one starts the pager and streams into it. ``finish()`` ends the statement's output
/// (waits for the pager to quit). A pager that cannot start, or quits early, loses nothing the
/// statement needs: the rest of the result is dropped from the screen, not the statement.
public final class PagerSink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private let inner: any TextSink
    private let height: Int
    private let command: String
    private var held = ""
    private var lines = 0
    private var process: Process?
    private var pipe: FileHandle?
    /// The pager could not start: write to the terminal instead.
    private var direct = false
    /// The pager quit before the end (`q`): the rest is not shown.
    private var quit = false
    /// SIGPIPE's disposition before the pager started (a pager that quits must not end hql).
    private var previousSigpipe: sighandler_t?

    /// A sink that pages `inner`'s text through `command` once more than `height` lines arrive.
    public init(inner: any TextSink, height: Int, command: String) {
        self.inner = inner
        self.height = max(2, height)
        self.command = command
    }

    /// The pager command from the environment: `HQL_PAGER`, then `PAGER`, else `less -FRSX`
    /// (quits when the text fits, keeps colours, chops long lines, leaves the screen as is); nil
    /// when one of them is set empty.
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let chosen = environment["HQL_PAGER"] ?? environment["PAGER"] ?? "less -FRSX"
        return chosen.trimmingCharacters(in: .whitespaces).isEmpty ? nil : chosen
    }

    public func write(_ text: String) {
        lock.withLock {
            if direct { return inner.write(text) }
            if quit { return }
            if let pipe { return send(text, pipe) }
            held += text
            lines += text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            // Keep a line for the prompt that follows.
            if lines >= height { startPager() }
        }
    }

    /// Whether the pager was started (the text was taller than the terminal).
    public var paged: Bool { lock.withLock { process != nil } }

    /// Ends the output: a short text goes to the terminal, a pager is closed and waited for.
    public func finish() {
        let running: Process? = lock.withLock {
            if !held.isEmpty {
                inner.write(held)
                held = ""
            }
            inner.flush()
            try? pipe?.close()
            pipe = nil
            return process
        }
        running?.waitUntilExit()
        lock.withLock {
            if let previousSigpipe { signal(SIGPIPE, previousSigpipe) }
            previousSigpipe = nil
        }
    }

    public func flush() {
        lock.withLock { if direct { inner.flush() } }
    }

    private func startPager() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        previousSigpipe = signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            if let previousSigpipe { signal(SIGPIPE, previousSigpipe) }
            previousSigpipe = nil
            direct = true
            inner.write(held)
            held = ""
            return
        }
        self.process = process
        pipe = input.fileHandleForWriting
        if let pipe { send(held, pipe) }
        held = ""
    }

    private func send(_ text: String, _ handle: FileHandle) {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            // The pager quit (`q`): the rest is not shown.
            try? handle.close()
            pipe = nil
            quit = true
        }
    }
}
