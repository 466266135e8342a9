import Foundation
import HubSpotAPI

/// The admin endpoints under `/__sandbox/`, a prefix HubSpot never uses.
extension Sandbox {
    /// `GET /__sandbox/stats`, `POST /__sandbox/stats/reset` and `GET /__sandbox/dump` (the live
    /// portal as `--dump` writes it); never authenticated or counted.
    func admin(_ request: HubSpotRequest) -> HubSpotResponse {
        let headers = ["Content-Type": "application/json;charset=utf-8"]
        switch (request.method, request.path) {
        case (.get, "/__sandbox/stats"):
            // A separate encoder: the shared one is used by reads off the actor and never changes.
            let sorted = JSONEncoder()
            sorted.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return HubSpotResponse(status: 200, headers: headers, body: (try? sorted.encode(currentStats())) ?? Data("{}".utf8))
        case (.get, "/__sandbox/dump"):
            // The live portal in the `--dump` shape: tests compare states through it.
            let sorted = JSONEncoder()
            sorted.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return HubSpotResponse(status: 200, headers: headers, body: (try? PortalDump(portal).jsonData()) ?? Data("{}".utf8))
        case (.post, "/__sandbox/stats/reset"):
            resetStats()
            return HubSpotResponse(status: 200, headers: headers, body: Data(json(RequestStats())))
        default:
            return HubSpotResponse(status: 404, headers: headers, body: Data(json(HubSpotErrorBody(
                message: "Unknown sandbox admin endpoint \(request.method.rawValue) \(request.path)",
                category: "OBJECT_NOT_FOUND"))))
        }
    }
}
