/// Request counts by endpoint kind and status, served by `GET /__sandbox/stats`.
public struct RequestStats: Sendable, Hashable, Codable {
    /// All requests counted (admin requests are not).
    public var total = 0
    /// Counts by status code.
    public var byStatus: [String: Int] = [:]
    /// Counts by endpoint kind (`search`, `objects.list`, `associations.batch.read`, …), then status.
    public var byKind: [String: [String: Int]] = [:]
    /// Dropped connections (faults without a status).
    public var droppedConnections = 0

    /// Empty counts.
    public init() {}

    mutating func record(kind: String, status: Int?) {
        total += 1
        guard let status else {
            droppedConnections += 1
            byKind[kind, default: [:]]["dropped", default: 0] += 1
            return
        }
        byStatus[String(status), default: 0] += 1
        byKind[kind, default: [:]][String(status), default: 0] += 1
    }
}
