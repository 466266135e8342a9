import Foundation

extension Row {
    /// The row as a `Decodable` value, keyed by column name: numbers decode as any numeric type,
    /// instants as `Date` (or their ISO-8601 text), NULL as `nil`.
    ///
    /// ```swift
    /// struct Lead: Decodable { let email: String; let createdate: Date }
    /// let lead = try row.decode(Lead.self)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var object: [String: Any] = [:]
        for (name, value) in zip(columns.names, values) {
            object[name] = value.jsonObject ?? NSNull()
        }
        let data = try JSONSerialization.data(withJSONObject: object)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let milliseconds = ISO8601Milliseconds.parse(text) ?? TimeResolver.midnightUTC(text) {
                return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 instant: \(text)")
        }
        return try decoder.decode(T.self, from: data)
    }
}
