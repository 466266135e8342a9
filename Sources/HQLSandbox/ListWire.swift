import HubSpotAPI

/// Lists API v3 bodies, as HubSpot's OpenAPI description names them.
struct ListWire: Sendable, Codable, Hashable {
    var listId: String
    var listVersion: Int
    var name: String
    var objectTypeId: String
    var processingType: String
    var processingStatus: String
    var createdAt: String
    var updatedAt: String
    var filtersUpdatedAt: String
    var createdById: String
    var updatedById: String
    var size: Int?
    var additionalProperties: [String: String]?
    var filterBranch: FilterBranch?

    /// A DYNAMIC list's filters in HubSpot's shape: an OR of ANDs of property filters.
    struct FilterBranch: Sendable, Codable, Hashable {
        var filterBranchType: String
        var filterBranchOperator: String
        var filterBranches: [FilterBranch]
        var filters: [PropertyFilter]
    }

    struct PropertyFilter: Sendable, Codable, Hashable {
        var filterType = "PROPERTY"
        var property: String
        var operation: Operation
    }

    struct Operation: Sendable, Codable, Hashable {
        var operationType: String
        var `operator`: String
        var value: String?
        var values: [String]?
    }
}

struct ListEnvelope: Sendable, Codable, Hashable { var list: ListWire }
struct ListsEnvelope: Sendable, Codable, Hashable { var lists: [ListWire] }

struct ListSearchRequest: Sendable, Codable, Hashable {
    var query: String?
    var offset: Int?
    var count: Int?
    var processingTypes: [String]?
    var listIds: [String]?
    var objectTypeId: String?
    var additionalProperties: [String]?
}

struct ListSearchResponse: Sendable, Codable, Hashable {
    var lists: [ListWire]
    var offset: Int
    var hasMore: Bool
    var total: Int
}

struct ListMembership: Sendable, Codable, Hashable {
    var recordId: String
    var membershipTimestamp: String
}

struct ListMembershipPage: Sendable, Codable, Hashable {
    var results: [ListMembership]
    var paging: Paging?
    var total: Int
}

struct ListMembershipChange: Sendable, Codable, Hashable {
    var recordIdsAdded: [String]?
    var recordIdsRemoved: [String]?
    var recordIdsMissing: [String]
}
