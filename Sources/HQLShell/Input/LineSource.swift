import Foundation

/// What reading one line produced.
public enum LineInput: Sendable, Equatable {
    /// A line, without its line break.
    case line(String)
    /// Ctrl-C at the prompt: the shell drops the statement typed so far.
    case interrupted
    /// End of input (Ctrl-D, end of file).
    case end
}

/// Where the shell reads lines: the line editor on a terminal, standard input in a pipe, a file
/// for `.read`, an array in tests.
public protocol LineSource: AnyObject {
    /// Reads one line. `prompt` is what an interactive source shows; `pending` is the statement
    /// typed so far (earlier lines), which completion uses to find the object in scope.
    func readLine(prompt: String, pending: String) async -> LineInput
    /// Records a finished entry (a whole statement or a dot-command, already redacted).
    func remember(_ entry: String)
    /// Whether a person is typing: prompts, history and `cancelled` messages apply.
    var isInteractive: Bool { get }
    /// Exact values that must never reach the history (the session's tokens, including one a
    /// `.connect` brought in): the shell masks them in every entry before ``remember(_:)``.
    var historySecrets: [String] { get }
}

extension LineSource {
    public func remember(_ entry: String) {}
    public var isInteractive: Bool { false }
    public var historySecrets: [String] { [] }
}

/// Lines from a string: `.read FILE`, `-c` text, tests.
public final class TextLineSource: LineSource {
    private var lines: [String]
    private var next = 0
    /// The prompts asked for, in order (tests check them).
    public private(set) var prompts: [String] = []

    /// A source over the lines of `text` (LF or CRLF).
    public init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// A source over these lines.
    public init(lines: [String]) {
        self.lines = lines
    }

    public func readLine(prompt: String, pending: String) async -> LineInput {
        prompts.append(prompt)
        guard next < lines.count else { return .end }
        defer { next += 1 }
        return .line(lines[next])
    }
}

/// Standard input without editing (a pipe or a file): no prompt, no history. Reads on its own
/// thread so a blocking read never holds one of the cooperative pool's threads.
public final class StandardInputLineSource: LineSource, @unchecked Sendable {
    // Only touched on `queue`.
    private let queue = DispatchQueue(label: "hql.stdin")

    /// A reader of standard input.
    public init() {}

    public func readLine(prompt: String, pending: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            queue.async {
                if let line = Swift.readLine(strippingNewline: true) {
                    continuation.resume(returning: .line(line))
                } else {
                    continuation.resume(returning: .end)
                }
            }
        }
    }
}
