import Foundation
import HQL

/// The names completion offers besides keywords. Calls are synchronous: the line editor
/// completes on its own thread, so a catalog may block briefly to fetch (see ``BackendCatalog``).
public protocol CompletionCatalog: Sendable {
    /// The CRM's object names (`contacts`, `companies`, custom objects).
    func objectNames() -> [String]
    /// The property names of an object or association name (`companies`, `contact`); empty
    /// when unknown.
    func propertyNames(of object: String) -> [String]
}

/// What Tab offers for the text before the cursor.
public struct Completion: Sendable, Equatable {
    /// The partial word before the cursor that the candidates complete (may be empty).
    public var word: String
    /// Every full word that fits, sorted.
    public var candidates: [String]
    /// What should replace ``word``: the candidates' longest common prefix, or ``word`` itself
    /// when they share nothing more.
    public var replacement: String

    /// Whether exactly one candidate fits (the editor then adds a space after it).
    public var isUnique: Bool { candidates.count == 1 }
}

/// Completion as a pure function of the text before the cursor: dot-command names and their
/// arguments at a line's start, object names after `FROM`/`JOIN`/`INTO`/`UPDATE`/`DESCRIBE`,
/// property names after `alias.` or `association.`, and otherwise keywords plus the properties of
/// the objects the current statement reads (found in its `FROM`, even before it is finished).
/// Keywords come back in the case the user typed them.
public struct CompletionEngine: Sendable {
    /// What a dot-command's arguments complete to.
    public enum ArgumentKind: Sendable, Equatable {
        case none
        case choices([String])
        case objectName
    }

    private let catalog: any CompletionCatalog
    private let keywords: [String]
    private let dotCommands: [String: ArgumentKind]

    /// An engine over `catalog`; `dotCommands` maps each name (with its `.`) to its arguments.
    public init(catalog: any CompletionCatalog, dotCommands: [String: ArgumentKind],
                keywords: [String] = Language.keywords) {
        self.catalog = catalog
        self.dotCommands = dotCommands
        self.keywords = keywords
    }

    /// Candidates for `text`, everything typed before the cursor (earlier lines of the statement
    /// included, joined by line breaks).
    public func complete(_ text: String) -> Completion {
        let leading = text.trimmingLeadingBlanks()
        if leading.hasPrefix("."), !leading.contains("\n") { return completeDotCommand(leading) }
        return completeStatement(text)
    }

    // MARK: Dot-commands

    private func completeDotCommand(_ line: String) -> Completion {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count > 1, let name = parts.first else {
            return Self.completion(for: line, among: Array(dotCommands.keys))
        }
        let word = String(parts[parts.count - 1])
        switch dotCommands[String(name)] ?? ArgumentKind.none {
        case .none: return Completion(word: word, candidates: [], replacement: word)
        case .choices(let choices): return Self.completion(for: word, among: choices)
        case .objectName: return Self.completion(for: word, among: catalog.objectNames())
        }
    }

    // MARK: Statements

    private func completeStatement(_ text: String) -> Completion {
        let word = Self.partialWord(in: text)
        let none = Completion(word: word, candidates: [], replacement: word)
        // Inside a string, a quoted name or a comment there is nothing to complete.
        switch Completeness(text).missing {
        case .closingQuote?, .closingDoubleQuote?, .commentEnd?: return none
        default: break
        }
        var words = Language.words(in: text)
        let textLength = text.utf8.count
        if !word.isEmpty {
            guard let last = words.last, last.range.end == textLength else { return none }
            words.removeLast()
        } else if let last = words.last, Array(text.utf8)[last.range.end...].contains(UInt8(ascii: "-")) {
            // Trailing `-- comment`: the lexer skipped it as trivia.
            let trivia = String(decoding: Array(text.utf8)[last.range.end...], as: UTF8.self)
            if trivia.contains("--") { return none }
        }
        if let semicolon = words.lastIndex(where: { $0.kind == .semicolon }) {
            words.removeSubrange(...semicolon)
        }
        let scope = Scope(words)
        // `alias.` / `association.`: that object's properties.
        if let dot = words.last, dot.kind == .dot, words.count >= 2, [.name, .quotedName].contains(words[words.count - 2].kind) {
            let qualifier = Scope.unquoted(words[words.count - 2].text)
            let object = scope.aliases[qualifier.lowercased()] ?? qualifier
            return Self.completion(for: word, among: catalog.propertyNames(of: object).map(Self.quotedIfNeeded))
        }
        if let previous = words.last, previous.kind == .keyword,
           ["FROM", "JOIN", "INTO", "UPDATE", "DESCRIBE"].contains(previous.text.uppercased()) {
            return Self.completion(for: word, among: catalog.objectNames().map(Self.quotedIfNeeded))
        }
        var names = scope.objects.flatMap { catalog.propertyNames(of: $0) }
        if !scope.objects.isEmpty {
            names += catalog.objectNames()
        } else if !word.isEmpty, words.contains(where: { $0.kind == .keyword && $0.text.uppercased() == "SELECT" }) {
            // `SELECT firstn` before any FROM: every object's properties, as DuckDB's shell
            // completes column names across tables.
            names = catalog.objectNames().flatMap { catalog.propertyNames(of: $0) }
        }
        let cased = Self.isLowercase(word) ? keywords.map { $0.lowercased() } : keywords.map { $0.uppercased() }
        return Self.completion(for: word, among: names.map(Self.quotedIfNeeded) + cased)
    }

    /// The objects a statement reads and their aliases, from `FROM x [AS] a` and `JOIN y [AS] b`.
    struct Scope {
        var objects: [String] = []
        var aliases: [String: String] = [:]

        init(_ words: [Language.Word]) {
            var index = 0
            while index < words.count {
                defer { index += 1 }
                guard words[index].kind == .keyword,
                      ["FROM", "JOIN", "UPDATE", "INTO"].contains(words[index].text.uppercased()),
                      index + 1 < words.count, [.name, .quotedName].contains(words[index + 1].kind)
                else { continue }
                let object = Self.unquoted(words[index + 1].text)
                objects.append(object)
                aliases[object.lowercased()] = object
                var next = index + 2
                if next < words.count, words[next].text.uppercased() == "AS" { next += 1 }
                if next < words.count, words[next].kind == .name {
                    aliases[words[next].text.lowercased()] = object
                }
            }
        }

        static func unquoted(_ text: String) -> String {
            guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
    }

    // MARK: Helpers

    /// The identifier characters right before the cursor.
    static func partialWord(in text: String) -> String {
        String(text.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
    }

    private static func isLowercase(_ word: String) -> Bool {
        word.contains(where: \.isLetter) && word == word.lowercased()
    }

    /// A name as it must be typed: double-quoted when reserved or not a bare identifier.
    static func quotedIfNeeded(_ name: String) -> String {
        let bare = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
        if bare, !Language.isReserved(name) { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The candidates among `names` that start with `word` (ignoring case and a leading quote),
    /// de-duplicated, sorted, and their common prefix.
    static func completion(for word: String, among names: [String]) -> Completion {
        let needle = word.lowercased()
        var seen: Set<String> = []
        var candidates: [String] = []
        for name in names {
            let key = name.lowercased()
            let bare = key.hasPrefix("\"") ? String(key.dropFirst()) : key
            guard bare.hasPrefix(needle) || key.hasPrefix(needle), seen.insert(key).inserted else { continue }
            candidates.append(name)
        }
        candidates.sort { $0.lowercased() < $1.lowercased() }
        guard var prefix = candidates.first else { return Completion(word: word, candidates: [], replacement: word) }
        for candidate in candidates.dropFirst() {
            prefix = String(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
        }
        let replacement = prefix.count > word.count || (prefix.count == word.count && candidates.count == 1) ? prefix : word
        return Completion(word: word, candidates: candidates, replacement: replacement)
    }
}
