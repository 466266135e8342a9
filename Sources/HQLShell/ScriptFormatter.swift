import HQL

/// `hql fmt`: prints the canonical form of every statement of each input, or the rendered
/// diagnostics and exit status 65 when any input has a syntax error. Pure, so tests need no process.
public struct ScriptFormatter: Sendable {
    /// One input: a file's name and its bytes (read as bytes so invalid UTF-8 is a diagnostic).
    public struct Input: Sendable {
        /// Shown in diagnostics.
        public var name: String
        /// The content.
        public var bytes: [UInt8]
        /// Creates an input.
        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        /// The canonical text (empty when any input failed).
        public var standardOutput: String
        /// Rendered diagnostics.
        public var standardError: String
        /// `.ok` or `.queryError`.
        public var status: ExitStatus
    }

    /// One clause per line and a blank line between statements; false prints each statement on one line.
    public var pretty: Bool
    /// Colour diagnostics (only when stderr is a terminal).
    public var colors: Bool

    /// Creates a formatter.
    public init(pretty: Bool = true, colors: Bool = false) {
        self.pretty = pretty
        self.colors = colors
    }

    /// Formats every input; nothing is printed to stdout unless all of them parse, so a
    /// redirect never receives half a file.
    public func run(_ inputs: [Input]) -> Outcome {
        var output = ""
        var errors = ""
        let renderer = DiagnosticRenderer(colors: colors)
        for input in inputs {
            let script = Script(SourceFile(bytes: input.bytes, name: input.name))
            if script.hasErrors {
                errors += renderer.render(script.diagnostics, in: script.source)
                let count = script.diagnostics.count
                errors += "\(input.name): \(count) error\(count == 1 ? "" : "s")\n"
            } else {
                if !output.isEmpty, !script.formatted().isEmpty, pretty { output += "\n" }
                output += script.formatted(pretty: pretty)
            }
        }
        if !errors.isEmpty { return Outcome(standardOutput: "", standardError: errors, status: .queryError) }
        return Outcome(standardOutput: output, standardError: "", status: .ok)
    }
}
