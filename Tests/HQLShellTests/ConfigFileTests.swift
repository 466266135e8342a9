import Testing
@testable import HQLShell

/// The optional configuration file: defaults, profiles over them, and what it refuses.
@Suite struct ConfigFileTests {
    let text = """
        # defaults
        format = csv
        timezone = Europe/Paris

        [profile staging]
        base-url = http://127.0.0.1:8080   # the local sandbox
        token-env = STAGING_TOKEN
        format = json
        """

    @Test func profilesOverrideDefaults() {
        let file = ConfigFile(text)
        #expect(file.problems.isEmpty)
        #expect(file.settings(profile: nil) == ["format": "csv", "timezone": "Europe/Paris"])
        #expect(file.settings(profile: "staging") == [
            "format": "json", "timezone": "Europe/Paris", "base-url": "http://127.0.0.1:8080", "token-env": "STAGING_TOKEN",
        ])
        #expect(file.settings(profile: "prod") == nil)
    }

    @Test func aTokenIsNeverReadFromTheFile() {
        let file = ConfigFile("token = pat-na1-secret\nbogus = 1\n[prod]\n", path: "cfg")
        #expect(file.settings(profile: nil) == [:])
        #expect(file.problems == [
            "cfg:1: unknown key 'token' (store the token in a variable and name it with token-env)",
            "cfg:2: unknown key 'bogus'",
            "cfg:3: expected [profile NAME]",
        ])
    }

    @Test func defaultPathFollowsXDG() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/hql/config")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/hql/config")
    }

    /// The command line's connection wins over the file's; the file fills only what is missing.
    @Test func connectionSettingsTakeTheFileOnlyForWhatIsMissing() throws {
        var named = ConnectionSettings(baseURL: "http://127.0.0.1:1", searchRate: 7)
        named.apply(["demo": "true", "search-rate": "2", "rate-limit": "50", "timezone": "Europe/Paris"])
        #expect(named.baseURL == "http://127.0.0.1:1" && !named.demo)
        #expect(named.searchRate == 7 && named.rateLimit == 50 && named.timezone == "Europe/Paris")
        var unnamed = ConnectionSettings()
        unnamed.apply(["demo": "true"])
        #expect(unnamed.demo)
        // Scripts never fall back to the demo CRM: no connection named, no session.
        #expect(try ConnectionSettings(token: "").session(allowDemoFallback: false) == nil)
        #expect(throws: (any Error).self) { try ConnectionSettings(demo: true, timezone: "Mars/Olympus").session(allowDemoFallback: false) }
    }
}
