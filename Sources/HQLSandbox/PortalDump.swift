import Foundation
import HubSpotAPI

/// The whole portal as JSON: schema (types, properties, association types, pipelines, owners),
/// every record with every property, and every association.
public struct PortalDump: Sendable, Codable {
    /// The format version.
    public var version = 1
    var types: [ObjectType]
    var associationTypes: [AssociationDefinition]
    var pipelines: [String: [Pipeline]]
    var owners: [Owner]
    /// Records by object type name.
    var records: [String: [DumpedRecord]]
    /// Every association, once.
    public var associations: [DumpedAssociation]
    /// Lists (absent in dumps written before lists existed).
    var lists: [CRMList]?

    struct DumpedRecord: Sendable, Codable {
        var id: Int64
        var createdAt: String
        var updatedAt: String
        var archived: Bool
        var archivedAt: String?
        var properties: [String: String]
    }

    /// Captures a portal.
    public init(_ portal: Portal) {
        types = portal.types
        associationTypes = portal.associations.definitions
        pipelines = portal.pipelines
        owners = portal.owners
        var records: [String: [DumpedRecord]] = [:]
        for (typeIndex, type) in portal.types.enumerated() {
            records[type.name] = portal.stores[typeIndex].records.map { record in
                var properties: [String: String] = [:]
                for (position, property) in type.properties.enumerated() {
                    if let value = record.values.raw[position] { properties[property.name] = value }
                }
                return DumpedRecord(
                    id: record.id, createdAt: EpochTime.iso(record.createdAt), updatedAt: EpochTime.iso(record.updatedAt),
                    archived: record.archived, archivedAt: record.archivedAt.map(EpochTime.iso), properties: properties)
            }
        }
        self.records = records
        associations = portal.associations.allEdges()
        lists = portal.lists
    }

    /// Rebuilds the portal.
    public func portal(seed: UInt64 = 1) throws -> Portal {
        var portal = Portal(
            types: types, associations: associationTypes, pipelines: pipelines, owners: owners, seed: seed)
        for (typeIndex, type) in types.enumerated() {
            let index = portal.stores[typeIndex].propertyIndex
            for dumped in records[type.name] ?? [] {
                guard let created = EpochTime.parse(dumped.createdAt), let updated = EpochTime.parse(dumped.updatedAt)
                else { throw PortalDumpError.invalid("bad timestamps on \(type.name) \(dumped.id)") }
                var values = RecordValues(count: type.properties.count)
                for (name, text) in dumped.properties {
                    guard let position = index[name] else {
                        throw PortalDumpError.invalid("unknown property \(name) on \(type.name) \(dumped.id)")
                    }
                    values.set(position, text, type: type.properties[position].type)
                }
                guard portal.claim(dumped.id) else { throw PortalDumpError.invalid("duplicate id \(dumped.id)") }
                portal.stores[typeIndex].insert(StoredRecord(
                    id: dumped.id, createdAt: created, updatedAt: updated, archived: dumped.archived,
                    archivedAt: dumped.archivedAt.flatMap(EpochTime.parse), values: values))
            }
        }
        for edge in associations { portal.associations.restore(edge) }
        portal.lists = lists ?? []
        return portal
    }

    /// Encodes the dump (sorted keys, so equal portals give equal files).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Decodes a dump.
    public static func decode(_ data: Data) throws -> PortalDump {
        try JSONDecoder().decode(PortalDump.self, from: data)
    }
}

/// A dump that cannot be loaded.
public enum PortalDumpError: Error, Sendable, Equatable {
    /// The dump is inconsistent.
    case invalid(String)
}

extension Sandbox {
    /// The whole portal as a dump.
    public func dump() -> PortalDump { PortalDump(portal) }
}
