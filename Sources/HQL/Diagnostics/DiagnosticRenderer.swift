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

    /// The widest source excerpt shown, in characters (Unicode scalars, as columns count them).
    /// A longer line shows a window around the caret with `…` at each cut end, so a diagnostic in
    /// a 10 MB line stays a few lines of stderr.
    public static let maximumExcerptWidth = 120

    /// The source line and the caret run. A range that runs past its line is underlined to the
    /// line's end; an empty range (end of input) gets one caret.
    private func excerpt(_ range: SourceRange, at location: SourceLocation, in source: SourceFile) -> String {
        let length = source.lineLength(location.line)
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let caretStart = max(0, location.column - 1)
        let endLocation = source.location(of: range.end)
        let endColumn = endLocation.line == location.line ? endLocation.column : length + 1
        var caretWidth = max(1, endColumn - location.column)
        var shown = 0..<length
        var indent = caretStart
        var marks = (leading: "", trailing: "")
        if length > Self.maximumExcerptWidth {
            // Cut ends are marked by one `…` each; the caret (its start, and as much of its run as
            // fits) stays inside, with some of the line before it for context.
            let width = Self.maximumExcerptWidth - 2
            let lower = max(0, min(caretStart - width / 3, length + 1 - width))
            shown = lower..<min(length, lower + width)
            if lower > 0 { marks.leading = "…" }
            if shown.upperBound < length { marks.trailing = "…" }
            indent = caretStart - lower + (lower > 0 ? 1 : 0)
            caretWidth = max(1, min(caretWidth, max(shown.upperBound, caretStart + 1) - caretStart))
        }
        // Only the shown part of a long line is read. A tab is one column, as the caret counts it.
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source.lineText(location.line, characters: shown).unicodeScalars.map { $0 == "\t" ? " " : $0 })
        let lineText = marks.leading + String(text) + marks.trailing
        let caret = String(repeating: " ", count: indent) + String(repeating: "^", count: caretWidth)
        return " \(gutter) | \(lineText)\n \(pad) | \(paint(caret, "1;32"))\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
