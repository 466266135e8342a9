import Foundation
import HubSpotAPI
/// Function calls in expressions: aggregates (in grouped queries), LABEL, OWNER, and the scalar
/// functions of ``ScalarFunction`` with their argument types checked.
extension Binder {
    mutating func bindCall(_ call: FunctionCall, _ expr: Expr, _ scope: inout ScalarScope) -> Typed? {
        if call.isAggregate {
            guard scope.groupKeys != nil else {
                report("aggregate functions are not allowed here", expr.range, help: "aggregates belong in the select list and HAVING")
                return nil
            }
            guard let aggregate = bindAggregate(call, range: expr.range, object: scope.object, alias: scope.alias) else { return nil }
            let index = scope.aggregates.count
            scope.aggregates.append(aggregate)
            let type: ScalarType = aggregate.function == .min || aggregate.function == .max
                ? ScalarType(aggregate.type) : .number
            return (.aggregate(index), type)
        }
        switch call.name {
        case "LABEL":
            guard call.arguments.count == 1, let inner = bindScalar(call.arguments[0], &scope) else {
                if call.arguments.count != 1 { report("LABEL takes one enumeration property", expr.range) }
                return nil
            }
            let property: Property?
            switch inner.expr {
            case .property(let name, _): property = scope.object.property(name)
            case .associated(let index, let name, _): property = associations[index].target.property(name)
            case .groupKey(let index):
                if let keys = scope.groupKeys, index < keys.count, case .property(let name, _) = keys[index] {
                    property = scope.object.property(name)
                } else {
                    property = nil
                }
            default: property = nil
            }
            guard let property, property.type == .enumeration else {
                report("LABEL needs an enumeration property", expr.range)
                return nil
            }
            var options: [String: String] = [:]
            for option in property.options { options[option.value] = option.label }
            return (.label(inner.expr, options: options), .text)
        case "OWNER":
            guard call.arguments.count == 1, let email = constantString(call.arguments[0]) else {
                report("OWNER takes one e-mail address", expr.range)
                return nil
            }
            guard let owner = schema.owners.first(where: { $0.email.lowercased() == email.lowercased() }) else {
                report("no owner has the e-mail '\(email)'", expr.range,
                       help: Suggestions.didYouMean(email, among: schema.owners.map(\.email)) ?? "SHOW OWNERS lists them")
                return nil
            }
            return (.constant(.string(owner.id)), .text)
        case "NOW":
            guard call.arguments.isEmpty else {
                report("NOW takes no arguments", expr.range)
                return nil
            }
            return (.constant(.datetime(time.now)), .datetime)
        case "HISTORY":
            report("HISTORY(…) stands alone in the select list: it turns each record into a row per past value", expr.range,
                   help: "compute over its columns in an outer query: WITH h AS (SELECT email, HISTORY(lifecyclestage) FROM contacts) "
                       + "SELECT … FROM h")
            return nil
        default:
            break
        }
        guard let function = ScalarFunction.named(call.name) else {
            report("unknown function \(call.name)", expr.range,
                   help: Suggestions.didYouMean(call.name, among: ScalarFunction.allNames) ?? "the README lists HQL's functions")
            return nil
        }
        if call.distinct {
            report("DISTINCT is only allowed in aggregates", expr.range)
            return nil
        }
        let signature = function.signature
        let count = call.arguments.count
        let maximum = signature.variadic ? Int.max : signature.arguments.count
        guard count >= signature.required, count <= maximum else {
            let expected = signature.variadic ? "at least \(signature.required)"
                : signature.required == maximum ? "\(maximum)" : "\(signature.required) to \(maximum)"
            report("\(function.rawValue) takes \(expected) argument\(maximum == 1 ? "" : "s"), not \(count)", expr.range)
            return nil
        }
        var arguments: [ScalarExpr] = []
        var types: [ScalarType] = []
        for (position, argument) in call.arguments.enumerated() {
            guard var bound = bindScalar(argument, &scope) else { return nil }
            let expected = signature.arguments[min(position, signature.arguments.count - 1)]
            switch expected {
            case .any: break
            case .text:
                // Anything prints as text; only numbers and dates are refused where text is meant,
                // because that is nearly always a mistake (LOWER(amount)).
                if bound.type != .text && bound.type != .null {
                    report("\(function.rawValue) takes text; '\(source.text(in: argument.range))' is \(bound.type.described)", argument.range,
                           help: "CAST(\(source.text(in: argument.range)) AS TEXT) if that is what you mean")
                    return nil
                }
            case .number:
                if let coerced = coerceConstant(bound, to: .number) { bound = coerced }
                if bound.type != .number && bound.type != .null {
                    report("\(function.rawValue) takes a number here; '\(source.text(in: argument.range))' is \(bound.type.described)", argument.range)
                    return nil
                }
            case .temporal:
                if let coerced = coerceConstant(bound, to: .datetime) { bound = coerced }
                if !bound.type.isTemporal && bound.type != .null {
                    report("\(function.rawValue) takes a date or timestamp; '\(source.text(in: argument.range))' is \(bound.type.described)", argument.range)
                    return nil
                }
            }
            arguments.append(bound.expr)
            types.append(bound.type)
        }
        var result = function.resultType(types)
        switch function {
        case .dateTrunc, .dateDiff, .datePart:
            let known = function == .datePart ? ScalarFunction.dateFields : ScalarFunction.truncationUnits
            guard case .constant(.string(let unit)) = arguments[0], known.contains(unit.lowercased()) else {
                let listed = known.sorted().joined(separator: ", ")
                report("\(function.rawValue)'s first argument is one of \(listed), quoted", call.arguments[0].range,
                       help: constantText(arguments[0]).flatMap { Suggestions.didYouMean($0.lowercased(), among: Array(known)) })
                return nil
            }
            arguments[0] = .constant(.string(unit.lowercased()))
            if function == .dateTrunc, ["hour", "minute"].contains(unit.lowercased()) { result = .datetime }
        case .coalesce, .greatest, .least, .nullIf:
            let type = types.first { $0 != .null } ?? .null
            for (position, argumentType) in types.enumerated() where !type.accepts(argumentType) && !(type == .text && argumentType == .text) {
                if let coerced = coerceConstant((arguments[position], argumentType), to: type) {
                    arguments[position] = coerced.expr
                    continue
                }
                report("\(function.rawValue)'s arguments must have one type: this one is \(argumentType.described), the first is \(type.described)",
                       call.arguments[position].range)
                return nil
            }
        case .regexpMatches:
            if case .constant(.string(let pattern)) = arguments[1], (try? NSRegularExpression(pattern: pattern)) == nil {
                report("invalid regular expression '\(pattern)'", call.arguments[1].range)
                return nil
            }
        default:
            break
        }
        return (.call(function, arguments), result)
    }

    private func constantText(_ expr: ScalarExpr) -> String? {
        if case .constant(let value) = expr { return value.text }
        return nil
    }
}
