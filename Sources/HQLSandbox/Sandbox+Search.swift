import Foundation
import HubSpotAPI

/// `POST /crm/v3/objects/{type}/search`: admitted on the actor, evaluated on a snapshot outside it.
extension Sandbox {
    func search(type typeIndex: Int, body: Data?) -> Work {
        let snapshot = self.snapshot
        return .read { try snapshot.search(type: typeIndex, body: body) }
    }

    /// Runs a search directly (no HTTP shape, no rate limits): for benchmarks and tests. Like a
    /// search request, it is evaluated outside the actor, so calls run in parallel.
    public nonisolated func search(_ request: SearchRequest, objectType: String) async throws -> ObjectPage {
        let (snapshot, typeIndex) = try await snapshot(of: objectType)
        return try await Self.offActor { try snapshot.search(request, type: typeIndex) }
    }

    private func snapshot(of objectType: String) throws -> (PortalSnapshot, Int) {
        (snapshot, try typeIndex(objectType))
    }
}
