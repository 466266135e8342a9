import Foundation
import HubSpotAPI

/// Property lists written as text, one property a line, so HubSpot's long default lists stay
/// readable (and short) in source:
///
///     name | Label | type[:fieldType] | group | flags | options
///
/// `flags`: `r` read-only value, `c` calculated, `u` unique, `x` not HubSpot-defined (a custom
/// property of the portal), `e` external options (owners). `options`: `@name` (a list handed to
/// ``parse(_:options:)``) or `value=Label;value=Label`. Empty trailing columns may be left out;
/// blank lines and lines starting with `#` are skipped.
enum PropertyTable {
    static func parse(_ text: String, options named: [String: [PropertyOption]] = [:]) -> [PropertySpec] {
        var result: [PropertySpec] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = trimmed.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count >= 4 else { continue }
            let typeParts = columns[2].split(separator: ":").map(String.init)
            let type = PropertyType(wire: typeParts.first ?? "string")
            let fieldType = typeParts.count > 1 ? typeParts[1] : defaultFieldType(type)
            let flags = columns.count > 4 ? columns[4] : ""
            var spec = PropertySpec(
                name: columns[0], label: columns[1], type: type, fieldType: fieldType, groupName: columns[3])
            spec.readOnly = flags.contains("r")
            spec.calculated = flags.contains("c")
            spec.unique = flags.contains("u")
            spec.externalOptions = flags.contains("e")
            spec.hubspotDefined = !flags.contains("x")
            if columns.count > 5, !columns[5].isEmpty {
                spec.options = options(columns[5], named: named)
            } else if type == .bool {
                spec.options = StandardSchema.options([("true", "Yes"), ("false", "No")])
            }
            result.append(spec)
        }
        return result
    }

    static func defaultFieldType(_ type: PropertyType) -> String {
        switch type {
        case .string: "text"
        case .number: "number"
        case .date, .datetime: "date"
        case .enumeration: "select"
        case .bool: "booleancheckbox"
        case .phoneNumber: "phonenumber"
        }
    }

    private static func options(_ text: String, named: [String: [PropertyOption]]) -> [PropertyOption] {
        if text.hasPrefix("@") { return named[String(text.dropFirst())] ?? [] }
        let pairs = text.split(separator: ";").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return (parts[0], parts.count > 1 ? parts[1] : parts[0])
        }
        return StandardSchema.options(pairs)
    }
}
