/// `HISTORY(p)` in the select list: each record becomes a row per past value of `p` (HubSpot's
/// `propertiesWithHistory`, newest first), with three columns — the value (typed as `p`), when it
/// was set (`_timestamp`) and by what (`_source`: CRM_UI, IMPORT, API, CALCULATED …). A record
/// whose property never had a value keeps one row of NULLs, as a LEFT JOIN would: every record
/// is still seen, and a LIMIT still bounds the records read.
extension Binder {
    mutating func bindHistory(
        _ call: FunctionCall, _ expr: Expr, alias columnAlias: String?, object: ObjectType, tableAlias: String?,
        grouped: Bool, existing: [BoundColumn]
    ) -> [(column: BoundColumn, range: SourceRange)] {
        guard call.arguments.count == 1, call.arguments[0].isColumn else {
            report("HISTORY takes one property of \(object.name)", expr.range, help: "HISTORY(lifecyclestage)")
            return []
        }
        if object.isDerived {
            report("HISTORY reads HubSpot's past values; \(object.name) is a query's result", expr.range)
            return []
        }
        if grouped {
            report("HISTORY(…) cannot be grouped or aggregated directly", expr.range,
                   help: "group its rows in an outer query: WITH h AS (SELECT …, HISTORY(p) FROM …) SELECT … FROM h GROUP BY …")
            return []
        }
        if existing.contains(where: { if case .history = $0.source { true } else { false } }) {
            report("one HISTORY(…) a statement: the rows of two histories do not line up", expr.range)
            return []
        }
        guard let property = resolveProperty(call.arguments[0], object: object, alias: tableAlias) else { return [] }
        let base = columnAlias ?? property.name
        return BoundColumn.HistoryPart.allCases.map { part in
            (BoundColumn(name: part.name(base), source: .history(property: property.name, part: part)), expr.range)
        }
    }
}
