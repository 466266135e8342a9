import Foundation
import Testing
@testable import HQL

/// `grammar/keywords` is what the REPL completes from; it must list exactly the lexer's keywords.
@Suite struct KeywordListTests {
    @Test func grammarKeywordsFileMatchesTheLexer() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("grammar/keywords")
        let text = try String(contentsOf: file, encoding: .utf8)
        var listed: [String: Bool] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let fields = line.split(separator: " ")
            #expect(fields.count == 2 && ["reserved", "contextual"].contains(fields[1]), "bad line: \(line)")
            listed[String(fields[0])] = fields.count == 2 && fields[1] == "reserved"
        }
        let lexer = Dictionary(uniqueKeysWithValues: Keyword.allCases.map { ($0.rawValue, $0.isReserved) })
        #expect(Set(listed.keys) == Set(lexer.keys),
                "only in file: \(Set(listed.keys).subtracting(lexer.keys)); only in lexer: \(Set(lexer.keys).subtracting(listed.keys))")
        for (word, reserved) in lexer where listed[word] != nil {
            #expect(listed[word] == reserved, "\(word) reserved mismatch")
        }
    }

    @Test func everyKeywordLexesAsItselfInAnyCase() {
        for keyword in Keyword.allCases {
            for spelling in [keyword.rawValue, keyword.rawValue.lowercased()] {
                let tokens = Lexer.tokenize(SourceFile(spelling)).tokens
                #expect(tokens.first?.kind == .keyword(keyword), "\(spelling)")
            }
        }
    }
}
