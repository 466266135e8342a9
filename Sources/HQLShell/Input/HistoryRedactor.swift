/// Hides secrets before an entry reaches the history file, which sits unencrypted in the home
/// folder: HubSpot private-app tokens (`pat-na1-…`), `Bearer …`, the value after `--token`,
/// `token=`/`password=`-style settings, and long hex or base64-looking strings. Each becomes
/// `<redacted>`; the rest of the entry stays, so it can still be recalled and edited.
public enum HistoryRedactor {
    /// What replaces a secret.
    public static let mask = "<redacted>"

    /// `entry` with anything that looks like a credential replaced by ``mask``.
    public static func redact(_ entry: String) -> String {
        var text = entry
        // After a marker word, the next token is the secret whatever it looks like.
        text = text.replacing(/(?i)(\bbearer\s+)[^\s'";]+/) { "\($0.output.1)\(mask)" }
        text = text.replacing(/(?i)(--(?:access-|api-|private-app-)?token(?:\s+|=))(?:'[^']*'|"[^"]*"|[^\s'";]+)/) {
            "\($0.output.1)\(mask)"
        }
        text = text.replacing(
            /(?i)(\b(?:access_?token|api_?key|apikey|token|secret|password|passwd)\s*[=:]\s*'?)[^\s'";&]+/
        ) { "\($0.output.1)\(mask)" }
        // HubSpot private-app and personal access keys: pat-<region>-<uuid>.
        text = text.replacing(/(?i)\bpat-[a-z]{2,4}\d*-[0-9a-f-]{8,}/) { _ in mask }
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
