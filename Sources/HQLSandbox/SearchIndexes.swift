import Synchronization

/// The property indexes of one index generation of an ``ObjectStore``, built lazily by the
/// searches that need them. Snapshots share it (a search runs outside the actor on an immutable
/// snapshot, so the cache is the one mutable thing they share, behind a lock); a store starts a
/// new one when its records move or too many were written (see ``ObjectStore/indexedCount``).
final class SearchIndexes: Sendable {
    private let built = Mutex<[Int: PropertyIndex]>([:])

    /// The index of `property`, built by `build` (outside the lock) the first time.
    func index(_ property: Int, build: () -> PropertyIndex) -> PropertyIndex {
        if let index = built.withLock({ $0[property] }) { return index }
        // Two searches may build the same index at once: both results are valid, the first stays.
        let index = build()
        return built.withLock { indexes in
            if let existing = indexes[property] { return existing }
            indexes[property] = index
            return index
        }
    }

    /// Drops every index (only when no snapshot shares this cache).
    func removeAll() {
        built.withLock { $0.removeAll() }
    }
}
