/// Hides secrets before an entry reaches the history file, which sits unencrypted in the home
/// folder: the session's own tokens by exact value wherever they appear (string literals,
/// `.print`, anything), HubSpot private-app and personal access keys (`pat-na1-…`, whatever
/// follows the region), OAuth access tokens (`CJ…`, 40 or more base64url characters), `Bearer …`,
/// the value after `--token`, `token=`/`password=`-style settings, and long hex or base64-looking
/// runs. Each becomes `<redacted>`; the rest of the entry stays, so it can still be recalled and
/// edited.
public enum HistoryRedactor {
    /// What replaces a secret.
    public static let mask = "<redacted>"

    /// Exact secrets shorter than this are not searched for: no real token is that short, and
    /// masking a short word everywhere would mangle ordinary statements.
    public static let minimumSecretLength = 8

    /// `entry` with `secrets` (the session's tokens) and anything that looks like a credential
    /// replaced by ``mask``.
    public static func redact(_ entry: String, secrets: [String] = []) -> String {
        var text = entry
        // Exact values first, before a pattern masks part of one and leaves the rest.
        for secret in secrets.filter({ $0.count >= minimumSecretLength }).sorted(by: { $0.count > $1.count }) {
            text = text.replacing(secret, with: mask)
        }
        // After a marker word, the next token is the secret whatever it looks like.
        text = text.replacing(/(?i)(\bbearer\s+)[^\s'";]+/) { "\($0.output.1)\(mask)" }
        text = text.replacing(/(?i)(--(?:access-|api-|private-app-)?token(?:\s+|=))(?:'[^']*'|"[^"]*"|[^\s'";]+)/) {
            "\($0.output.1)\(mask)"
        }
        text = text.replacing(
            /(?i)(\b(?:access_?token|api_?key|apikey|token|secret|password|passwd)\s*[=:]\s*'?)[^\s'";&]+/
        ) { "\($0.output.1)\(mask)" }
        // HubSpot private-app and personal access keys: pat-<region>-, then anything up to a
        // space, quote or separator (usually a UUID, but the shape is not promised).
        text = text.replacing(/(?i)\bpat-[a-z]{2,4}\d*-[^\s'"`;,()]+/) { _ in mask }
        // HubSpot OAuth access tokens: base64url starting with CJ, from ~40 characters on.
        text = text.replacing(/\bCJ[A-Za-z0-9_\-+\/]{38,}={0,2}/) { _ in mask }
        // Long opaque strings: hex of 32+, or base64-ish of 32+ mixing upper, lower and digits
        // (property names are lower case with underscores and stay).
        text = text.replacing(/[A-Za-z0-9+\/_\-]{32,}={0,2}/) { match in
            looksSecret(String(match.output)) ? mask : String(match.output)
        }
        return text
    }

    private static func looksSecret(_ word: String) -> Bool {
        if word.contains(mask) { return false }
        let hasDigit = word.contains { $0.isASCII && $0.isNumber }
        let isHex = word.allSatisfy { $0.isHexDigit }
        if isHex, hasDigit { return true }
        let hasUpper = word.contains { $0.isASCII && $0.isUppercase }
        let hasLower = word.contains { $0.isASCII && $0.isLowercase }
        return hasDigit && hasUpper && hasLower
    }
}
