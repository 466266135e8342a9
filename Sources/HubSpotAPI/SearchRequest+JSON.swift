import Foundation

/// The search body written directly as JSON: a client sends one per page of an export, and
/// `JSONEncoder`'s generic containers cost about 80 µs a body (3% of an export's CPU). The bytes
/// decode to the same ``SearchRequest`` (`searchBodyIsWhatJSONEncoderWrites` checks it).
extension SearchRequest {
    /// The JSON body (keys in `encode(to:)`'s order, absent optionals left out).
    public var json: Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out += #"{"filterGroups":["#.utf8
        for (groupIndex, group) in filterGroups.enumerated() {
            if groupIndex > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"filters":["#.utf8
            for (filterIndex, filter) in group.filters.enumerated() {
                if filterIndex > 0 { out.append(UInt8(ascii: ",")) }
                out += #"{"propertyName":"#.utf8
                JSONText.append(filter.propertyName, to: &out)
                out += #","operator":"#.utf8
                JSONText.append(filter.operator.rawValue, to: &out)
                if let value = filter.value {
                    out += #","value":"#.utf8
                    JSONText.append(value, to: &out)
                }
                if let highValue = filter.highValue {
                    out += #","highValue":"#.utf8
                    JSONText.append(highValue, to: &out)
                }
                if let values = filter.values {
                    out += #","values":"#.utf8
                    JSONText.append(values, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out += "]}".utf8
        }
        out += #"],"sorts":["#.utf8
        for (sortIndex, sort) in sorts.enumerated() {
            if sortIndex > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"propertyName":"#.utf8
            JSONText.append(sort.propertyName, to: &out)
            out += #","direction":"#.utf8
            JSONText.append(sort.direction.rawValue, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        if let query {
            out += #","query":"#.utf8
            JSONText.append(query, to: &out)
        }
        if let properties {
            out += #","properties":"#.utf8
            JSONText.append(properties, to: &out)
        }
        if let limit {
            out += #","limit":"#.utf8
            out += String(limit).utf8
        }
        if let after {
            out += #","after":"#.utf8
            JSONText.append(after, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }
}

/// JSON string literals (RFC 8259: `"`, `\` and control characters escaped, the rest as UTF-8):
/// the search bodies here, and `hql`'s JSON output.
package enum JSONText {
    /// `text` as a JSON string literal.
    package static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func append(_ texts: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(text, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
