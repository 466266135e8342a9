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
    /// Characters before `pending` on its first line (0 when it starts the line).
    private var pendingColumn = 0
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
        var line = line
        // A script saved with a UTF-8 byte-order mark: invisible, so no column either.
        if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" { line = String(line.unicodeScalars.dropFirst()) }
        if pending.isEmpty {
            let trimmed = line.trimmingLeadingBlanks()
            if trimmed.isEmpty { return [] }
            if trimmed.hasPrefix(".") { return [.dotCommand(trimmed.trimmingTrailingBlanks(), line: lineNumber)] }
            pending = line
            pendingLine = lineNumber
            pendingColumn = 0
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
        let (text, line, column) = Self.trimmed(Array(pending.utf8)[...], line: pendingLine, column: pendingColumn)
        return (ShellStatement(text: text, sourceName: sourceName, line: line, column: column + 1), completeness.missing)
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
        var column = pendingColumn
        for end in ends {
            let (text, firstLine, firstColumn) = Self.trimmed(bytes[start..<end], line: line, column: column)
            (line, column) = Self.advance(bytes[start..<end], line: line, column: column)
            start = end
            // `;` alone, or a comment then `;`, is no statement.
            if Language.words(in: text).contains(where: { $0.kind != .semicolon }) {
                items.append(.statement(ShellStatement(text: text, sourceName: sourceName, line: firstLine, column: firstColumn + 1)))
            }
        }
        let (rest, restLine, restColumn) = Self.trimmed(bytes[start...], line: line, column: column)
        pending = Completeness(rest).isEmpty ? "" : rest
        pendingLine = restLine
        pendingColumn = restColumn
        return items
    }

    /// The text without leading blank space, and the line and column (0-based, in characters)
    /// its first character is at.
    private static func trimmed(_ bytes: ArraySlice<UInt8>, line: Int, column: Int) -> (String, Int, Int) {
        var index = bytes.startIndex
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        let (line, column) = advance(bytes[bytes.startIndex..<index], line: line, column: column)
        return (String(decoding: bytes[index...], as: UTF8.self), line, column)
    }

    /// The line and column after `bytes`, counting characters as the diagnostics do (one per
    /// Unicode scalar).
    private static func advance(_ bytes: ArraySlice<UInt8>, line: Int, column: Int) -> (Int, Int) {
        var line = line
        var column = column
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                column = 0
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
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
    /// The 1-based column (in characters) of its first character on that line.
    public let column: Int

    /// A statement from `sourceName`, starting on `line` at `column`.
    public init(text: String, sourceName: String = "<stdin>", line: Int = 1, column: Int = 1) {
        self.text = text
        self.sourceName = sourceName
        self.line = line
        self.column = column
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
