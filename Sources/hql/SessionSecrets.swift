import Synchronization

/// The tokens this `hql` process has connected with (at start-up and through `.connect`), so
/// the line editor's history masks them by exact value. `Connection` keeps its token to itself;
/// the command line is where the token is still at hand.
final class SessionSecrets: Sendable {
    /// The process's one set: `Terminal.lineSource` builds the editor without other context.
    static let shared = SessionSecrets()

    private let tokens = Mutex<[String]>([])

    /// Remembers a token (nothing for nil or empty).
    func add(_ token: String?) {
        guard let token, !token.isEmpty else { return }
        tokens.withLock { if !$0.contains(token) { $0.append(token) } }
    }

    /// Every token seen so far.
    var all: [String] { tokens.withLock { $0 } }
}
