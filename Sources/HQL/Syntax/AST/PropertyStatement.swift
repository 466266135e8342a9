/// `CREATE PROPERTY obj.name TYPE t [OPTIONS ('v' [LABEL 'l'], …)] [GROUP 'g'] [LABEL 'l']`,
/// `ALTER PROPERTY obj.name change, …` and `DROP PROPERTY obj.name`.
struct PropertyStatement: Hashable, Sendable {
    struct Option: Hashable, Sendable {
        var value: String
        var label: String?
    }

    enum Change: Hashable, Sendable {
        case setLabel(String)
        case setGroup(String)
        case addOption(Option)
        case dropOption(String)
        /// `RENAME OPTION 'value' TO 'New label'`: options keep their value, only the label changes.
        case relabelOption(value: String, label: String)
    }

    enum Action: Hashable, Sendable {
        case create(type: Identifier, options: [Option], group: String?, label: String?)
        case alter([Change])
        case drop
    }

    var object: ObjectName
    var name: Identifier
    var action: Action

    /// The canonical text (the printer's form).
    var canonical: String {
        let target = Printer.name(object) + "." + Printer.name(name)
        func option(_ option: Option) -> String {
            Printer.string(option.value) + (option.label.map { " LABEL " + Printer.string($0) } ?? "")
        }
        switch action {
        case .create(let type, let options, let group, let label):
            var text = "CREATE PROPERTY \(target) TYPE \(Printer.name(type))"
            if !options.isEmpty { text += " OPTIONS (" + options.map(option).joined(separator: ", ") + ")" }
            if let group { text += " GROUP " + Printer.string(group) }
            if let label { text += " LABEL " + Printer.string(label) }
            return text
        case .alter(let changes):
            return "ALTER PROPERTY \(target) " + changes.map { change in
                switch change {
                case .setLabel(let label): "SET LABEL " + Printer.string(label)
                case .setGroup(let group): "SET GROUP " + Printer.string(group)
                case .addOption(let added): "ADD OPTION " + option(added)
                case .dropOption(let value): "DROP OPTION " + Printer.string(value)
                case .relabelOption(let value, let label): "RENAME OPTION \(Printer.string(value)) TO \(Printer.string(label))"
                }
            }.joined(separator: ", ")
        case .drop:
            return "DROP PROPERTY \(target)"
        }
    }
}
