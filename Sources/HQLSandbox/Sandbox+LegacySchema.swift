import Foundation
import HubSpotAPI

/// The older schema endpoints clients still call: `/properties/v2/{type}/properties` (a bare
/// array of v1/v2-shaped properties) and `/crm-pipelines/v1/pipelines/{type}`.
extension Sandbox {
    /// A property as the v1/v2 API shaped it: flat flags, epoch-millisecond stamps.
    struct LegacyProperty: Sendable, Codable, Hashable {
        var name: String
        var label: String
        var description: String
        var groupName: String
        var type: String
        var fieldType: String
        var options: [LegacyOption]
        var displayOrder: Int
        var formField: Bool
        var readOnlyValue: Bool
        var readOnlyDefinition: Bool
        var hidden: Bool
        var mutableDefinitionNotDeletable: Bool
        var calculated: Bool
        var externalOptions: Bool
        var deleted: Bool
        var hubspotDefined: Bool
        var favorited: Bool
        var favoritedOrder: Int
        var hasUniqueValue: Bool
        var createdAt: Int64
        var updatedAt: Int64
    }

    struct LegacyOption: Sendable, Codable, Hashable {
        var label: String
        var value: String
        var displayOrder: Int
        var hidden: Bool
        var readOnly: Bool
        var description: String
    }

    struct LegacyPipeline: Sendable, Codable, Hashable {
        var pipelineId: String
        var label: String
        var displayOrder: Int
        var active: Bool
        var objectType: String
        var objectTypeId: String
        var stages: [LegacyStage]
        var createdAt: Int64
        var updatedAt: Int64
        var `default`: Bool
    }

    struct LegacyStage: Sendable, Codable, Hashable {
        var stageId: String
        var label: String
        var displayOrder: Int
        var active: Bool
        var probability: Double?
        var closedWon: Bool
        var metadata: [String: String]
    }

    static let legacyStamp: Int64 = 1_565_059_312_000  // 2019-08-06T02:41:52Z, as `PropertySpec.definition`

    /// The legacy endpoint also answers for marketing forms, which are no object type.
    func legacyProperties(named name: String) throws -> Reply {
        if ["form", "forms"].contains(name.lowercased()) { return legacyProperties(PropertyTable.parse(StandardProperties.forms)) }
        return legacyProperties(portal.types[try typeIndex(name)].properties)
    }

    private func legacyProperties(_ specs: [PropertySpec]) -> Reply {
        let properties = specs.enumerated().map { order, spec in
            LegacyProperty(
                name: spec.name, label: spec.label, description: "", groupName: spec.groupName, type: spec.type.rawValue,
                fieldType: spec.fieldType,
                options: spec.options.map {
                    LegacyOption(label: $0.label, value: $0.value, displayOrder: $0.displayOrder, hidden: $0.hidden,
                        readOnly: spec.hubspotDefined, description: "")
                },
                displayOrder: order, formField: !spec.readOnly, readOnlyValue: spec.readOnly,
                readOnlyDefinition: spec.hubspotDefined, hidden: false, mutableDefinitionNotDeletable: spec.hubspotDefined,
                calculated: spec.calculated, externalOptions: spec.externalOptions, deleted: false,
                hubspotDefined: spec.hubspotDefined, favorited: false, favoritedOrder: -1, hasUniqueValue: spec.unique,
                createdAt: Self.legacyStamp, updatedAt: Self.legacyStamp)
        }
        return reply(200, properties)
    }

    func legacyPipelines(type typeIndex: Int) throws -> Reply {
        let type = portal.types[typeIndex]
        let pipelines = (portal.pipelines[type.name] ?? []).map { pipeline in
            LegacyPipeline(
                pipelineId: pipeline.id, label: pipeline.label, displayOrder: pipeline.displayOrder, active: !pipeline.archived,
                objectType: type.singular.uppercased(), objectTypeId: type.objectTypeId,
                stages: pipeline.stages.map { stage in
                    LegacyStage(
                        stageId: stage.id, label: stage.label, displayOrder: stage.displayOrder, active: true,
                        probability: stage.metadata["probability"].flatMap(Double.init),
                        closedWon: stage.metadata["isClosed"] == "true" && stage.metadata["probability"] == "1.0",
                        metadata: stage.metadata)
                },
                createdAt: EpochTime.parse(pipeline.createdAt) ?? 0, updatedAt: EpochTime.parse(pipeline.updatedAt) ?? 0,
                default: pipeline.displayOrder == 0)
        }
        return reply(200, ResultList(results: pipelines))
    }
}
