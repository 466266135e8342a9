import ArgumentParser
import Foundation
import HQL
import HQLShell

/// `hql explain`: the plan of each SELECT in the files (or `-c`), against the demo CRM.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the HubSpot calls each SELECT compiles to, without running them.",
        discussion: "Plans against the demo CRM's schema. For another connection, run `EXPLAIN SELECT …` (or `.explain`) in hql itself."
    )

    @Flag(name: .long, help: "Plan against the built-in demo CRM (deterministic sandbox data).")
    var demo = false

    @Option(name: .long, help: "text or json.")
    var format: String = "text"

    // Unconditional, as hql's own -c: the statement may start with `-- note`.
    @Option(name: .short, parsing: .unconditional, help: "One statement to explain.")
    var command: String?

    @Argument(help: "HQL scripts whose SELECT statements to explain.")
    var files: [String] = []

    func run() async throws {
        guard demo else {
            FileHandle.standardError.write(Data("hql explain: pass --demo, or run EXPLAIN SELECT … through hql with your connection\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        guard let explainFormat: ExplainFormat = ["text": .text, "json": .json][format] else {
            FileHandle.standardError.write(Data("hql explain: --format is text or json\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        var scripts: [Script] = []
        if let command { scripts.append(Script(SourceFile(command, name: "<command>"))) }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("hql explain: cannot read '\(file)'\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            scripts.append(Script(SourceFile(bytes: Array(data), name: file)))
        }
        if scripts.isEmpty {
            FileHandle.standardError.write(Data("hql explain: give -c STATEMENT or a file\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        // The same demo CRM as `hql --demo`: relative dates resolve against its snapshot day.
        let session = DemoCRM.session()
        var failed = false
        // JSON output is one JSON document (`| jq` must work): each plan carries its statement,
        // one statement prints its plan, several an array of them.
        var documents: [Any] = []
        for script in scripts {
            if script.hasErrors {
                FileHandle.standardError.write(Data(DiagnosticRenderer().render(script.diagnostics, in: script.source).utf8))
                failed = true
                continue
            }
            for ((text, canonical), location) in zip(zip(script.statementTexts, script.canonicalStatements()),
                                                     script.statementLocations) {
                do {
                    let plan = try await session.explain(location.placing(text), format: explainFormat, sourceName: script.source.name)
                    if explainFormat == .json, var document = try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [String: Any] {
                        document["statement"] = canonical
                        documents.append(document)
                    } else {
                        print("-- \(canonical)\n\(plan)")
                    }
                } catch let error as HQLError {
                    FileHandle.standardError.write(Data("\(error)".utf8))
                    failed = true
                }
            }
        }
        if !documents.isEmpty {
            let value: Any = documents.count == 1 ? documents[0] : documents
            let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if failed { throw ExitCode(ExitStatus.queryError.rawValue) }
    }
}
