/// EXPLAIN nodes for subqueries, semi-joins and association reads.
extension PhysicalPlan {
    func semiJoinTree(_ semiJoin: SemiJoinPlan) -> PlanTree {
        let association = query.associations[semiJoin.association]
        let target = association.target.name
        var attributes: [(String, String)] = [("associated object", target)]
        attributes.append(("ids", "N = rows of the \(target) search below (known once it has run)"))
        if driven, semiJoins.first?.association == semiJoin.association {
            attributes.append(("strategy", "reads \(object.name) from the \(target) ids; chosen at run time by request count"))
            if let pseudo = semiJoin.pseudoProperty, semiJoin.idsPerSearch > 0 {
                attributes.append(("(a) search \(object.name) by \(pseudo)",
                                   "⌈N/\(semiJoin.idsPerSearch)⌉ searches (\(semiJoin.idsPerSearch) ids each, EQ one id per group, FROM filters repeated)"))
            } else {
                attributes.append(("(a) search by associations.{type}", "not possible here (custom object, typed JOIN, or filters leave no room)"))
            }
            attributes.append(("(b) association reads", "⌈N/1000⌉ v4 batch reads \(target)→\(object.name) + "
                + "⌈M/100⌉ batch reads of the M \(object.name) found; WHERE re-checked on the client"))
            attributes.append(("choice", "(a) at once when ⌈N/\(max(1, semiJoin.idsPerSearch))⌉ ≤ ⌈N/1000⌉ + 1; else the association reads run "
                + "and (a) is taken only if it costs fewer than ⌈M/100⌉"))
            attributes.append(("requests", "≥ \(semiJoin.inner.estimatedRequests) for the ids, then (a) or (b)"))
        } else {
            attributes.append(("strategy", "filters each page's \(object.name) by their associations to those ids"))
            attributes.append(("requests", "\(semiJoin.inner.estimatedRequests) (first page of the search)"))
        }
        attributes.append(("rows", "\(object.name) associated with at least one of the N"))
        return PlanTree(name: "SemiJoin", attributes: attributes, children: [semiJoin.inner.tree])
    }

    func associationReadTree(_ index: Int) -> PlanTree {
        let association = query.associations[index]
        let kind: String = switch association.kind {
        case .lookup: "dot path: one record per row (the primary association, else the lowest id; NULL when none)"
        case .join(left: true): "LEFT JOIN: a row per associated pair, NULLs when none"
        case .join(left: false): "JOIN: a row per associated pair"
        }
        var attributes: [(String, String)] = [("associated object", association.target.name), ("kind", kind)]
        if let typeId = association.typeId { attributes.append(("association type", String(typeId))) }
        if let label = association.label { attributes.append(("association label", label)) }
        if association.predicate != nil { attributes.append(("keeps", "associated records among the semi-join's ids")) }
        if !association.properties.isEmpty { attributes.append(("properties", association.properties.joined(separator: ", "))) }
        let reads = association.properties.isEmpty ? "" : " + ⌈K/100⌉ batch reads of the K \(association.target.name) not read before"
        attributes.append(("requests", "per page of P \(object.name): ⌈P/1000⌉ v4 batch reads\(reads)"))
        attributes.append(("rows", association.kind == .lookup && association.predicate == nil ? "one per input row" : "one per kept pair"))
        return PlanTree(name: "AssociationRead", attributes: attributes)
    }
}

extension SubqueryPlan {
    func tree(index: Int) -> PlanTree {
        let placeholder = SubqueryPlan.placeholder(index)
        if isValue {
            return PlanTree(name: "Subquery", attributes: [
                ("feeds", "\(placeholder), a value in expressions"),
                ("strategy", "runs first; its value is written in (more than one row: an error; none: NULL)"),
                ("requests", "≥ \(plan.estimatedRequests)"),
            ], children: [plan.tree])
        }
        if let comparison {
            return PlanTree(name: "Subquery", attributes: [
                ("feeds", "\(negated ? "NOT " : "")\(property) \(comparison.rawValue) \(placeholder)"),
                ("strategy", "runs first; the query is planned again with its value (more than one row: an error; none or NULL: nothing matches)"),
                ("requests", "≥ \(plan.estimatedRequests)"),
            ], children: [plan.tree])
        }
        return PlanTree(name: "Subquery", attributes: [
            ("feeds", "\(property) \(negated ? "NOT IN" : "IN") \(placeholder)"),
            ("strategy", "runs first; the query is planned again with its values (IN lists over 100 values split)"),
            ("requests", "≥ \(plan.estimatedRequests)"),
        ], children: [plan.tree])
    }
}
