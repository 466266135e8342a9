import HubSpotAPI

/// The portal as one read request sees it: taken inside the ``Sandbox`` actor when the request
/// is admitted, evaluated outside it. Searches, lists and reads therefore run side by side on
/// the cooperative pool instead of queueing behind the actor; counters, rate limits and faults
/// stay on the actor.
///
/// Taking one costs a few reference-count increments: `Portal` is built from copy-on-write
/// collections, and the snapshot shares their storage. The price moves to a write that lands
/// while a snapshot is still being read: it copies the collections it changes (the store's
/// records and indexes) instead of changing them in place.
struct PortalSnapshot: Sendable {
    let portal: Portal
    /// When the request was admitted: index lag is judged at this instant, as it was before the
    /// evaluation left the actor.
    let now: Int64
    let capabilities: SearchCapabilities
    let clock: any SandboxClock
    let coding: WireCoding
}

/// What a handler gives the pipeline: a finished reply (writes, computed on the actor), or a
/// read to evaluate outside it on a snapshot.
enum Work: Sendable {
    case done(Reply)
    case read(@Sendable () throws -> Reply)
}
