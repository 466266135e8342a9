import Crypto
import Foundation

/// Where a session keeps what it has read of a portal's schema between processes, so a
/// statement in a fresh `hql` costs only its own requests (a `COUNT(*)`: 1 instead of 2).
///
/// One file a connection, named by a SHA-256 digest of its endpoint and token: the token is
/// never stored, and another token (another portal) never reads this portal's schema. A file
/// older than ``maxAge`` is not read. A name that is unknown to a schema read from the cache
/// makes the session read that part again from HubSpot and bind once more (a property created
/// since), so a stale cache costs a request, never a wrong "unknown property".
public struct SchemaCache: Sendable {
    /// The folder of the cache files.
    public let directory: URL
    /// How long a file is trusted; `.zero` reads nothing (and still writes: `--refresh-schema`).
    public let maxAge: Duration

    /// A cache in `directory`.
    public init(directory: URL, maxAge: Duration = .seconds(24 * 3_600)) {
        self.directory = directory
        self.maxAge = maxAge
    }

    /// `$XDG_CACHE_HOME/hql/schema`, else `~/.cache/hql/schema`.
    public static func standard(maxAge: Duration = .seconds(24 * 3_600)) -> SchemaCache {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return SchemaCache(directory: base.appendingPathComponent("hql/schema"), maxAge: maxAge)
    }

    func file(for connection: Connection) -> URL {
        let digest = SHA256.hash(data: Data((connection.endpoint + "\n" + connection.token).utf8))
        return directory.appendingPathComponent(digest.map { String(format: "%02x", $0) }.joined() + ".json")
    }

    /// The cached schema, if there is a file young enough.
    func read(for connection: Connection) -> SchemaCatalog? {
        let url = file(for: connection)
        guard maxAge > .zero,
              let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let modified = attributes[.modificationDate] as? Date,
              Date().timeIntervalSince(modified) < Double(maxAge.components.seconds),
              let data = try? Data(contentsOf: url),
              var catalog = try? JSONDecoder().decode(SchemaCatalog.self, from: data) else { return nil }
        catalog.fromCache = true
        return catalog
    }

    /// Writes `catalog` atomically, readable by the user only; a failure to write costs only
    /// the next process a request, so it is ignored.
    func write(_ catalog: SchemaCatalog, for connection: Connection) {
        var stored = catalog
        stored.fromCache = false
        guard let data = try? JSONEncoder().encode(stored) else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let url = file(for: connection)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }
}
