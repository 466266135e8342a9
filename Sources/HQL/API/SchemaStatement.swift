/// SHOW and DESCRIBE: rows from the cached schema, no HubSpot call.
struct SchemaStatement {
    let schema: Schema
    let source: SourceFile

    /// The columns and rows of `statement`, or nil when it is not a schema statement.
    func rows(_ statement: Statement) throws -> ([String], [[Value]])? {
        switch statement.kind {
        case .showObjects:
            return (["name", "singular", "type_id", "custom", "properties"], schema.objects.map { object in
                [.string(object.name), .string(object.singular), .string(object.typeId), .bool(object.isCustom),
                 .number(Double(object.properties.count))]
            })
        case .showProperties(let name, let like):
            let object = try resolve(name)
            let pattern = like?.lowercased()
            // The name or the label: at 200–500 properties an object, people remember either.
            let properties = object.properties.values.filter { property in
                guard let pattern else { return true }
                return PredicateEvaluator.like(property.name.lowercased(), pattern)
                    || PredicateEvaluator.like(property.label.lowercased(), pattern)
            }
            return propertyRows(properties)
        case .describe(let name):
            return propertyRows(Array(try resolve(name).properties.values))
        case .showOwners:
            return (["id", "email", "first_name", "last_name"], schema.owners.map {
                [.string($0.id), .string($0.email), .string($0.firstName), .string($0.lastName)]
            })
        case .showPipelines(let name):
            let object = try resolve(name)
            // Stages are the options of the stage property; the pipeline property lists pipelines.
            let stageProperty = object.name == "tickets" ? "hs_pipeline_stage" : "dealstage"
            let stages = object.property(stageProperty)?.options ?? []
            return (["stage_id", "stage_label"], stages.map { [.string($0.value), .string($0.label)] })
        case .showAssociations(let name):
            let object = try resolve(name)
            let others = schema.objects.filter { !$0.isCustom && $0.name != object.name }.map(\.name)
            return (["from", "to"], others.map { [.string(object.name), .string($0)] })
        default:
            return nil
        }
    }

    /// Grouped as HubSpot groups them (its property groups, in name order), then by name; an
    /// enumeration shows its first options and how many there are (some have hundreds).
    private func propertyRows(_ properties: [Property]) -> ([String], [[Value]]) {
        let sorted = properties.sorted { ($0.group, $0.name) < ($1.group, $1.name) }
        return (["group", "name", "label", "type", "options", "read_only", "calculated"], sorted.map { property in
            [property.group.isEmpty ? .null : .string(property.group), .string(property.name), .string(property.label),
             .string(property.type.rawValue),
             property.options.isEmpty ? .null : .string(property.options.prefix(8).map(\.value).joined(separator: ", ")
                + (property.options.count > 8 ? ", … (\(property.options.count))" : "")),
             .bool(property.readOnly), .bool(property.calculated)]
        })
    }

    private func resolve(_ name: ObjectName) throws -> ObjectType {
        if let object = schema.object(named: name.value) { return object }
        throw HQLError(message: "unknown object '\(name.value)'", source: source, range: name.range,
                       help: Suggestions.didYouMean(name.value, among: schema.objectNames) ?? "SHOW OBJECTS lists them")
    }
}
