import Foundation
import Testing
@testable import HQL

/// An annotated `.hql` case file from `Tests/HQLTests/Cases`: statements, each optionally
/// followed by a `-- canonical: …` line giving its exact one-line canonical form.
struct CaseFile: Sendable, CustomTestStringConvertible {
    struct Case: Sendable {
        var statement: Statement
        var text: String
        var location: HQL.SourceLocation
        var canonical: String?
    }

    let name: String
    let source: SourceFile
    let result: Parser.Result
    let cases: [Case]
    /// How many `-- canonical:` lines the file has (each must find its statement).
    let annotationCount: Int

    var testDescription: String { name }

    init(name: String, text: String) {
        self.name = name
        let source = SourceFile(text, name: name)
        self.source = source
        let result = Parser.parse(source)
        self.result = result
        // Annotations are line comments; each belongs to the last statement starting before it.
        var annotations: [(offset: Int, text: String)] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-- canonical:") {
                annotations.append((offset, String(trimmed.dropFirst("-- canonical:".count)).trimmingCharacters(in: .whitespaces)))
            }
            offset += line.utf8.count + 1
        }
        var cases = result.statements.map {
            Case(statement: $0, text: source.text(in: $0.range), location: source.location(of: $0.range.start))
        }
        for annotation in annotations {
            if let index = result.statements.lastIndex(where: { $0.range.start < annotation.offset }) {
                cases[index].canonical = annotation.text
            }
        }
        self.cases = cases
        self.annotationCount = annotations.count
    }

    static let directory: URL? = Bundle.module.url(forResource: "Cases", withExtension: nil)

    static var all: [CaseFile] {
        guard let directory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".hql") }.sorted().compactMap { name in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                return nil
            }
            return CaseFile(name: name, text: text)
        }
    }
}
