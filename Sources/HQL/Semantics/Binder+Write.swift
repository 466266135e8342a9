import HubSpotAPI

/// Binding of INSERT, UPSERT, UPDATE, DELETE, ASSOCIATE and DISSOCIATE: everything a write is
/// checked for before its first request — unknown and read-only properties (with "did you
/// mean"), enumeration labels mapped to values as WHERE maps them, types and date encodings,
/// the required properties of deals and tickets, association types. Every problem is a
/// diagnostic at the value or name, naming the row and the column.
extension Binder {
    mutating func bindWrite(_ statement: Statement) throws -> BoundWrite {
        let text = source.text(in: statement.range)
        let kind: BoundWrite.Kind?
        switch statement.kind {
        case .insert(let insert): kind = bindInsert(insert).map(BoundWrite.Kind.insert)
        case .update(let update): kind = bindUpdate(update).map(BoundWrite.Kind.update)
        case .delete(let delete): kind = bindDelete(delete).map(BoundWrite.Kind.delete)
        case .associate(let associate): kind = bindAssociate(associate).map(BoundWrite.Kind.associate)
        default:
            report("not a write statement", statement.range)
            kind = nil
        }
        guard let kind, diagnostics.isEmpty else { throw Failure(diagnostics: diagnostics) }
        return BoundWrite(kind: kind, text: text)
    }

    // MARK: INSERT / UPSERT

    private mutating func bindInsert(_ insert: InsertStatement) -> BoundInsert? {
        guard let object = resolveObject(insert.object) else { return nil }
        var columns: [InsertColumn] = []
        var seen: Set<String> = []
        for name in insert.columns {
            if let property = object.property(ObjectType.isIDAlias(name.value) ? "hs_object_id" : name.value) {
                if !seen.insert(property.name).inserted { report("\(property.name) is listed twice", name.range) }
                if property.readOnly && property.name != insert.upsertKey?.value {
                    report("\(property.name) is read-only on \(object.name): HubSpot computes it", name.range)
                    columns.append(InsertColumn(name: name, kind: .invalid))
                } else {
                    columns.append(InsertColumn(name: name, kind: .property(property)))
                }
            } else if let target = schema.object(named: name.value), target.typeId != object.typeId {
                guard let typeId = AssociationDefaults.typeId(from: object, to: target) else {
                    report("no default association from \(object.name) to \(target.name)", name.range,
                           help: "associate them after the insert with ASSOCIATE … TYPE n")
                    columns.append(InsertColumn(name: name, kind: .invalid))
                    continue
                }
                columns.append(InsertColumn(name: name, kind: .association(target, typeId)))
            } else {
                reportUnknownProperty(name, of: object, help: "a column may also name an associated object (companies) whose record ids it lists")
                columns.append(InsertColumn(name: name, kind: .invalid))
            }
        }
        var upsertKey: String?
        if let key = insert.upsertKey {
            if let property = object.property(key.value), property.unique || property.name == "hs_object_id" {
                upsertKey = property.name
                if !columns.contains(where: { if case .property(let p) = $0.kind { p.name == property.name } else { false } }) {
                    report("UPSERT matches records on \(property.name): list it among the columns", key.range)
                }
            } else if object.property(key.value) != nil {
                let uniques = object.properties.values.filter(\.unique).map(\.name).sorted()
                report("\(key.value) is not a unique property of \(object.name); UPSERT needs one", key.range,
                       help: uniques.isEmpty ? nil : "unique properties: \(uniques.joined(separator: ", "))")
            } else {
                reportUnknownProperty(key, of: object, help: nil)
            }
        }
        var bound = BoundInsert(object: object, rows: [], upsertKey: upsertKey, readBackKey: nil, returning: !insert.returning.isEmpty,
                                columns: columns, selection: insert.select)
        if let select = insert.select {
            if select.items.contains(where: { if case .star = $0 { true } else { false } }) {
                report("INSERT … SELECT needs the selected columns listed, one per inserted column", select.from.object.range)
            } else if select.items.count != columns.count {
                report("the SELECT lists \(select.items.count) columns for \(columns.count) inserted columns", select.from.object.range)
            }
            return bound
        }
        bound.rows = bindRows(insert.rows, into: bound, at: insert.object.range)
        bound.readBackKey = Self.readBackKey(bound)
        return bound
    }

    /// A unique property every row carries: what a lost answer is resolved by.
    static func readBackKey(_ insert: BoundInsert) -> String? {
        let uniques = insert.object.properties.values.filter { $0.unique && $0.name != "hs_object_id" }.map(\.name).sorted()
        return insert.upsertKey ?? uniques.first { name in insert.rows.allSatisfy { $0.properties[name] != nil } }
    }

    /// Checks and converts rows of values (written in VALUES, or read by INSERT … SELECT).
    mutating func bindRows(_ values: [[Expr]], into insert: BoundInsert, at range: SourceRange) -> [BoundRow] {
        let object = insert.object
        var rows: [BoundRow] = []
        for (index, values) in values.enumerated() {
            var row = BoundRow(number: index + 1, properties: [:])
            for (column, expr) in zip(insert.columns, values) {
                switch column.kind {
                case .invalid: continue
                case .property(let property):
                    if isNull(expr) { continue }
                    if let wire = wireValue(expr, for: property, row: row.number) { row.properties[property.name] = wire }
                case .association(let target, let typeId):
                    if isNull(expr) { continue }
                    guard let id = recordId(expr) else {
                        report("row \(row.number), column \(target.name): expected a record id of \(target.name)", expr.range)
                        continue
                    }
                    row.associations.append(AssociationInput(to: ObjectID(id: id), types: [AssociationSpec(associationTypeId: typeId)]))
                }
            }
            if insert.upsertKey == nil, let required = RequiredProperties.onCreate[object.name] {
                let missing = required.filter { row.properties[$0] == nil }
                if !missing.isEmpty {
                    let span = values.first.map { SourceRange(start: $0.range.start, end: values.last?.range.end ?? $0.range.end) }
                    report("row \(row.number): \(object.name) require \(missing.joined(separator: ", ")) (HubSpot refuses a \(object.singular) without)",
                           span ?? range)
                }
            }
            if let key = insert.upsertKey, row.properties[key] == nil {
                report("row \(row.number) has no value for \(key), which UPSERT matches records on", values.first?.range ?? range)
            }
            rows.append(row)
        }
        return rows
    }

    // MARK: UPDATE / DELETE

    private mutating func bindUpdate(_ update: UpdateStatement) -> BoundUpdate? {
        guard let object = resolveObject(update.object) else { return nil }
        var assignments: [BoundAssignment] = []
        for assignment in update.assignments {
            guard let property = writableProperty(assignment.column, of: object) else { continue }
            if assignments.contains(where: { $0.property.name == property.name }) {
                report("\(property.name) is set twice", assignment.column.range)
                continue
            }
            let producer: ValueProducer?
            if isNull(assignment.value) {
                producer = .constant("")
            } else if !Self.isConstant(assignment.value) {
                producer = computedAssignment(assignment.value, to: property, object: object)
            } else {
                producer = wireValue(assignment.value, for: property, row: nil).map(ValueProducer.constant)
            }
            if let producer { assignments.append(BoundAssignment(property: property, value: producer)) }
        }
        var bound = BoundUpdate(object: object, assignments: assignments,
                                selection: Self.selection(update.object, names: [], where: update.whereClause),
                                hasWhere: update.whereClause != nil, returning: !update.returning.isEmpty)
        bound.selection = Self.selection(update.object, names: bound.reads, where: update.whereClause)
        return bound
    }

    private mutating func bindDelete(_ delete: DeleteStatement) -> BoundDelete? {
        guard let object = resolveObject(delete.object) else { return nil }
        if delete.purge {
            guard object.name == "contacts" else {
                report("PURGE (HubSpot's GDPR delete) exists for contacts only", delete.object.range, help: "DELETE FROM archives records")
                return nil
            }
            // Nothing but the ids: a purge must not leave the person's data in a local file.
            return BoundDelete(object: object, selection: Self.selection(delete.object, names: ["hs_object_id"], where: delete.whereClause),
                               hasWhere: delete.whereClause != nil, purge: true)
        }
        let writable = object.properties.values.filter { !$0.readOnly }.map(\.name).sorted()
        return BoundDelete(object: object,
                           selection: Self.selection(delete.object, names: ["hs_object_id"] + writable, where: delete.whereClause),
                           hasWhere: delete.whereClause != nil)
    }

    /// `SELECT names FROM object WHERE …`: the selection runs as a read query, with every
    /// strategy reads have (past 10,000 too).
    static func selection(_ object: ObjectName, names: [String], where condition: Expr?) -> SelectStatement {
        SelectStatement(items: names.map { .expression(Expr(.column([Identifier($0)])), alias: nil) },
                        from: TableReference(object: object), whereClause: condition)
    }

    // MARK: ASSOCIATE / DISSOCIATE

    private mutating func bindAssociate(_ statement: AssociateStatement) -> BoundAssociate? {
        let from = resolveObject(statement.fromObject)
        let to = resolveObject(statement.toObject)
        let fromId = statement.fromQuery == nil ? recordId(statement.fromId) : ""
        let toId = statement.toQuery == nil ? recordId(statement.toId) : ""
        if fromId == nil { report("expected a record id", statement.fromId.range) }
        if toId == nil { report("expected a record id", statement.toId.range) }
        guard let from, let to, let fromId, let toId else { return nil }
        var bound = BoundAssociate(from: from, fromId: fromId, to: to, toId: toId, dissociate: statement.dissociate)
        bound.explicitType = statement.association != nil
        if let match = statement.match {
            guard statement.fromQuery != nil, statement.toQuery != nil else {
                report("ON pairs the records of two queries; with a record id on one side, leave it out", match.left.range)
                return nil
            }
            let left = from.property(ObjectType.isIDAlias(match.left.value) ? "hs_object_id" : match.left.value)
            let right = to.property(ObjectType.isIDAlias(match.right.value) ? "hs_object_id" : match.right.value)
            if left == nil { reportUnknownProperty(match.left, of: from, help: nil) }
            if right == nil { reportUnknownProperty(match.right, of: to, help: nil) }
            guard let left, let right else { return nil }
            bound.match = (left.name, right.name)
        } else if statement.fromQuery != nil, statement.toQuery != nil {
            report("two queries need ON to pair their records: … ON domain = domain", statement.toObject.range)
            return nil
        }
        for (query, object, name, side) in [(statement.fromQuery, from, statement.fromObject, 0), (statement.toQuery, to, statement.toObject, 1)] {
            guard let query else { continue }
            guard schema.object(named: query.from.object.value)?.typeId == object.typeId else {
                report("this query must select \(object.name) (it reads \(query.from.object.value))", query.from.object.range)
                return nil
            }
            var selection = query
            var items = ["hs_object_id"]
            if let match = bound.match { items.append(side == 0 ? match.from : match.to) }
            selection.items = items.map { .expression(Expr(.column([Identifier($0)])), alias: nil) }
            selection.distinct = false
            selection.from.object = name
            if side == 0 { bound.fromSelection = selection } else { bound.toSelection = selection }
        }
        switch statement.association {
        case .typeId(let digits)?:
            guard let id = Int(digits), id > 0 else {
                report("TYPE takes a positive whole number", statement.toObject.range)
                return nil
            }
            bound.typeId = id
        case .label(let label)?:
            bound.label = label
        case nil:
            bound.typeId = AssociationDefaults.typeId(from: from, to: to)
            if bound.typeId == nil, !from.isCustom, !to.isCustom {
                report("no default association from \(from.name) to \(to.name)", statement.toObject.range,
                       help: "name one: … LABEL 'Billing contact' or … TYPE 279; SHOW ASSOCIATIONS lists them")
            }
        }
        return bound
    }

    // MARK: Values

    /// A property that may be written, or a diagnostic.
    private mutating func writableProperty(_ name: Identifier, of object: ObjectType) -> Property? {
        guard let property = object.property(ObjectType.isIDAlias(name.value) ? "hs_object_id" : name.value) else {
            reportUnknownProperty(name, of: object, help: nil)
            return nil
        }
        if property.readOnly {
            report("\(property.name) is read-only on \(object.name): HubSpot computes it", name.range)
            return nil
        }
        return property
    }

    private mutating func reportUnknownProperty(_ name: Identifier, of object: ObjectType, help: String?) {
        let writable = object.properties.values.filter { !$0.readOnly }.map(\.name)
        report("unknown property '\(name.value)' of \(object.name)", name.range,
               help: Suggestions.didYouMean(name.value, among: writable) ?? help ?? "SHOW PROPERTIES FROM \(object.name) lists them")
    }

    /// The wire string HubSpot stores for `expr` in `property`: numbers as digits, booleans
    /// `true`/`false`, enumeration option values (labels mapped), dates as midnight-UTC epoch
    /// milliseconds, datetimes as epoch milliseconds. A problem names the row and column.
    private mutating func wireValue(_ expr: Expr, for property: Property, row: Int?) -> String? {
        // A multi-select value: `'a;b'`, each part an option (or its label).
        if property.type == .enumeration, case .literal(.string(let text)) = expr.kind, text.contains(";") {
            let parts = text.split(separator: ";", omittingEmptySubsequences: false).map {
                wireValue(Expr(.literal(.string(String($0))), range: expr.range), for: property, row: row)
            }
            let values = parts.compactMap { $0 }
            return values.count == parts.count ? values.joined(separator: ";") : nil
        }
        let before = diagnostics.count
        let operand = coerce(expr, to: property)
        if diagnostics.count > before, let row {
            for index in before..<diagnostics.count {
                diagnostics[index].message = "row \(row), column \(property.name): " + diagnostics[index].message
            }
        }
        switch operand {
        case .value(let text)?:
            return text
        case .period(let period)?:
            // A date written into a datetime: its first instant.
            return String(period.start)
        case nil:
            return nil
        }
    }

    private func isNull(_ expr: Expr) -> Bool {
        if case .literal(.null) = expr.kind { return true }
        if case .parameter(let parameter) = expr.kind, parameters[parameter] == .null { return true }
        return false
    }

    /// A record id: digits, a numeric string, or a parameter holding one.
    private func recordId(_ expr: Expr) -> String? {
        var literal: Literal?
        switch expr.kind {
        case .literal(let value): literal = value
        case .parameter(let parameter): literal = parameters[parameter]
        default: literal = nil
        }
        switch literal {
        case .number(let digits)?: return Int64(digits).map(String.init)
        case .string(let text)?: return Int64(text).map(String.init)
        default: return nil
        }
    }

    /// `SET p = expression of the record`: typed against the property now; computed per record
    /// before the first write. Text constants an enumeration may take are checked here too
    /// (labels mapped to values), so `CASE … THEN 'Customer'` is caught before anything runs.
    private mutating func computedAssignment(_ expr: Expr, to property: Property, object: ObjectType) -> ValueProducer? {
        // A write's values are all known before its first request (they are validated and
        // journaled first); a subquery's would only be known once it ran, and unbound it would
        // write an empty value.
        if expr.containsSubquery {
            report("a SET value cannot hold a (SELECT …): a write's values are checked before its first request", expr.range,
                   help: "run the SELECT first and write its value, or INSERT … SELECT / UPSERT … SELECT")
            return nil
        }
        var scope = ScalarScope(object: object, alias: nil, allowsAssociated: false)
        guard var bound = bindScalar(expr, &scope) else { return nil }
        let target = ScalarType(property.type)
        let fits: Bool = switch target {
        case .text: true
        case .number: bound.type == .number || bound.type == .null
        case .bool: bound.type == .bool || bound.type == .null
        case .date, .datetime: bound.type.isTemporal || bound.type == .null || bound.type == .text
        case .null: true
        }
        guard fits else {
            report("\(property.name) is \(ScalarType(property.type).described); '\(source.text(in: expr.range))' is \(bound.type.described)",
                   expr.range, help: "CAST the expression, e.g. CAST(… AS \(target == .number ? "NUMBER" : target == .bool ? "BOOLEAN" : "TEXT"))")
            return nil
        }
        if property.type == .enumeration, !property.options.isEmpty {
            guard let mapped = mapOptions(bound.expr, property: property, range: expr.range) else { return nil }
            bound.expr = mapped
        }
        return .computed(ComputedValue(expression: bound.expr, property: property, timeZone: time.timeZone,
                                       text: source.text(in: expr.range)))
    }

    /// The text constants an enumeration would be set to (CASE results, COALESCE's, a lone
    /// constant), mapped from labels to option values; nil (reported) for one that is no option.
    private mutating func mapOptions(_ expr: ScalarExpr, property: Property, range: SourceRange) -> ScalarExpr? {
        switch expr {
        case .constant(.string(let text)):
            return enumerationValue(text, property: property, range: range).map { .constant(.string($0)) }
        case .caseWhen(let arms, let otherwise):
            var mapped: [ScalarExpr.CaseArm] = []
            for arm in arms {
                guard let result = mapOptions(arm.result, property: property, range: range) else { return nil }
                mapped.append(ScalarExpr.CaseArm(condition: arm.condition, result: result))
            }
            var fallback: ScalarExpr?
            if let otherwise {
                guard let result = mapOptions(otherwise, property: property, range: range) else { return nil }
                fallback = result
            }
            return .caseWhen(mapped, otherwise: fallback)
        case .call(.coalesce, let arguments):
            var mapped: [ScalarExpr] = []
            for argument in arguments {
                guard let result = mapOptions(argument, property: property, range: range) else { return nil }
                mapped.append(result)
            }
            return .call(.coalesce, mapped)
        default:
            return expr
        }
    }
}
