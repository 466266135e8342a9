import Dispatch
import Foundation

/// A ``CompletionCatalog`` over a ``ShellBackend``, caching what it fetched. Completion runs on
/// the line editor's own thread (never a cooperative one), so a miss blocks it while the backend
/// answers, at most `timeout`; a name that does not answer in time completes to nothing and is
/// asked again on the next Tab.
public final class BackendCatalog: CompletionCatalog, @unchecked Sendable {
    private let backend: any ShellBackend
    private let timeout: DispatchTimeInterval
    private let lock = NSLock()
    private var objects: [String]?
    private var properties: [String: [String]] = [:]

    /// A catalog over `backend`.
    public init(backend: any ShellBackend, timeout: DispatchTimeInterval = .seconds(3)) {
        self.backend = backend
        self.timeout = timeout
    }

    public func objectNames() -> [String] {
        if let cached = lock.withLock({ objects }) { return cached }
        let backend = self.backend
        guard let names = fetch({ try await backend.objectNames() }) else { return [] }
        lock.withLock { objects = names }
        return names
    }

    public func propertyNames(of object: String) -> [String] {
        let key = object.lowercased()
        if let cached = lock.withLock({ properties[key] }) { return cached }
        let backend = self.backend
        guard let names = fetch({ try await backend.propertyNames(of: object) }) else { return [] }
        lock.withLock { properties[key] = names }
        return names
    }

    /// Forgets everything (after `.refresh` or `.connect`).
    public func invalidate() {
        lock.withLock {
            objects = nil
            properties = [:]
        }
    }

    /// Runs `work` and waits for it; nil on error or timeout. An unknown name is an error and is
    /// cached as empty by the caller only when the backend answered.
    private func fetch(_ work: @escaping @Sendable () async throws -> [String]) -> [String]? {
        let box = ResultBox()
        let semaphore = DispatchSemaphore(value: 0)
        let task = Task {
            box.value = (try? await work()) ?? []
            semaphore.signal()
        }
        guard semaphore.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return nil
        }
        return box.value
    }

    private final class ResultBox: @unchecked Sendable {
        // Written before the semaphore signals, read after the wait returns.
        var value: [String]?
    }
}
