/// `UNDO ['journal id']`: the statement form of `hql undo` (UNDO is a word, not a keyword).
extension Parser {
    var atUndo: Bool {
        current.kind == .identifier && source.text(in: current.range).uppercased() == "UNDO"
            && [.semicolon, .endOfInput, .string].contains(peek().kind)
    }

    /// undo = "UNDO" [ string ] ;
    mutating func parseUndo() throws -> Statement.Kind {
        advance()
        guard check(.string) else { return .undo(nil) }
        return .undo(unquote(advance()))
    }
}
