@preconcurrency import CEditShim
@preconcurrency import CLibEdit
import Dispatch
import Foundation
@preconcurrency import Glibc
import HQLShell

/// The interactive line source: libedit's native API (`el_gets`, `history`), with Tab completion
/// from ``CompletionEngine``, Ctrl-C that drops the current input, and history kept in
/// `$XDG_DATA_HOME/hql/history` (default `~/.local/share/hql/history`), saved after each entry.
///
/// `el_gets` blocks, so it runs on a dedicated serial queue and ``readLine(prompt:pending:)``
/// awaits it through a continuation; the cooperative threads stay free, which also lets Tab
/// completion block briefly on a schema fetch (``BackendCatalog``).
///
/// Ctrl-C: the terminal is put in `-isig` mode *while `el_gets` waits* (libedit switches to its
/// own terminal settings on entry and restores the user's on return), so at the prompt Ctrl-C is
/// an ordinary key, bound here to a function that sets a flag and ends the line; the line is then
/// dropped and the source answers ``LineInput/interrupted``. While a statement runs the terminal
/// is back in normal mode and Ctrl-C raises SIGINT: catch it with ``InterruptSignal`` and cancel
/// the statement through the shell's ``StatementCanceller``.
public final class LineEditor: LineSource, @unchecked Sendable {
    // Everything below is touched only on `queue` (or from libedit callbacks, which run on it
    // inside `el_gets`).
    private let queue = DispatchQueue(label: "hql.line-editor")
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private let completer: @Sendable (String) -> Completion
    private var promptText: UnsafeMutablePointer<CChar>?
    private var pending = ""
    private var interrupted = false

    public var isInteractive: Bool { true }

    /// The session's tokens, masked by exact value in every history entry.
    public var historySecrets: [String] { secrets() }
    private let secrets: @Sendable () -> [String]

    /// An editor on standard input and output, or nil when libedit cannot start. `completer`
    /// gets everything typed before the cursor (earlier lines of the statement included).
    public init?(completer: @escaping @Sendable (String) -> Completion,
                 historyPath: String? = LineEditor.defaultHistoryPath(),
                 secrets: (@Sendable () -> [String])? = nil) {
        Self.enableUTF8Locale()
        guard let editLine = el_init("hql", stdin, stdout, stderr) else { return nil }
        guard let history = hql_history_open(1000, 1) else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        self.secrets = secrets ?? { SessionSecrets.shared.all }
        hql_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        hql_el_set_editor(editLine, "emacs")
        hql_el_set_signal(editLine, 1)  // libedit then follows window resizes
        hql_el_set_prompt(editLine) { editLine in
            guard let editLine, let editor = LineEditor.owner(of: editLine) else { return nil }
            return editor.promptText
        }
        hql_el_set_history(editLine, history)
        hql_el_add_function(editLine, "hql-complete", "Complete the word before the cursor") { editLine, _ in
            guard let editLine, let editor = LineEditor.owner(of: editLine) else { return UInt8(CC_ERROR) }
            return editor.completeWord()
        }
        hql_el_add_function(editLine, "hql-interrupt", "Drop the current input") { editLine, _ in
            guard let editLine, let editor = LineEditor.owner(of: editLine) else { return UInt8(CC_ERROR) }
            editor.interrupted = true
            return UInt8(CC_NEWLINE)
        }
        hql_el_bind(editLine, "^I", "hql-complete")
        hql_el_setty(editLine, "-d", "-isig")
        hql_el_bind(editLine, "^C", "hql-interrupt")
        // ~/.editrc last, so a user's own bindings win.
        el_source(editLine, nil)
        if let historyPath { hql_history_load(history, historyPath) }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        promptText.map { free($0) }
    }

    public func readLine(prompt: String, pending: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: readOnQueue(prompt: prompt, pending: pending))
            }
        }
    }

    public func remember(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        queue.async { [self] in
            hql_history_enter(history, trimmed)
            guard let historyPath else { return }
            hql_history_save(history, historyPath)
            chmod(historyPath, 0o600)  // the history may hold what the redactor missed
        }
    }

    /// `$XDG_DATA_HOME/hql/history`, or `~/.local/share/hql/history`; creates the folder.
    public static func defaultHistoryPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/share"
        } else {
            return nil
        }
        let folder = base + "/hql"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return folder + "/history"
    }

    /// Swift starts in the "C" locale, where libedit drops non-ASCII input.
    static func enableUTF8Locale() {
        if let current = setlocale(LC_CTYPE, ""), String(cString: current) != "C" { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    // MARK: On the queue

    private func readOnQueue(prompt: String, pending: String) -> LineInput {
        promptText.map { free($0) }
        promptText = strdup(prompt)
        self.pending = pending
        while true {
            var count: Int32 = 0
            let line = el_gets(editLine, &count)
            if interrupted {
                // Unlike Enter, our ^C function cannot move below the line; do it here.
                interrupted = false
                fputs("^C\n", stdout)
                fflush(stdout)
                return .interrupted
            }
            guard let line, count > 0 else {
                if errno == EINTR { continue }  // a signal (a resize) cut the read short
                return .end
            }
            var text = String(cString: line)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return .line(text)
        }
    }

    private static func owner(of editLine: OpaquePointer) -> LineEditor? {
        guard let data = hql_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Tab: insert the candidates' common prefix; list them when that adds nothing.
    private func completeWord() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: buffer.distance(to: cursor))
        let before = String(decoding: bytes, as: UTF8.self)
        let completion = completer(pending.isEmpty ? before : pending + "\n" + before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if completion.replacement != completion.word || completion.isUnique {
            el_deletestr(editLine, Int32(completion.word.unicodeScalars.count))
            el_insertstr(editLine, completion.replacement + (completion.isUnique ? " " : ""))
            return UInt8(CC_REFRESH)
        }
        list(completion.candidates)
        return UInt8(CC_REDISPLAY)
    }

    /// Prints candidates in columns under the line, as shells do.
    private func list(_ candidates: [String]) {
        let shown = candidates.prefix(200)
        let width = (shown.map(\.count).max() ?? 0) + 2
        let columns = max(1, Int(max(hql_terminal_columns(STDOUT_FILENO), 40)) / width)
        var text = "\n"
        for (index, candidate) in shown.enumerated() {
            let last = index % columns == columns - 1 || index == shown.count - 1
            text += last ? candidate + "\n" : candidate.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        if candidates.count > shown.count { text += "… and \(candidates.count - shown.count) more\n" }
        fputs(text, stdout)
        fflush(stdout)
    }
}

/// Terminal facts the CLI needs to set up the shell.
public enum Terminal {
    /// Whether standard input and output are both terminals (the REPL case).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Standard output's width in columns, or nil when it is not a terminal.
    public static func width() -> Int? {
        let columns = Int(hql_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? columns : nil
    }

    /// The terminal's height in rows (the pager starts past it).
    public static func height() -> Int? {
        let rows = Int(hql_terminal_rows(STDOUT_FILENO))
        return rows > 0 ? rows : nil
    }

    /// The line editor on a terminal (when libedit starts), else plain standard input.
    public static func lineSource(completer: @escaping @Sendable (String) -> Completion) -> any LineSource {
        if isatty(STDIN_FILENO) == 1, let editor = LineEditor(completer: completer) { return editor }
        return StandardInputLineSource()
    }
}
