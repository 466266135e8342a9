import Foundation

/// One dot-command: its name, what `.help` says, what its arguments complete to, and what it
/// does. Every command lives in the one table ``DotCommand/all``, which `.help`, dispatch,
/// "did you mean" and completion all read.
public struct DotCommand: Sendable {
    /// The name with its dot (`.mode`).
    public let name: String
    /// Other names (`.exit` for `.quit`, `.tables` for `.objects`).
    public let aliases: [String]
    /// The argument synopsis (`MODE`, `on|off`).
    public let usage: String
    /// One line for `.help`.
    public let summary: String
    /// More for `.help NAME`.
    public let details: String
    /// What the arguments complete to.
    public let completion: CompletionEngine.ArgumentKind
    let run: @Sendable (inout Shell, DotArguments) async throws -> Void

    init(_ name: String, aliases: [String] = [], usage: String = "", _ summary: String, details: String = "",
         completion: CompletionEngine.ArgumentKind = .none,
         run: @escaping @Sendable (inout Shell, DotArguments) async throws -> Void) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.details = details
        self.completion = completion
        self.run = run
    }

    /// The command called `name` (with its dot; any case), aliases included.
    public static func named(_ name: String) -> DotCommand? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// Every name and alias with what its arguments complete to, for ``CompletionEngine``.
    public static var completions: [String: CompletionEngine.ArgumentKind] {
        var table: [String: CompletionEngine.ArgumentKind] = [:]
        for command in all {
            for name in [command.name] + command.aliases { table[name] = command.completion }
        }
        return table
    }

    /// `.help`: one line per command, synopses aligned.
    static func helpText() -> String {
        let heads = all.map { $0.usage.isEmpty ? $0.name : "\($0.name) \($0.usage)" }
        let width = heads.map(\.count).max() ?? 0
        return zip(heads, all).map { head, command in
            head.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary
        }.joined(separator: "\n") + "\n"
    }

    /// `.help NAME`.
    func helpText() -> String {
        var text = usage.isEmpty ? name : "\(name) \(usage)"
        if !aliases.isEmpty { text += "   (also \(aliases.joined(separator: ", ")))" }
        text += "\n    " + summary + "\n"
        if !details.isEmpty { text += details.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n" }
        return text
    }
}

/// A dot-command line split into words, as the sqlite3 shell splits them: blanks separate,
/// `'…'` and `"…"` quote (a quote inside is doubled), and ``rest`` keeps the raw text after the
/// name for commands that take a statement (`.explain`) or free text (`.print`).
public struct DotArguments: Sendable, Equatable {
    /// The command as typed (`.mode`).
    public let name: String
    /// The words after it, unquoted.
    public let words: [String]
    /// The text after the name, as typed, without surrounding blanks.
    public let rest: String

    /// Splits `line` (which starts with `.`).
    public init(_ line: String) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if let open = quote {
                if character == open {
                    if characters.first == open {
                        current.append(open)
                        characters.removeFirst()
                    } else {
                        quote = nil
                    }
                } else {
                    current.append(character)
                }
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if (character == "'" || character == "\"") && !inWord {
                quote = character
                inWord = true
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        self.name = words.first ?? ""
        self.words = Array(words.dropFirst())
        let afterName = line.trimmingLeadingBlanks().drop { $0 != " " && $0 != "\t" }
        self.rest = afterName.trimmingLeadingBlanks().trimmingTrailingBlanks()
    }

    /// The argument at `index`, or a usage error naming what is missing.
    func required(_ index: Int, _ what: String) throws -> String {
        guard index < words.count else { throw ShellError("\(name): missing \(what)") }
        return words[index]
    }

    /// An on/off argument (also yes/no, true/false, 1/0).
    func flag(_ index: Int = 0) throws -> Bool {
        let word = try required(index, "on|off")
        switch word.lowercased() {
        case "on", "yes", "true", "1": return true
        case "off", "no", "false", "0": return false
        default: throw ShellError("\(name): expected on or off, found '\(word)'")
        }
    }

    /// At most `count` arguments.
    func noMoreThan(_ count: Int) throws {
        guard words.count <= count else {
            throw ShellError("\(name): unexpected argument '\(words[count])'")
        }
    }

    /// `text` single-quoted when it needs quotes to come back as one word.
    static func quoted(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\t" || $0 == "'" || $0 == "\"" }) else { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
