import Foundation

/// The search tokenizer (a documented sandbox choice; HubSpot does not publish its own). Shared
/// by the sandbox, which matches with it, and the executor, which re-checks `CONTAINS` rows with it.
///
/// A token is a maximal run of letters, digits and the joiners `@ . - _`; any other character
/// (whitespace, `,;:!?/()'"+` …) separates tokens. Joiners only join *inside* a word: they are
/// trimmed from both ends of a token, so `"hello."` is `hello` but `a.b@c-d.com` is one token.
package enum Tokenizer {
    package static func tokens(_ text: String, folding: Bool) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            let trimmed = current.trimmingJoiners()
            if !trimmed.isEmpty { result.append(folding ? trimmed.lowercased() : trimmed) }
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || isJoiner(character) || character == "*" {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// Full-text `query` also matches the parts of a compound token (`example.com` inside an
    /// e-mail address), so each token contributes itself and its joiner-separated pieces.
    package static func queryTerms(_ text: String) -> [String] {
        var terms: [String] = []
        for token in tokens(text, folding: true) {
            terms.append(token)
            let parts = token.split(whereSeparator: { isJoiner($0) }).map(String.init)
            if parts.count > 1 {
                terms.append(contentsOf: parts)
                // Also every suffix starting after a joiner: `example.com` of `ann@example.com`.
                var index = token.startIndex
                while let joiner = token[index...].firstIndex(where: { isJoiner($0) }) {
                    let next = token.index(after: joiner)
                    if next < token.endIndex { terms.append(String(token[next...])) }
                    index = next
                }
            }
        }
        return terms
    }

    package static func isJoiner(_ character: Character) -> Bool {
        character == "@" || character == "." || character == "-" || character == "_"
    }
}

/// A `CONTAINS_TOKEN` pattern: whole-token match where `*` matches any run of characters.
package struct TokenPattern: Sendable {
    private let pieces: [Substring]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool
    private let literal: String?

    package init(_ pattern: String) {
        if !pattern.contains("*") {
            literal = pattern
            pieces = []
            anchoredStart = true
            anchoredEnd = true
        } else {
            literal = nil
            pieces = pattern.split(separator: "*", omittingEmptySubsequences: true)
            anchoredStart = !pattern.hasPrefix("*")
            anchoredEnd = !pattern.hasSuffix("*")
        }
    }

    package func matches(_ token: String) -> Bool {
        if let literal { return token == literal }
        var rest = token[...]
        for (index, piece) in pieces.enumerated() {
            if index == 0 && anchoredStart {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if index == pieces.count - 1 && anchoredEnd {
                guard rest.count >= piece.count, rest.hasSuffix(piece) else { return false }
                rest = rest.suffix(0)
            } else {
                guard let range = rest.range(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        if anchoredEnd && pieces.count == 1 && anchoredStart { return rest.isEmpty }
        return true
    }
}

extension String {
    fileprivate func trimmingJoiners() -> String {
        var slice = self[...]
        while let first = slice.first, Tokenizer.isJoiner(first) { slice = slice.dropFirst() }
        while let last = slice.last, Tokenizer.isJoiner(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
