/// HubSpot's error body:
/// `{"status": "error", "message", "correlationId", "category", "subCategory"?, "errors"?, "context"?}`,
/// and the rolling-limit 429's `errorType` and `policyName`. Every field is optional when reading.
public struct HubSpotErrorBody: Sendable, Hashable, Codable {
    /// `error`.
    public var status: String?
    /// What went wrong.
    public var message: String?
    /// Equal to the `X-HubSpot-Correlation-Id` header.
    public var correlationId: String?
    /// `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `CONFLICT`, `RATE_LIMITS`, `INVALID_AUTHENTICATION`, `MISSING_SCOPES`.
    public var category: String?
    /// A finer category.
    public var subCategory: String?
    /// Per-field details.
    public var errors: [ErrorDetail]?
    /// Details by name.
    public var context: [String: [String]]?
    /// `RATE_LIMIT` in the rolling-limit 429.
    public var errorType: String?
    /// `TEN_SECONDLY_ROLLING` or `DAILY` in the rolling-limit 429.
    public var policyName: String?

    /// Creates a body.
    public init(
        status: String? = "error", message: String? = nil, correlationId: String? = nil, category: String? = nil,
        subCategory: String? = nil, errors: [ErrorDetail]? = nil, context: [String: [String]]? = nil,
        errorType: String? = nil, policyName: String? = nil
    ) {
        self.status = status
        self.message = message
        self.correlationId = correlationId
        self.category = category
        self.subCategory = subCategory
        self.errors = errors
        self.context = context
        self.errorType = errorType
        self.policyName = policyName
    }
}

/// One entry of an error body's `errors`.
public struct ErrorDetail: Sendable, Hashable, Codable {
    /// What went wrong.
    public var message: String
    /// A code (`INVALID_OPTION`, `READ_ONLY_VALUE`, …).
    public var code: String?
    /// Details by name (`propertyName: ["email"]`).
    public var context: [String: [String]]?
    /// Creates a detail.
    public init(message: String, code: String? = nil, context: [String: [String]]? = nil) {
        self.message = message
        self.code = code
        self.context = context
    }
}
