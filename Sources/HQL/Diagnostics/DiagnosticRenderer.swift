/// Renders diagnostics for people: `name:line:column: error: message`, the source line, a caret
/// run under the offending bytes, then notes and help. The only place diagnostics become text.
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes (only on a terminal).
    public var colors: Bool

    /// Creates a renderer.
    public init(colors: Bool = false) {
        self.colors = colors
    }

    /// All diagnostics, one block each, separated by blank lines.
    public func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
        diagnostics.map { render($0, in: source) }.joined(separator: "\n")
    }

    /// One diagnostic as a block of lines ending with a newline.
    public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        let location = diagnostic.location
        let severity = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "1;31" : "1;33")
        var out = "\(source.name):\(location): \(severity): \(paint(diagnostic.message, "1"))\n"
        out += excerpt(diagnostic.range, at: location, in: source)
        for note in diagnostic.notes {
            let place = note.location.map { " (at \($0))" } ?? ""
            out += "  = note: \(note.message)\(place)\n"
        }
        if let help = diagnostic.help { out += "  = help: \(help)\n" }
        return out
    }

    /// The source line and the caret run. A range that runs past its line is underlined to the
    /// line's end; an empty range (end of input) gets one caret.
    private func excerpt(_ range: SourceRange, at location: SourceLocation, in source: SourceFile) -> String {
        let line = source.lineText(location.line).map { $0 == "\t" ? " " : $0 }
        let lineText = String(line)
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let scalars = Array(lineText.unicodeScalars)
        let startColumn = location.column
        let endLocation = source.location(of: range.end)
        let endColumn = endLocation.line == location.line ? endLocation.column : scalars.count + 1
        let width = max(1, endColumn - startColumn)
        let caret = String(repeating: " ", count: max(0, startColumn - 1)) + String(repeating: "^", count: width)
        return " \(gutter) | \(lineText)\n \(pad) | \(paint(caret, "1;32"))\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
