/// Association paths (`companies.name`, `c.companies.name`), JOIN … ON ASSOCIATED, conditions on
/// associated objects (semi-joins).
extension Binder {
    /// What a column path names once an alias or the FROM object's own name is taken off.
    enum PathTarget {
        case own
        /// A property of ``associations``[index].
        case associated(Int, Identifier)
    }

    /// Classifies `path`; registers a lookup association the first time a path names one.
    mutating func classify(_ path: [Identifier], object: ObjectType, alias: String?, range: SourceRange) -> PathTarget? {
        var names = path
        if names.count >= 2, isFromQualifier(names[0].value, object: object, alias: alias) { names.removeFirst() }
        if names.count == 1 { return .own }
        let written = path.map(\.value).joined(separator: ".")
        if object.isDerived {
            report("'\(written)': \(object.name) is a query's result, with no associations", range,
                   help: "select the associated property inside the query, with an alias")
            return nil
        }
        guard names.count <= 3 else {
            report("'\(written)' follows more than two associations", range,
                   help: "JOIN the intermediate objects instead: each JOIN follows one association")
            return nil
        }
        guard let index = association(named: names[0].value, from: object) else {
            let candidates = associations.map(\.name) + schema.objectNames
            report("unknown object or alias '\(names[0].value)' in '\(written)'", names[0].range,
                   help: Suggestions.didYouMean(names[0].value, among: candidates) ?? "SHOW OBJECTS lists the objects")
            return nil
        }
        guard names.count == 3 else { return .associated(index, names[1]) }
        // Two hops: the second association starts from the first one's records.
        let first = associations[index].target
        guard let target = schema.object(named: names[1].value), target.typeId != first.typeId else {
            report("unknown object '\(names[1].value)' associated with \(first.name) in '\(written)'", names[1].range,
                   help: Suggestions.didYouMean(names[1].value, among: schema.objectNames) ?? "SHOW OBJECTS lists the objects")
            return nil
        }
        let name = associations[index].name + "." + target.name
        if let existing = associations.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            return .associated(existing, names[2])
        }
        var hop = BoundAssociation(target: target, kind: .lookup, name: name)
        hop.via = index
        associations.append(hop)
        return .associated(associations.count - 1, names[2])
    }

    private func isFromQualifier(_ name: String, object: ObjectType, alias: String?) -> Bool {
        let lowered = name.lowercased()
        if let alias { return lowered == alias.lowercased() }
        return lowered == object.name.lowercased() || lowered == object.singular.lowercased() || name == object.typeId
    }

    /// A JOIN by alias or object, else a lookup of that object (added on first use).
    private mutating func association(named name: String, from object: ObjectType) -> Int? {
        let lowered = name.lowercased()
        if let index = associations.firstIndex(where: { $0.name.lowercased() == lowered }) { return index }
        guard let target = schema.object(named: name), target.typeId != object.typeId else { return nil }
        if let index = associations.firstIndex(where: { $0.target.typeId == target.typeId }) { return index }
        associations.append(BoundAssociation(target: target, kind: .lookup, name: target.name))
        return associations.count - 1
    }

    /// A property of an associated object, added to what its read fetches.
    mutating func associatedProperty(_ index: Int, _ name: Identifier) -> Property? {
        let target = associations[index].target
        let lookup = ObjectType.isIDAlias(name.value) ? "hs_object_id" : name.value
        guard let property = target.property(lookup) else {
            report("unknown property '\(name.value)' of \(target.name)", name.range,
                   help: Suggestions.didYouMean(name.value, among: target.properties.values.map(\.name))
                       ?? "SHOW PROPERTIES FROM \(target.name) lists them")
            return nil
        }
        if !associations[index].properties.contains(property.name) { associations[index].properties.append(property.name) }
        return property
    }

    /// `[LEFT] JOIN object [AS alias] ON ASSOCIATED [WITH LABEL 'x' | WITH TYPE n]`.
    mutating func bindJoin(_ join: Join, from object: ObjectType) {
        if object.isDerived {
            report("\(object.name) is a query's result: it cannot be joined", join.table.object.range,
                   help: "JOIN inside the query instead")
            return
        }
        guard let target = resolveObject(join.table.object) else { return }
        if target.typeId == object.typeId {
            report("joining \(object.name) with itself is not supported", join.table.object.range)
            return
        }
        var association = BoundAssociation(target: target, kind: .join(left: join.left),
                                           name: join.table.alias?.value ?? join.table.object.value)
        switch join.association {
        case .typeId(let digits)?:
            guard let id = Int(digits) else {
                report("WITH TYPE takes a whole number", join.table.object.range)
                return
            }
            association.typeId = id
        case .label(let label)?: association.label = label
        case nil: break
        }
        if associations.contains(where: { $0.name.lowercased() == association.name.lowercased() }) {
            report("'\(association.name)' is joined twice; give each JOIN its own alias", join.table.object.range)
            return
        }
        associations.append(association)
    }

    /// One top-level AND-ed WHERE term: on the FROM object (returned), or on one associated
    /// object (AND-ed into its condition; nil is returned).
    mutating func bindTerm(_ term: Expr, object: ObjectType, alias: String?) -> BoundPredicate? {
        if !term.hasQualifiedColumn { return bindPredicate(term, object: object, alias: alias) }
        var targets = Set<Int>()
        var own = false
        for path in term.columnPaths {
            switch classify(path, object: object, alias: alias, range: term.range) {
            case .own?: own = true
            case .associated(let index, _)?: targets.insert(index)
            case nil: return nil
            }
        }
        guard let index = targets.first else { return bindPredicate(term, object: object, alias: alias) }
        if let index = targets.first, associations[index].via != nil {
            report("a condition on a second association hop is not supported", term.range,
                   help: "JOIN the intermediate object and test its association instead")
            return nil
        }
        guard targets.count == 1, !own else {
            report("a condition may involve only one object", term.range,
                   help: "conditions on an associated object must be AND-ed at the top level of WHERE, apart from the others")
            return nil
        }
        // Re-root the paths on the associated object and bind the term there.
        let rooted = term.mapColumns { path in path.last.map { [$0] } ?? path }
        let target = associations[index].target
        guard let bound = bindPredicate(rooted, object: target, alias: nil) else { return nil }
        let existing = associations[index].predicate
        associations[index].predicate = existing.map { .and([$0, bound]) } ?? bound
        return nil
    }
}
