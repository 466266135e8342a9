import HQL

/// Accumulates typed lines into statements, as the sqlite3 shell's `process_input` does: a line
/// starting with `.` at a statement's start is a dot-command; other lines gather until a `;`
/// outside quotes, comments and parentheses ends a statement (HQL's own lexer decides, through
/// ``Language/statementEnds(in:)`` and ``Completeness``, so the shell and the parser never
/// disagree). Several statements on one line split; blank lines between statements are skipped.
public struct StatementReader: Sendable {
    /// What a fed line completed.
    public enum Item: Sendable, Hashable {
        /// A statement, with its `;`.
        case statement(ShellStatement)
        /// A dot-command line (`.mode csv`), with the line it is on.
        case dotCommand(String, line: Int)
    }

    /// The prompt for a first line.
    public static let mainPrompt = "hql> "

    /// Where lines come from, for statements' ``ShellStatement/sourceName``.
    public let sourceName: String
    /// The unfinished statement so far ("" when none).
    public private(set) var pending = ""
    private var pendingLine = 1
    private var lineNumber = 0

    /// A reader of lines from `sourceName` (`<stdin>`, a file name).
    public init(sourceName: String = "<stdin>") {
        self.sourceName = sourceName
    }

    /// The prompt for the next line: `hql> `, or a continuation naming what is open, aligned
    /// with it: `...> ` (no `;` yet), `..'> `, `.."> `, `..(> `, `./*> `.
    public var prompt: String {
        guard !pending.isEmpty else { return Self.mainPrompt }
        switch Completeness(pending).missing {
        case .closingQuote?: return "..'> "
        case .closingDoubleQuote?: return "..\"> "
        case .closingParenthesis?: return "..(> "
        case .commentEnd?: return "./*> "
        case .semicolon?, nil: return "...> "
        }
    }

    /// Feeds one line (without its line break) and returns what it completed, in order.
    public mutating func feed(_ line: String) -> [Item] {
        lineNumber += 1
        if pending.isEmpty {
            let trimmed = line.trimmingLeadingBlanks()
            if trimmed.isEmpty { return [] }
            if trimmed.hasPrefix(".") { return [.dotCommand(trimmed.trimmingTrailingBlanks(), line: lineNumber)] }
            pending = line
            pendingLine = lineNumber
        } else {
            pending += "\n" + line
        }
        return split()
    }

    /// At end of input: the unfinished statement, if any (comments alone do not count), with
    /// what it lacks. The reader is then empty.
    public mutating func finish() -> (statement: ShellStatement, missing: Completeness.Missing?)? {
        defer { discard() }
        guard !pending.isEmpty else { return nil }
        let completeness = Completeness(pending)
        guard !completeness.isEmpty else { return nil }
        return (ShellStatement(text: pending, sourceName: sourceName, line: pendingLine), completeness.missing)
    }

    /// Drops the unfinished statement (Ctrl-C at a continuation prompt).
    public mutating func discard() {
        pending = ""
    }

    /// Cuts finished statements off the front of `pending`.
    private mutating func split() -> [Item] {
        let ends = Language.statementEnds(in: pending)
        guard !ends.isEmpty else {
            // Only comments so far (`-- note`): nothing to continue.
            if Completeness(pending).isEmpty { pending = "" }
            return []
        }
        let bytes = Array(pending.utf8)
        var items: [Item] = []
        var start = 0
        var line = pendingLine
        for end in ends {
            let (text, firstLine) = Self.trimmed(bytes[start..<end], line: line)
            line += bytes[start..<end].lazy.filter { $0 == 0x0A }.count
            start = end
            // `;` alone, or a comment then `;`, is no statement.
            if Language.words(in: text).contains(where: { $0.kind != .semicolon }) {
                items.append(.statement(ShellStatement(text: text, sourceName: sourceName, line: firstLine)))
            }
        }
        let (rest, restLine) = Self.trimmed(bytes[start...], line: line)
        pending = Completeness(rest).isEmpty ? "" : rest
        pendingLine = restLine
        return items
    }

    /// The text without leading blank space, and the line its first character is on.
    private static func trimmed(_ bytes: ArraySlice<UInt8>, line: Int) -> (String, Int) {
        var line = line
        var index = bytes.startIndex
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        return (String(decoding: bytes[index...], as: UTF8.self), line)
    }
}

/// One statement as typed, with where it came from so errors can name the line.
public struct ShellStatement: Sendable, Hashable {
    /// The text, usually ending in `;`.
    public let text: String
    /// `<stdin>`, a script's path, `<command>`.
    public let sourceName: String
    /// The 1-based line of `sourceName` the statement starts on.
    public let line: Int

    /// A statement from `sourceName`, starting on `line`.
    public init(text: String, sourceName: String = "<stdin>", line: Int = 1) {
        self.text = text
        self.sourceName = sourceName
        self.line = line
    }
}

extension StringProtocol {
    func trimmingLeadingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    func trimmingTrailingBlanks() -> String {
        var text = String(self)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
