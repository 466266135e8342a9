import Foundation
import HubSpotAPI

/// A recognised endpoint. Object type names are resolved later, so an unknown type is a 404
/// about the type rather than about the path.
enum SandboxRoute: Sendable, Equatable {
    case list(String), create(String), read(String, String), update(String, String), archive(String, String)
    case search(String)
    case batch(String, BatchOperation)
    case associationPage(from: String, id: String, to: String)
    case associationPutDefault(from: String, id: String, to: String, toId: String)
    case associationPut(from: String, id: String, to: String, toId: String)
    case associationDelete(from: String, id: String, to: String, toId: String)
    case associationBatch(from: String, to: String, AssociationOperation)
    case associationLabels(from: String, to: String)
    case properties(String), property(String, String)
    case createProperty(String), updateProperty(String, String), archiveProperty(String, String)
    case gdprDelete(String)
    case pipelines(String), pipeline(String, String)
    case owners, owner(String)
    case schemas, schema(String)
    case listByID(String), listByName(objectTypeId: String, name: String), listsByIDs, listSearch
    case listMemberships(String), listMembershipChange(String, adding: Bool)
    /// The lists a record is in: one record, or a batch.
    case recordMemberships(objectTypeId: String, recordId: String), recordMembershipsBatch
    /// `/properties/v1|v2/{type}/properties`: the bare array older clients read.
    case legacyProperties(String)
    /// `/crm-pipelines/v1/pipelines/{type}`.
    case legacyPipelines(String)

    enum BatchOperation: String, Sendable { case read, create, update, upsert, archive }
    enum AssociationOperation: String, Sendable { case read, create, archive }

    /// The endpoint kind counted by the stats.
    var kind: String {
        switch self {
        case .list: "objects.list"
        case .create: "objects.create"
        case .read: "objects.read"
        case .update: "objects.update"
        case .archive: "objects.archive"
        case .search: "search"
        case .batch(_, let operation): "objects.batch.\(operation.rawValue)"
        case .associationPage: "associations.list"
        case .associationPutDefault, .associationPut: "associations.put"
        case .associationDelete: "associations.delete"
        case .associationBatch(_, _, let operation): "associations.batch.\(operation.rawValue)"
        case .associationLabels: "associations.labels"
        case .properties, .property: "properties"
        case .createProperty: "properties.create"
        case .updateProperty: "properties.update"
        case .archiveProperty: "properties.archive"
        case .gdprDelete: "objects.gdpr-delete"
        case .pipelines, .pipeline: "pipelines"
        case .owners, .owner: "owners"
        case .schemas, .schema: "schemas"
        case .listByID, .listByName, .listsByIDs: "lists.read"
        case .listSearch: "lists.search"
        case .listMemberships: "lists.memberships"
        case .listMembershipChange: "lists.memberships.write"
        case .recordMemberships, .recordMembershipsBatch: "lists.records.memberships"
        case .legacyProperties: "properties"
        case .legacyPipelines: "pipelines"
        }
    }

    /// The object types the call touches (for scope checks).
    var objectTypes: [String] {
        switch self {
        case .list(let t), .create(let t), .read(let t, _), .update(let t, _), .archive(let t, _), .search(let t),
            .batch(let t, _), .properties(let t), .property(let t, _), .pipelines(let t), .pipeline(let t, _),
            .createProperty(let t), .updateProperty(let t, _), .archiveProperty(let t, _), .gdprDelete(let t),
            .schema(let t), .legacyProperties(let t), .legacyPipelines(let t), .listByName(let t, _), .recordMemberships(let t, _):
            [t]
        case .associationPage(let from, _, let to), .associationPutDefault(let from, _, let to, _),
            .associationPut(let from, _, let to, _), .associationDelete(let from, _, let to, _),
            .associationBatch(let from, let to, _), .associationLabels(let from, let to):
            [from, to]
        case .owners, .owner, .schemas, .listByID, .listsByIDs, .listSearch, .listMemberships, .listMembershipChange,
            .recordMembershipsBatch: []
        }
    }

    /// Creates, updates and archives of records (single and batch).
    var isObjectWrite: Bool {
        switch self {
        case .create, .update, .archive: true
        case .batch(_, let operation): operation != .read
        default: false
        }
    }

    /// Whether the call changes the portal (its answer can be lost after the change: a fault).
    var isWrite: Bool {
        switch self {
        case .create, .update, .archive, .associationPutDefault, .associationPut, .associationDelete: true
        case .createProperty, .updateProperty, .archiveProperty, .gdprDelete: true
        case .batch(_, let operation): operation != .read
        case .associationBatch(_, _, let operation): operation != .read
        default: false
        }
    }

    var isSearch: Bool {
        if case .search = self { return true }
        return false
    }

    /// Parses a path (already without its query string).
    static func parse(method: HTTPMethod, path: String) -> SandboxRoute? {
        let segments = normalized(path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        })
        switch (method, segments.count) {
        case (_, 0): return nil
        default: break
        }
        if segments.count == 4, segments[0] == "properties", ["v1", "v2"].contains(segments[1]), segments[3] == "properties",
            method == .get
        {
            return .legacyProperties(segments[2])
        }
        if segments.count == 4, segments[0] == "crm-pipelines", segments[1] == "v1", segments[2] == "pipelines", method == .get {
            return .legacyPipelines(segments[3])
        }
        guard segments.first == "crm" else { return nil }
        let rest = Array(segments.dropFirst(2))
        switch segments.count >= 2 ? segments[1] : "" {
        case "v3": return v3(method, rest)
        case "v4": return v4(method, rest)
        default: return nil
        }
    }

    /// Maps the date-versioned twins (`/crm/objects/2026-03/contacts/search`) and the schema
    /// service path (`/crm-object-schemas/v3/schemas`) onto the v3/v4 paths.
    private static func normalized(_ segments: [String]) -> [String] {
        if segments.first == "crm-object-schemas", segments.count >= 2 {
            return ["crm", segments[1]] + segments.dropFirst(2)
        }
        guard segments.count >= 3, segments[0] == "crm", isDateVersion(segments[2]) else { return segments }
        let area = segments[1]
        let tail = Array(segments.dropFirst(3))
        let isV4 = area == "associations" || (area == "objects" && tail.count >= 3 && tail[2] == "associations")
        return ["crm", isV4 ? "v4" : "v3", area] + tail
    }

    private static func isDateVersion(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7, bytes[4] == UInt8(ascii: "-") else { return false }
        return bytes[0..<4].allSatisfy { $0 >= 48 && $0 <= 57 } && bytes[5..<7].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func v3(_ method: HTTPMethod, _ s: [String]) -> SandboxRoute? {
        guard let area = s.first else { return nil }
        let args = Array(s.dropFirst())
        switch (area, method, args.count) {
        case ("objects", .get, 1): return .list(args[0])
        case ("objects", .post, 1): return .create(args[0])
        case ("objects", .post, 2) where args[1] == "search": return .search(args[0])
        case ("objects", .post, 2) where args[1] == "gdpr-delete": return .gdprDelete(args[0])
        case ("objects", .get, 2): return .read(args[0], args[1])
        case ("objects", .patch, 2): return .update(args[0], args[1])
        case ("objects", .delete, 2): return .archive(args[0], args[1])
        case ("objects", .post, 3) where args[1] == "batch":
            return BatchOperation(rawValue: args[2]).map { .batch(args[0], $0) }
        case ("properties", .get, 1): return .properties(args[0])
        case ("properties", .get, 2): return .property(args[0], args[1])
        case ("properties", .post, 1): return .createProperty(args[0])
        case ("properties", .patch, 2): return .updateProperty(args[0], args[1])
        case ("properties", .delete, 2): return .archiveProperty(args[0], args[1])
        case ("pipelines", .get, 1): return .pipelines(args[0])
        case ("pipelines", .get, 2): return .pipeline(args[0], args[1])
        case ("owners", .get, 0): return .owners
        case ("owners", .get, 1): return .owner(args[0])
        case ("schemas", .get, 0): return .schemas
        case ("schemas", .get, 1): return .schema(args[0])
        case ("lists", .get, 0): return .listsByIDs
        case ("lists", .post, 1) where args[0] == "search": return .listSearch
        case ("lists", .get, 1): return .listByID(args[0])
        case ("lists", .get, 4) where args[0] == "object-type-id" && args[2] == "name":
            return .listByName(objectTypeId: args[1], name: args[3])
        case ("lists", .get, 2) where args[1] == "memberships": return .listMemberships(args[0])
        case ("lists", .get, 4) where args[0] == "records" && args[3] == "memberships":
            return .recordMemberships(objectTypeId: args[1], recordId: args[2])
        case ("lists", .post, 4) where args == ["records", "memberships", "batch", "read"]: return .recordMembershipsBatch
        case ("lists", .put, 3) where args[1] == "memberships" && (args[2] == "add" || args[2] == "remove"):
            return .listMembershipChange(args[0], adding: args[2] == "add")
        default: return nil
        }
    }

    private static func v4(_ method: HTTPMethod, _ s: [String]) -> SandboxRoute? {
        guard let area = s.first else { return nil }
        let a = Array(s.dropFirst())
        switch (area, method, a.count) {
        case ("objects", .get, 4) where a[2] == "associations":
            return .associationPage(from: a[0], id: a[1], to: a[3])
        case ("objects", .put, 6) where a[2] == "associations" && a[3] == "default":
            return .associationPutDefault(from: a[0], id: a[1], to: a[4], toId: a[5])
        case ("objects", .put, 5) where a[2] == "associations":
            return .associationPut(from: a[0], id: a[1], to: a[3], toId: a[4])
        case ("objects", .delete, 5) where a[2] == "associations":
            return .associationDelete(from: a[0], id: a[1], to: a[3], toId: a[4])
        case ("associations", .post, 4) where a[2] == "batch":
            return AssociationOperation(rawValue: a[3]).map { .associationBatch(from: a[0], to: a[1], $0) }
        case ("associations", .get, 3) where a[2] == "labels":
            return .associationLabels(from: a[0], to: a[1])
        default: return nil
        }
    }
}

/// Query-string access that accepts both list forms (`a=1&a=2`, `a=1,2`) and `true`/`True`.
struct QueryParameters: Sendable {
    private let items: [HubSpotRequest.QueryItem]

    init(_ items: [HubSpotRequest.QueryItem]) { self.items = items }

    func first(_ name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of a list parameter, split on commas, empty entries dropped.
    func list(_ name: String) -> [String]? {
        let raw = items.filter { $0.name == name }
        guard !raw.isEmpty else { return nil }
        return raw.flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    func bool(_ name: String) throws -> Bool {
        guard let value = first(name) else { return false }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default: throw SandboxError.validation("Query parameter \(name) must be true or false, not \(value).")
        }
    }

    func int(_ name: String) throws -> Int? {
        guard let value = first(name) else { return nil }
        guard let number = Int(value) else {
            throw SandboxError.validation("Query parameter \(name) must be an integer, not \(value).")
        }
        return number
    }
}
