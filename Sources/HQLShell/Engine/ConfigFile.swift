import Foundation

/// `hql`'s optional configuration file: defaults and named profiles, in
/// `$XDG_CONFIG_HOME/hql/config` (default `~/.config/hql/config`).
///
/// ```ini
/// # defaults for every run
/// format = table
/// timezone = Europe/Paris
///
/// [profile staging]
/// base-url = http://127.0.0.1:8080
/// token-env = STAGING_HUBSPOT_TOKEN   # the token is read from this variable, never stored here
/// search-rate = 5
/// rate-limit = 190
/// ```
///
/// Keys are the long command-line options; the command line wins over the file. A token is never
/// read from the file itself (`token-env` names the variable holding it), so the file can be shared.
public struct ConfigFile: Sendable, Equatable {
    /// Settings outside any section.
    public var defaults: [String: String] = [:]
    /// Settings by profile name.
    public var profiles: [String: [String: String]] = [:]

    /// The keys a file may set.
    public static let keys: Set<String> = ["format", "timezone", "base-url", "token-env", "search-rate", "rate-limit", "demo", "stats"]

    /// Problems found (unknown keys, malformed lines), as `path:line: message`.
    public var problems: [String] = []

    /// Parses `text`; `path` names it in problems.
    public init(_ text: String, path: String = "config") {
        var section: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let words = line.dropFirst().dropLast().split(separator: " ").map(String.init)
                guard words.count == 2, words[0] == "profile" else {
                    problems.append("\(path):\(number + 1): expected [profile NAME]")
                    section = nil
                    continue
                }
                section = words[1]
                profiles[words[1], default: [:]] = profiles[words[1]] ?? [:]
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                problems.append("\(path):\(number + 1): expected key = value")
                continue
            }
            guard Self.keys.contains(parts[0]) else {
                let hint = parts[0] == "token" ? " (store the token in a variable and name it with token-env)" : ""
                problems.append("\(path):\(number + 1): unknown key '\(parts[0])'\(hint)")
                continue
            }
            if let section { profiles[section]?[parts[0]] = parts[1] } else { defaults[parts[0]] = parts[1] }
        }
    }

    /// The defaults with `profile`'s settings over them; nil when there is no such profile.
    public func settings(profile: String?) -> [String: String]? {
        guard let profile else { return defaults }
        guard let overrides = profiles[profile] else { return nil }
        return defaults.merging(overrides) { _, new in new }
    }

    /// Where the file lives.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") { return base + "/hql/config" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/hql/config"
    }
}
