import Foundation

/// Binds a parsed SELECT against the schema. Every misuse becomes a diagnostic pointing at the
/// expression; binding goes on after one, so several independent mistakes are reported together.
struct Binder {
    let schema: Schema
    let source: SourceFile
    let time: TimeResolver
    /// Values for `?` and `:name`, bound at execution (never spliced into text).
    var parameters: [Parameter: Literal] = [:]
    /// Set by binding only (extensions in other files append nested subqueries' diagnostics).
    var diagnostics: [Diagnostic] = []
    /// Associated objects met so far: JOINs, then dot paths in the order they appear.
    var associations: [BoundAssociation] = []
    /// The FROM object of the statement being bound.
    var currentObject: ObjectType?
    /// `(SELECT …)` values met inside expressions (``BoundQuery/valueSubqueries``), with the
    /// statements they were bound from: an expression bound again (grouping binds the select
    /// list more than once) finds its subquery instead of adding a second one to run.
    var valueSubqueries: [BoundQuery] = []
    var valueSubquerySources: [SelectStatement] = []
    /// WITH queries and `FROM (SELECT …)` tables in scope, by lower-cased name.
    var derivedTables: [String: DerivedTable] = [:]

    init(schema: Schema, source: SourceFile, time: TimeResolver, parameters: [Parameter: Literal] = [:]) {
        self.schema = schema
        self.source = source
        self.time = time
        self.parameters = parameters
    }

    /// Thrown when binding recorded errors.
    struct Failure: Error, Sendable {
        var diagnostics: [Diagnostic]
    }

    mutating func bind(_ select: SelectStatement) throws -> BoundQuery {
        for table in select.with { bindDerived(table.query, named: table.name) }
        if let inner = select.from.derived.first { bindDerived(inner, named: select.from.object) }
        if select.from.listRecords {
            // The session looks the list up and rewrites the FROM before binding; nested ones it does not.
            report("FROM LIST is read as a query's FROM, a WITH query's or a top-level IN (SELECT …)'s, not here",
                   select.from.object.range, help: "write FROM <object> WHERE IN LIST '…' here")
            throw Failure(diagnostics: diagnostics)
        }
        guard var object = resolveObject(select.from.object) else { throw Failure(diagnostics: diagnostics) }
        if select.from.archived {
            guard !object.isDerived else {
                report("ARCHIVED reads a HubSpot object's archived records; \(object.name) is a query's result", select.from.object.range)
                throw Failure(diagnostics: diagnostics)
            }
            // When each record was archived: `archivedAt`, selectable like a property.
            object.properties["archivedat"] = Property(name: "archivedAt", label: "Archived at", type: .datetime, options: [],
                                                       readOnly: true, unique: false)
        }
        currentObject = object
        let alias = select.from.alias?.value
        var query = BoundQuery(
            object: object, columns: [], predicate: nil, searchText: nil, orderBy: [], limit: nil, offset: 0,
            distinct: select.distinct, isCountOnly: false, startedAt: time.now
        )
        query.timeZone = time.timeZone
        query.archived = select.from.archived
        for join in select.joins { bindJoin(join, from: object) }
        let grouping = bindGroupKeys(select, object: object, alias: alias)
        query.groupKeys = grouping?.keys ?? []
        query.groupKeyTexts = grouping?.texts ?? []
        var computedAggregates: [Aggregate] = []
        let bound = bindColumns(select.items, object: object, alias: alias, starRange: select.from.object.range,
                                grouping: grouping, aggregates: &computedAggregates)
        query.computedAggregates = computedAggregates
        query.columns = bound.map(\.column)
        if let condition = select.whereClause {
            var terms: [Expr] = []
            if case .and(let parts) = condition.kind { terms = parts } else { terms = [condition] }
            var searchTerms: [String] = []
            var rest: [BoundPredicate] = []
            for term in terms {
                if case .search(let text) = term.kind {
                    if let value = constantString(text) { searchTerms.append(value) }
                } else if case .inSubquery(let lhs, let inner, let negated) = term.kind {
                    if let subquery = bindSubquery(lhs, inner, negated: negated, object: object, alias: alias, range: term.range) {
                        query.subqueries.append(subquery)
                    }
                } else if let scalar = bindScalarSubquery(term, object: object, alias: alias) {
                    if let scalar { query.subqueries.append(scalar) }
                } else if term.containsInSubquery {
                    report("IN (SELECT …) must be one of the top-level AND-ed conditions", term.range,
                           help: "it runs first and its values become an IN list")
                } else if !Self.isSimpleCondition(term) {
                    if let bound = bindMixedTerm(term, object: object, alias: alias) { rest.append(bound) }
                } else if let bound = bindTerm(term, object: object, alias: alias) {
                    rest.append(bound)
                }
            }
            query.searchText = searchTerms.isEmpty ? nil : searchTerms.joined(separator: " ")
            query.predicate = rest.isEmpty ? nil : rest.count == 1 ? rest[0] : .and(rest)
        }
        let aggregated = grouping != nil
        if let having = select.having {
            if let grouping {
                var aggregates: [Aggregate] = []
                let groupBy = query.groupBy
                if Self.isPlainHaving(having) {
                    query.having = bindHaving(having, object: object, alias: alias, groupBy: groupBy, aggregates: &aggregates)
                    query.havingAggregates = aggregates
                } else {
                    // Any condition over the keys and aggregates (`SUM(amount) / COUNT(*) > 1000`,
                    // `LOWER(status) = 'new'`), computed per group.
                    var scope = ScalarScope(object: object, alias: alias)
                    scope.groupKeys = grouping.keys
                    scope.groupKeyTypes = grouping.types
                    scope.aggregates = query.computedAggregates
                    if let condition = bindCondition(having, &scope) {
                        query.havingCondition = condition
                        query.computedAggregates = scope.aggregates
                    }
                }
            } else {
                report("HAVING needs GROUP BY or an aggregate", having.range, help: "use WHERE to filter records")
            }
        }
        for item in select.orderBy {
            let descending = item.direction == .descending
            if case .literal(.number(let digits)) = item.expression.kind {
                guard let position = Int(digits), position >= 1, position <= query.columns.count else {
                    report("ORDER BY \(digits) is not a position in the select list (1 to \(query.columns.count))", item.expression.range)
                    continue
                }
                query.orderBy.append(orderKey(column: position - 1, query.columns, descending: descending, aggregated: aggregated))
                continue
            }
            if let index = outputColumn(item.expression, query.columns, bound.map(\.range), select.items) {
                query.orderBy.append(orderKey(column: index, query.columns, descending: descending, aggregated: aggregated))
                continue
            }
            if case .column(let path) = item.expression.kind,
               case .associated(let association, let name)? = classify(path, object: object, alias: alias, range: item.expression.range) {
                let index = query.columns.firstIndex {
                    if case .associated(association, let property, false) = $0.source { property.lowercased() == name.value.lowercased() } else { false }
                }
                if let index, !aggregated {
                    query.orderBy.append(BoundOrder(property: "", descending: descending, column: index))
                } else {
                    report("ORDER BY a property of an associated object needs it in the select list", item.expression.range)
                }
                continue
            }
            if case .column = item.expression.kind {} else if !aggregated {
                // A computed key: pushed as the property's sort when it is monotonic in one.
                var scope = ScalarScope(object: object, alias: alias)
                guard let key = bindScalar(item.expression, &scope) else { continue }
                if let (property, flipped) = Self.monotonic(key.expr) {
                    query.orderBy.append(BoundOrder(property: property, descending: descending != flipped))
                } else {
                    query.orderBy.append(BoundOrder(property: "", descending: descending, expression: key.expr))
                }
                continue
            }
            guard let property = resolveProperty(item.expression, object: object, alias: alias) else { continue }
            if aggregated {
                report("ORDER BY of a grouped query must name a selected column", item.expression.range,
                       help: "select \(property.name) (or an alias of it) to sort by it")
                continue
            }
            query.orderBy.append(BoundOrder(property: property.name, descending: descending))
        }
        query.limit = select.limit.flatMap { count($0, "LIMIT") }
        query.offset = select.offset.flatMap { count($0, "OFFSET") } ?? 0
        query.isCountOnly = query.columns.count == 1 && query.columns[0].source == .countAll && query.groupKeys.isEmpty
        for (column, range) in bound where aggregated {
            switch column.source {
            case .countAll, .aggregate, .computed, .history: break
            case .associated:
                report("'\(column.name)' must be in GROUP BY or inside an aggregate", range,
                       help: "GROUP BY \(column.name) counts each record once per associated record")
            case .property(let name), .label(let name):
                if !query.groupBy.contains(name) {
                    report("'\(column.name)' must be in GROUP BY or inside an aggregate", range)
                }
            }
        }
        query.associations = associations
        query.valueSubqueries = valueSubqueries
        if let derived = derivedTables[object.name.lowercased()], derived.object.typeId == object.typeId {
            query.derived = [derived.query]
        }
        if !diagnostics.isEmpty { throw Failure(diagnostics: diagnostics) }
        return query
    }

    // MARK: Names

    mutating func resolveObject(_ name: ObjectName) -> ObjectType? {
        if let derived = derivedTables[name.value.lowercased()] { return derived.object }
        if let object = schema.object(named: name.value) { return object }
        report("unknown object '\(name.value)'", name.range,
               help: Suggestions.didYouMean(name.value, among: schema.objectNames) ?? "SHOW OBJECTS lists them")
        return nil
    }

    /// A column expression naming one property of the FROM object (`email`, `c.email`, `id`).
    mutating func resolveProperty(_ expr: Expr, object: ObjectType, alias: String?) -> Property? {
        guard case .column(let path) = expr.kind else {
            report("expected a property name", expr.range)
            return nil
        }
        switch classify(path, object: object, alias: alias, range: expr.range) {
        case nil: return nil
        case .associated?:
            report("'\(path.map(\.value).joined(separator: "."))' is a property of an associated object, which is not supported here",
                   expr.range, help: "associated properties can be selected (in expressions too), grouped by, sorted by when selected, and compared with values in WHERE")
            return nil
        case .own?: break
        }
        guard let name = path.last else { return nil }
        let lookup = ObjectType.isIDAlias(name.value) ? "hs_object_id" : name.value
        if let property = object.property(lookup) { return property }
        let candidates = object.properties.values.map(\.name)
        report("unknown property '\(name.value)' of \(object.name)", name.range,
               help: Suggestions.didYouMean(name.value, among: candidates) ?? "SHOW PROPERTIES FROM \(object.name) lists them")
        return nil
    }

    private mutating func bindColumns(
        _ items: [SelectItem], object: ObjectType, alias: String?, starRange: SourceRange,
        grouping: (keys: [ScalarExpr], types: [ScalarType], texts: [String])?, aggregates: inout [Aggregate]
    ) -> [(column: BoundColumn, range: SourceRange)] {
        /// An expression computed per record, or per group over its keys and aggregates.
        func computed(_ expr: Expr, _ binder: inout Binder) -> Typed? {
            var scope = ScalarScope(object: object, alias: alias)
            if let grouping {
                scope.groupKeys = grouping.keys
                scope.groupKeyTypes = grouping.types
                scope.aggregates = aggregates
            }
            guard let bound = binder.bindScalar(expr, &scope) else { return nil }
            if grouping != nil { aggregates = scope.aggregates }
            return bound
        }
        var columns: [(column: BoundColumn, range: SourceRange)] = []
        // Columns named by their bare property as PostgreSQL names `d.dealname` ("dealname"), with
        // the qualified text to fall back to when two columns would share a name (JSON output is
        // keyed by column name, so names stay unique).
        var qualified: [Int: String] = [:]
        for item in items {
            switch item {
            case .star(let qualifier):
                if let qualifier, case .associated(let index, _)? = classify(
                    [qualifier, Identifier("*", range: qualifier.range)], object: object, alias: alias, range: qualifier.range) {
                    for name in associations[index].target.defaultSearchProperties {
                        guard let property = associatedProperty(index, Identifier(name, range: qualifier.range)) else { continue }
                        columns.append((BoundColumn(name: "\(qualifier.value).\(property.name)",
                                                    source: .associated(association: index, property: property.name, label: false)), qualifier.range))
                    }
                    continue
                }
                columns += object.defaultSearchProperties.map { (BoundColumn(name: $0, source: .property($0)), starRange) }
            case .expression(let expr, let columnAlias):
                let header = columnAlias?.value ?? source.text(in: expr.range)
                // A grouped query's key that is not a plain property of the FROM object (an
                // expression, an associated property) reads the group's key.
                if let grouping, !isOwnProperty(expr, object: object, alias: alias) {
                    var scope = ScalarScope(object: object, alias: alias)
                    scope.groupKeys = grouping.keys
                    scope.groupKeyTypes = grouping.types
                    if let key = quietly({ $0.bindScalar(expr, &scope) }), case .groupKey = key.expr {
                        columns.append((BoundColumn(name: header, source: .computed(key.expr), type: key.type), expr.range))
                        continue
                    }
                }
                switch expr.kind {
                case .function(let call) where call.name == "COUNT" && call.star:
                    columns.append((BoundColumn(name: columnAlias?.value ?? "count", source: .countAll), expr.range))
                case .function(let call) where call.name == "LABEL" && call.arguments.count == 1 && call.arguments[0].isColumn:
                    if case .column(let path) = call.arguments[0].kind,
                       case .associated(let index, let name)? = classify(path, object: object, alias: alias, range: expr.range) {
                        guard let property = associatedProperty(index, name) else { continue }
                        if property.type != .enumeration {
                            report("LABEL needs an enumeration property; \(property.name) is \(property.type.rawValue)", expr.range)
                        }
                        columns.append((BoundColumn(name: header, source: .associated(association: index, property: property.name, label: true)), expr.range))
                        continue
                    }
                    guard let property = resolveProperty(call.arguments[0], object: object, alias: alias) else { continue }
                    if property.type != .enumeration {
                        report("LABEL needs an enumeration property; \(property.name) is \(property.type.rawValue)", expr.range)
                    }
                    columns.append((BoundColumn(name: header, source: .label(property.name)), expr.range))
                case .function(let call) where call.name == "HISTORY" && !call.star && !call.distinct:
                    columns += bindHistory(call, expr, alias: columnAlias?.value, object: object, tableAlias: alias,
                                           grouped: grouping != nil, existing: columns.map(\.column))
                case .function(let call) where call.isAggregate:
                    guard let aggregate = bindAggregate(call, range: expr.range, object: object, alias: alias) else { continue }
                    columns.append((BoundColumn(name: header, source: .aggregate(aggregate)), expr.range))
                case .column(let path):
                    if case .associated(let index, let name)? = classify(path, object: object, alias: alias, range: expr.range) {
                        guard let property = associatedProperty(index, name) else { continue }
                        var named = header
                        // `alias.property` of a JOIN reads as a table's column; a dot path through
                        // an association (`companies.name`) keeps the path as written.
                        if columnAlias == nil, path.count == 2, case .join = associations[index].kind {
                            qualified[columns.count] = header
                            named = property.name
                        }
                        columns.append((BoundColumn(name: named, source: .associated(association: index, property: property.name, label: false)), expr.range))
                        continue
                    }
                    guard let property = resolveProperty(expr, object: object, alias: alias) else { continue }
                    columns.append((BoundColumn(name: columnAlias?.value ?? property.name, source: .property(property.name)), expr.range))
                default:
                    guard let value = computed(expr, &self) else { continue }
                    columns.append((BoundColumn(name: header, source: .computed(value.expr), type: value.type), expr.range))
                }
            }
        }
        Self.disambiguate(&columns, qualified: qualified)
        return columns
    }

    /// A column named by its bare property keeps its qualified text when another column has
    /// the same name.
    static func disambiguate(_ columns: inout [(column: BoundColumn, range: SourceRange)], qualified: [Int: String]) {
        guard !qualified.isEmpty else { return }
        var counts: [String: Int] = [:]
        for entry in columns { counts[entry.column.name, default: 0] += 1 }
        for (index, text) in qualified where index < columns.count && (counts[columns[index].column.name] ?? 0) > 1 {
            columns[index].column.name = text
        }
    }

    static func isAggregateColumn(_ column: BoundColumn) -> Bool {
        switch column.source {
        case .countAll, .aggregate: true
        case .property, .label, .associated, .computed, .history: false
        }
    }

    /// Whether `expr` is a bare property of the FROM object (`email`, `c.email`).
    private mutating func isOwnProperty(_ expr: Expr, object: ObjectType, alias: String?) -> Bool {
        guard case .column(let path) = expr.kind else { return false }
        if case .own? = quietly({ $0.classify(path, object: object, alias: alias, range: expr.range) }) { return true }
        return false
    }

    /// `COUNT(p)`, `COUNT(DISTINCT p)`, `SUM(p)`, `AVG(p)`, `MIN(p)`, `MAX(p)`.
    mutating func bindAggregate(_ call: FunctionCall, range: SourceRange, object: ObjectType, alias: String?) -> Aggregate? {
        guard let function = Aggregate.Function(rawValue: call.name) else { return nil }
        if call.star {
            guard function == .count else {
                report("\(call.name)(*) is not defined; only COUNT takes *", range)
                return nil
            }
            return Aggregate(function: .count, property: nil, type: .number, distinct: false)
        }
        guard call.arguments.count == 1 else {
            report("\(call.name) takes one argument", range)
            return nil
        }
        if !isOwnProperty(call.arguments[0], object: object, alias: alias) {
            return bindExpressionAggregate(function, call, range: range, object: object, alias: alias)
        }
        guard let property = resolveProperty(call.arguments[0], object: object, alias: alias) else { return nil }
        if function == .sum || function == .avg, property.type != .number {
            report("\(call.name) needs a number property; \(property.name) is \(property.type.rawValue)", range)
            return nil
        }
        return Aggregate(function: function, property: property.name, type: property.type, distinct: call.distinct)
    }

    /// The output column an ORDER BY key names: an alias, or the same expression as a select item.
    private func outputColumn(_ expr: Expr, _ columns: [BoundColumn], _ ranges: [SourceRange], _ items: [SelectItem]) -> Int? {
        if case .column(let path) = expr.kind, path.count == 1,
           let index = columns.firstIndex(where: { $0.name.lowercased() == path[0].value.lowercased() }) {
            return index
        }
        if case .column = expr.kind { return nil }
        let text = source.text(in: expr.range).lowercased().filter { !$0.isWhitespace }
        if let index = ranges.firstIndex(where: { source.text(in: $0).lowercased().filter { !$0.isWhitespace } == text }) {
            return index
        }
        // The same expression however it is spaced (only when `*` did not expand the list).
        guard items.count == columns.count else { return nil }
        return items.firstIndex { if case .expression(let item, _) = $0 { item == expr } else { false } }
    }

    /// The sort key of output column `index`: HubSpot's sort when it is a property (or monotonic
    /// in one) of an ungrouped query, else the client's sort on the column.
    private func orderKey(column index: Int, _ columns: [BoundColumn], descending: Bool, aggregated: Bool) -> BoundOrder {
        guard !aggregated else { return BoundOrder(property: "", descending: descending, column: index) }
        switch columns[index].source {
        case .property(let name): return BoundOrder(property: name, descending: descending)
        case .computed(let expr):
            if let (property, flipped) = Self.monotonic(expr) { return BoundOrder(property: property, descending: descending != flipped) }
        default: break
        }
        return BoundOrder(property: "", descending: descending, column: index)
    }

    private mutating func count(_ expr: Expr, _ clause: String) -> Int? {
        var literal: Literal?
        if case .literal(let value) = expr.kind { literal = value }
        if case .parameter(let parameter) = expr.kind {
            literal = parameters[parameter]
            if literal == nil { report("no value for parameter \(Self.describe(parameter))", expr.range) }
        }
        guard let literal else { return nil }
        guard case .number(let digits) = literal, let value = Int(digits), value >= 0 else {
            report("\(clause) takes a whole number", expr.range)
            return nil
        }
        return value
    }

    static func describe(_ parameter: Parameter) -> String {
        switch parameter {
        case .positional(let index): "?\(index)"
        case .named(let name): ":\(name)"
        }
    }

    mutating func report(_ message: String, _ range: SourceRange, help: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: range, in: source, help: help))
    }
}
