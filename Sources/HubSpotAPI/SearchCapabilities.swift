/// HubSpot's API limits, as one value shared by the planner (which never plans a request over
/// them) and the sandbox (which rejects such a request as HubSpot does).
///
/// The filter limits changed across HubSpot's documentation revisions (3×3, 5×10/25, now 5×6/18),
/// so they are settings; ``hubSpot`` holds the current documented numbers.
public struct SearchCapabilities: Sendable, Hashable, Codable {
    /// Filter groups per search (OR-ed).
    public var maxFilterGroups: Int
    /// Filters in one group (AND-ed).
    public var maxFiltersPerGroup: Int
    /// Filters across all groups of one search.
    public var maxFiltersTotal: Int
    /// Values in one `IN` / `NOT_IN` filter.
    public var maxValuesPerFilter: Int
    /// Largest search `limit`.
    public var maxSearchPageSize: Int
    /// Results one search can reach by paging (`after` + `limit` may not pass it).
    public var searchResultCeiling: Int
    /// Sort rules per search.
    public var maxSorts: Int
    /// Characters in the full-text `query`.
    public var maxQueryLength: Int
    /// Largest `limit` of the list endpoint.
    public var maxListPageSize: Int
    /// Inputs per objects batch call (read, create, update, upsert, archive).
    public var maxBatchInputs: Int
    /// Inputs per v4 associations batch read.
    public var maxAssociationBatchReadInputs: Int
    /// Inputs per v4 associations batch create.
    public var maxAssociationBatchCreateInputs: Int
    /// Largest page of the v4 per-record associations endpoint.
    public var maxAssociationPageSize: Int
    /// Records a read returns with `propertiesWithHistory`: HubSpot documents 50 for the list
    /// endpoint; HQL's batch reads of histories send no more either (choice: the batch read's
    /// own figure is not documented).
    public var maxHistoryReadInputs: Int = 50

    /// HubSpot's limits as currently documented.
    public static let hubSpot = SearchCapabilities(
        maxFilterGroups: 5, maxFiltersPerGroup: 6, maxFiltersTotal: 18, maxValuesPerFilter: 100,
        maxSearchPageSize: 200, searchResultCeiling: 10_000, maxSorts: 1, maxQueryLength: 3_000,
        maxListPageSize: 100, maxBatchInputs: 100, maxAssociationBatchReadInputs: 1_000,
        maxAssociationBatchCreateInputs: 2_000, maxAssociationPageSize: 500
    )

    /// Creates a set of limits.
    public init(
        maxFilterGroups: Int, maxFiltersPerGroup: Int, maxFiltersTotal: Int, maxValuesPerFilter: Int,
        maxSearchPageSize: Int, searchResultCeiling: Int, maxSorts: Int, maxQueryLength: Int,
        maxListPageSize: Int, maxBatchInputs: Int, maxAssociationBatchReadInputs: Int,
        maxAssociationBatchCreateInputs: Int, maxAssociationPageSize: Int
    ) {
        self.maxFilterGroups = maxFilterGroups
        self.maxFiltersPerGroup = maxFiltersPerGroup
        self.maxFiltersTotal = maxFiltersTotal
        self.maxValuesPerFilter = maxValuesPerFilter
        self.maxSearchPageSize = maxSearchPageSize
        self.searchResultCeiling = searchResultCeiling
        self.maxSorts = maxSorts
        self.maxQueryLength = maxQueryLength
        self.maxListPageSize = maxListPageSize
        self.maxBatchInputs = maxBatchInputs
        self.maxAssociationBatchReadInputs = maxAssociationBatchReadInputs
        self.maxAssociationBatchCreateInputs = maxAssociationBatchCreateInputs
        self.maxAssociationPageSize = maxAssociationPageSize
    }
}
