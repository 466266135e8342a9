import Foundation
import HubSpotAPI

/// The JSON coders every answer goes through, shared by the actor and the reads it hands out
/// (``PortalSnapshot``): never reconfigured after creation, so safe to use from any thread.
struct WireCoding: Sendable {
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    let decoder = JSONDecoder()

    func json<T: Encodable>(_ value: T) -> [UInt8] {
        (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
    }

    func reply<T: Encodable>(_ status: Int, _ value: T) -> Reply { Reply(status: status, body: json(value)) }

    /// Decodes a request body; a missing or malformed one is 400 `VALIDATION_ERROR`.
    func decode<T: Decodable>(_ type: T.Type, _ body: Data?) throws -> T {
        guard let body, !body.isEmpty else { throw SandboxError.validation("Request body is required.") }
        do {
            return try decoder.decode(type, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw SandboxError.badJSON("missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SandboxError.badJSON("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.dataCorrupted(context) {
            throw SandboxError.badJSON(context.debugDescription)
        } catch {
            throw SandboxError.badJSON(String(describing: error))
        }
    }
}
