import Foundation

/// Where rendered text goes: standard output, a file, or a string in tests.
public protocol TextSink: Sendable {
    /// Appends `text`.
    func write(_ text: String)
    /// Appends text given as UTF-8 (what renderers of large exports write).
    func write(utf8 bytes: UnsafeRawBufferPointer)
    /// Pushes buffered text out (after each statement, before a prompt).
    func flush()
}

extension TextSink {
    public func flush() {}

    public func write(utf8 bytes: UnsafeRawBufferPointer) {
        write(String(decoding: bytes, as: UTF8.self))
    }
}

/// Collects everything written, for tests and for capturing output.
public final class StringSink: TextSink, @unchecked Sendable {
    // A lock rather than an actor: renderers write synchronously from whichever task runs them.
    private let lock = NSLock()
    private var buffer = ""

    /// An empty sink.
    public init() {}

    public func write(_ text: String) {
        lock.withLock { buffer += text }
    }

    /// Everything written so far.
    public var text: String { lock.withLock { buffer } }

    /// Empties the sink and returns what it held.
    public func take() -> String {
        lock.withLock {
            defer { buffer = "" }
            return buffer
        }
    }
}

/// Writes to a file handle (standard output, standard error or an opened file).
///
/// On a terminal every write goes out at once, so streamed rows appear as they arrive. Elsewhere
/// (files, pipes) writes gather up to 64 KiB, so a large CSV is not one system call per row, but
/// never wait more than 200 ms: a consumer such as `jq` still sees a slow stream progress.
public final class FileSink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle
    private let closesOnDeinit: Bool
    private let immediate: Bool
    private var pending: [UInt8] = []
    private var lastDrain = ContinuousClock.now

    /// A sink over `handle`; closes the handle when released if `closes`. `immediate` defaults to
    /// whether the handle is a terminal.
    public init(_ handle: FileHandle, closes: Bool = false, immediate: Bool? = nil) {
        self.handle = handle
        self.closesOnDeinit = closes
        self.immediate = immediate ?? (isatty(handle.fileDescriptor) == 1)
    }

    /// Standard output.
    public static func standardOutput() -> FileSink { FileSink(.standardOutput) }
    /// Standard error (never buffered).
    public static func standardError() -> FileSink { FileSink(.standardError, immediate: true) }

    /// Creates or truncates the file at `path` and writes to it.
    public static func create(path: String) throws -> FileSink {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ShellError("cannot open '\(path)' for writing")
        }
        return FileSink(try FileHandle(forWritingTo: URL(fileURLWithPath: path)), closes: true)
    }

    public func write(_ text: String) {
        lock.withLock {
            pending.append(contentsOf: text.utf8)
            drainIfDue()
        }
    }

    public func write(utf8 bytes: UnsafeRawBufferPointer) {
        lock.withLock {
            pending.append(contentsOf: bytes)
            drainIfDue()
        }
    }

    private func drainIfDue() {
        if immediate || pending.count >= 1 << 16 || ContinuousClock.now - lastDrain > .milliseconds(200) {
            drain()
        }
    }

    public func flush() {
        lock.withLock { drain() }
    }

    private func drain() {
        lastDrain = ContinuousClock.now
        guard !pending.isEmpty else { return }
        // Write errors (a full disk) are dropped; a closed pipe ends hql by SIGPIPE, as any filter.
        try? handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    deinit {
        drain()
        if closesOnDeinit { try? handle.close() }
    }
}
