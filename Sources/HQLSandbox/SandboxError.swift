import HubSpotAPI

/// A HubSpot error answer, thrown by handlers and turned into the error body at the edge.
struct SandboxError: Error, Sendable {
    var status: Int
    var category: String
    var message: String
    var subCategory: String?
    var errors: [ErrorDetail]?
    var context: [String: [String]]?

    static func validation(_ message: String, errors: [ErrorDetail]? = nil, subCategory: String? = nil) -> SandboxError {
        SandboxError(status: 400, category: "VALIDATION_ERROR", message: message, subCategory: subCategory, errors: errors)
    }

    static func notFound(_ message: String, context: [String: [String]]? = nil) -> SandboxError {
        SandboxError(status: 404, category: "OBJECT_NOT_FOUND", message: message, context: context)
    }

    static func conflict(_ message: String) -> SandboxError {
        SandboxError(status: 409, category: "CONFLICT", message: message)
    }

    static func unknownType(_ name: String) -> SandboxError {
        notFound("Unable to infer object type from: \(name)")
    }

    static func unknownPath(_ method: HTTPMethod, _ path: String) -> SandboxError {
        notFound("No API endpoint at \(method.rawValue) \(path)")
    }

    static func badJSON(_ detail: String) -> SandboxError {
        validation("Invalid input JSON: \(detail)")
    }

    /// 413 for a body over the limit (a sandbox choice: HubSpot documents no answer for it).
    static func payloadTooLarge(limit: Int) -> SandboxError {
        SandboxError(
            status: 413, category: "VALIDATION_ERROR",
            message: "The request body is larger than the \(limit) bytes allowed.", subCategory: "PAYLOAD_TOO_LARGE")
    }
}

/// A successful handler answer.
struct Reply: Sendable {
    var status: Int
    var body: [UInt8]?
}
