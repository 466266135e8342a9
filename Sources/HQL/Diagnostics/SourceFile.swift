/// The text of a script or statement, with the line table that turns byte offsets into
/// `line:column`. Built from bytes so that invalid UTF-8 is a diagnostic, not a crash.
public struct SourceFile: Sendable {
    /// A name for messages (`script.hql`, `<stdin>`, `<command>`).
    public let name: String
    /// The raw bytes. When they are not valid UTF-8, ``invalidUTF8Offset`` says where.
    let bytes: [UInt8]
    /// Offsets at which each line starts.
    let lineStarts: [Int]
    /// The first byte that is not valid UTF-8, if any.
    let invalidUTF8Offset: Int?
    /// 3 when the bytes start with a UTF-8 byte-order mark (EF BB BF), which editors on Windows
    /// write and nobody sees: the lexer skips it and columns do not count it.
    let byteOrderMarkLength: Int
    /// Per line, the offset of its first non-ASCII byte (or of its end): up to there a column is
    /// a byte, so locating a token on a 10 MB line does not count 10 MB of characters.
    let asciiPrefixEnds: [Int]

    /// Creates a source from text.
    public init(_ text: String, name: String = "<input>") {
        self.init(bytes: Array(text.utf8), name: name)
    }

    /// Creates a source from raw bytes (a file's content); invalid UTF-8 is reported by the lexer.
    public init(bytes: [UInt8], name: String = "<input>") {
        self.name = name
        self.bytes = bytes
        let byteOrderMarkLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var starts = [0]
        var asciiEnds: [Int] = []
        var lineIsASCII = true
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                if lineIsASCII { asciiEnds.append(index) }
                starts.append(index + 1)
                lineIsASCII = true
            } else if byte >= 0x80, lineIsASCII, index >= byteOrderMarkLength {
                asciiEnds.append(index)
                lineIsASCII = false
            }
        }
        if lineIsASCII { asciiEnds.append(bytes.count) }
        self.lineStarts = starts
        self.asciiPrefixEnds = asciiEnds
        self.invalidUTF8Offset = Self.firstInvalidUTF8(bytes)
        self.byteOrderMarkLength = byteOrderMarkLength
    }

    /// The whole text (invalid sequences replaced, for display only).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text in `range`.
    func text(in range: SourceRange) -> String {
        let lower = min(max(0, range.start), bytes.count)
        let upper = min(max(lower, range.end), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The 1-based line and column of a byte offset.
    func location(of offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = low == 0 ? min(byteOrderMarkLength, offset) : lineStarts[low]
        let asciiEnd = max(start, asciiPrefixEnds[low])
        if offset <= asciiEnd { return SourceLocation(line: low + 1, column: 1 + offset - start) }
        var column = 1 + asciiEnd - start
        var index = asciiEnd
        while index < offset {
            // Count scalars: skip UTF-8 continuation bytes.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(line: low + 1, column: column)
    }

    /// The text of 1-based line `line`, without its line break.
    func lineText(_ line: Int) -> String {
        guard let (start, end) = bounds(ofLine: line) else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// How many characters (Unicode scalars, as columns count them) line `line` has.
    func lineLength(_ line: Int) -> Int {
        guard let (start, end) = bounds(ofLine: line) else { return 0 }
        let asciiEnd = min(end, max(start, asciiPrefixEnds[line - 1]))
        return (asciiEnd - start) + bytes[asciiEnd..<end].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }

    /// Characters `range` (0-based, clamped to the line) of line `line`, found without reading
    /// the rest of a long line.
    func lineText(_ line: Int, characters range: Range<Int>) -> String {
        guard let (start, end) = bounds(ofLine: line) else { return "" }
        let lower = offset(ofCharacter: range.lowerBound, line: line, start: start, end: end)
        let upper = offset(ofCharacter: range.upperBound, line: line, start: lower, end: end, from: range.lowerBound)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// Where line `line`'s text starts and ends (without its line break), in byte offsets.
    private func bounds(ofLine line: Int) -> (Int, Int)? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = line == 1 ? byteOrderMarkLength : lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return (start, max(start, end))
    }

    /// The byte offset of 0-based character `character` of a line, or `end`; `start` is the
    /// offset of character `from`.
    private func offset(ofCharacter character: Int, line: Int, start: Int, end: Int, from: Int = 0) -> Int {
        let asciiEnd = min(end, max(start, asciiPrefixEnds[line - 1]))
        if character - from <= asciiEnd - start { return start + (character - from) }
        var index = asciiEnd
        var remaining = character - from - (asciiEnd - start)
        while index < end, remaining > 0 {
            index += 1
            while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(byte) & (0xFF >> (length + 1))
            for next in 1..<length {
                let continuation = bytes[index + next]
                guard continuation & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
