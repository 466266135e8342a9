import Foundation
import Testing

/// `hql --demo` in a real pseudo-terminal (tmux): a multi-line statement with a property name
/// completed by Tab, history recalled with Up, a long query cancelled with Ctrl-C, Ctrl-D to
/// exit — checked on the screen and in the history file.
@Suite(.serialized) struct TerminalTests {
    /// The `hql` built next to the test bundle.
    static var hql: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hql")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests.path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/hql").path
    }

    struct Tmux {
        let socket = "hql-test-\(getpid())"
        let session = "hql"

        /// Runs a tmux command with posix_spawn and waitpid (Foundation's `Process` left the
        /// forking tmux client a zombie and never returned here); output goes through a file,
        /// because the tmux server that `new-session` forks would hold a pipe open forever.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(socket)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: output) }
            let status = Self.spawn(["tmux", "-L", socket] + arguments, output: output.path)
            guard status >= 0 else { throw CocoaError(.executableLoad) }
            return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }

        /// Exit status of `arguments` run with stdin from /dev/null and stdout to `output`.
        static func spawn(_ arguments: [String], output: String) -> Int32 {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return (status >> 8) & 0xff
        }

        func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
        /// Types `text` literally (tmux reads an argument ending in `;` as a command separator
        /// unless it is escaped).
        func type(_ text: String) throws {
            try run(["send-keys", "-t", session, "-l", text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text])
        }
        func screen() throws -> String { try run(["capture-pane", "-p", "-t", session, "-S", "-200"]) }
        var alive: Bool {
            Self.spawn(["tmux", "-L", socket, "has-session", "-t", session], output: "/dev/null") == 0
        }

        /// Polls the screen until `condition` holds (or `seconds` pass); returns the last screen.
        func waitFor(_ seconds: Double = 60, _ condition: (String) -> Bool) async throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if condition(last) { return last }
                try await Task.sleep(for: .milliseconds(100))
            }
            return last
        }
    }

    @Test func replInAPseudoTerminal() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hql-pty-\(getpid())")
        try? FileManager.default.removeItem(at: home)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let tmux = Tmux()
        defer { _ = try? tmux.run(["kill-server"]) }
        let command = "env -u HUBSPOT_ACCESS_TOKEN HQL_PAGER= HOME=\(home.path) XDG_DATA_HOME=\(home.path)/data TERM=xterm-256color \(Self.hql) --demo --search-rate 2"
        try tmux.run(["new-session", "-d", "-s", tmux.session, "-x", "160", "-y", "50", command])

        // capture-pane trims the prompt's trailing blank: "hql> " would never match.
        var screen = try await tmux.waitFor { $0.contains("hql>") }
        #expect(screen.contains("demo CRM"))

        // A statement over two lines; Tab completes the property of the object in scope.
        try tmux.type("SELECT email")
        try tmux.keys("Enter")
        // (capture-pane trims the prompts' trailing blanks)
        screen = try await tmux.waitFor(5) { $0.contains("...>") }
        #expect(screen.contains("...>"), "continuation prompt:\n\(screen)")
        try tmux.type("FROM contacts WHERE lifecyc")
        // Completion reads the properties of the demo portal, generated in the background: until
        // it is ready (a loaded machine, the whole suite beside it) Tab completes nothing, so
        // press it again until it does.
        let completing = Date().addingTimeInterval(240)
        repeat {
            try tmux.keys("Tab")
            screen = try await tmux.waitFor(5) { $0.contains("lifecyclestage") }
        } while !screen.contains("lifecyclestage") && Date() < completing
        try tmux.type("= 'lead' ORDER BY email LIMIT 2;")
        try tmux.keys("Enter")
        // The first statement waits for the demo portal, generated in the background: a debug
        // build on a loaded machine (the whole suite beside it) takes a while.
        screen = try await tmux.waitFor(240) { $0.contains("(2 rows)") }
        #expect(screen.contains("WHERE lifecyclestage = 'lead' ORDER BY email LIMIT 2;"), "completion:\n\(screen)")
        #expect(screen.contains("(2 rows)"), "result:\n\(screen)")

        // Up recalls the statement; Ctrl-C drops the line being edited.
        try tmux.keys("Up")
        screen = try await tmux.waitFor(5) { $0.split(separator: "\n").last?.contains("LIMIT 2;") == true }
        #expect(screen.split(separator: "\n").last?.contains("LIMIT 2;") == true, "history recall:\n\(screen)")
        try tmux.keys("C-c")

        // A long query (12,000 contacts, sorted on the client: 60 searches, 30 s at the 2 a
        // second this demo was started with, so it outlasts a loaded machine) cancelled with Ctrl-C.
        try tmux.type("SELECT email, createdate FROM contacts WHERE hs_object_id > 0 ORDER BY createdate DESC;")
        try tmux.keys("Enter")
        // Ctrl-C until the running statement reports it: under load the statement may start
        // after a first Ctrl-C, which the REPL ignores when nothing runs.
        for _ in 0..<60 {
            try await Task.sleep(for: .milliseconds(300))
            try tmux.keys("C-c")
            screen = try tmux.screen()
            if screen.contains("cancelled") || screen.contains("12,000 rows") { break }
        }
        screen = try await tmux.waitFor(20) { $0.contains("cancelled") }
        #expect(screen.contains("cancelled"), "cancel:\n\(screen)")
        screen = try await tmux.waitFor(10) { $0.split(separator: "\n").last?.hasPrefix("hql>") == true }
        #expect(screen.split(separator: "\n").last?.hasPrefix("hql>") == true, "prompt after cancel:\n\(screen)")

        // Ctrl-D exits; the history file holds the statements.
        try tmux.keys("C-d")
        let deadline = Date().addingTimeInterval(10)
        while tmux.alive, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!tmux.alive)
        // libedit writes entries vis(3)-encoded: \040 for a blank, \012 for a new line.
        let history = try String(contentsOf: home.appendingPathComponent("data/hql/history"), encoding: .utf8)
            .replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\012", with: "\n")
        #expect(history.contains("lifecyclestage = 'lead'"))
        #expect(history.contains("ORDER BY createdate DESC"))
    }

    /// `hql explain` and `hql fmt` are subcommands, not scripts named "explain" and "fmt"; and
    /// `hql explain --demo` plans against the same demo CRM (its snapshot day) as `hql --demo`.
    @Test func subcommandsAreNotTakenForScripts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hql-sub-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ arguments: [String]) -> (status: Int32, output: String) {
            let output = directory.appendingPathComponent(UUID().uuidString).path
            let status = Tmux.spawn(["env", "-u", "HUBSPOT_ACCESS_TOKEN", Self.hql] + arguments, output: output)
            return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
        func request(_ text: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("POST ") }.map(String.init)
        }
        let statement = "SELECT email FROM contacts WHERE createdate >= LAST 30 DAYS"
        let explained = run(["explain", "--demo", "-c", statement])
        #expect(explained.status == 0)
        let viaShell = run(["--demo", "--format", "tabs", "-c", "EXPLAIN " + statement])
        #expect(viaShell.status == 0)
        let body = try #require(request(explained.output))
        #expect(body.contains(#""operator":"GTE""#))
        #expect(request(viaShell.output) == body)
        // JSON is a JSON document (nothing before it), carrying its statement.
        let json = run(["explain", "--demo", "--format", "json", "-c", statement])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((document["statement"] as? String)?.hasPrefix("SELECT email") == true)
        #expect((document["requests"] as? [Any])?.count == 1)

        let script = directory.appendingPathComponent("messy.hql")
        try "select email from contacts where lifecyclestage='lead'".write(to: script, atomically: true, encoding: .utf8)
        let formatted = run(["fmt", script.path])
        #expect(formatted.status == 0)
        #expect(formatted.output.contains("WHERE lifecyclestage = 'lead'"))
    }

    /// `HQL_TRACE=<file>`: one line per HTTP attempt, as many as `--stats` counts, each with its
    /// kind, method, path, status and times — and nothing of the token, the query string or the
    /// body (a filter value must not leak into a trace handed to someone else).
    @Test func theRequestTraceHasALinePerRequestAndNoSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hql-trace-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("trace.tsv").path
        let output = directory.appendingPathComponent("out").path
        // Two search pages (LIMIT 300): the second carries an `after`.
        let statement = "SELECT email FROM contacts WHERE lifecyclestage = 'lead' OR firstname = 'Zebulon' LIMIT 300"
        let command = "HQL_TRACE='\(trace)' XDG_CACHE_HOME='\(directory.path)' HQL_NO_PROGRESS=1 '\(Self.hql)' --demo --stats "
            + "--format csv -c \"\(statement)\" 2>&1"
        #expect(Tmux.spawn(["sh", "-c", command], output: output) == 0)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let counted = try #require(printed.split(separator: "\n").last { $0.hasPrefix("-- ") }
            .flatMap { Int($0.dropFirst(3).prefix { $0.isNumber }) }, "\(printed)")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == counted, "\(lines)")
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 7, "\(line)")
            #expect(fields.count > 5 && Int(fields[5]) == 200, "\(line)")
            #expect(fields.count > 2 && (fields[2].hasPrefix("POST /crm/v3/") || fields[2].hasPrefix("GET /crm/v3/")), "\(line)")
        }
        // A search past its first page says which page: its `after`, an offset and not data.
        #expect(lines.contains { $0.contains("/search after ") }, "\(lines)")
        let text = lines.joined(separator: "\n")
        for secret in ["sandbox-token", "Bearer", "Zebulon", "lead", "?"] {
            #expect(!text.contains(secret), "the trace shows '\(secret)'")
        }
    }

    /// `-c` takes a value that starts with `-` (a statement opening with a `-- note` line), which
    /// ArgumentParser would otherwise read as a missing value; and a script saved with a UTF-8
    /// byte-order mark runs. One process each for `hql` and `hql explain`: the parsing is the
    /// binary's, so no unit test would show it.
    @Test func dashStartingCommandsAndByteOrderMarkedScriptsRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hql-dash-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("bom.hql")
        try Data([0xEF, 0xBB, 0xBF] + Array("SELECT email AS from_the_script FROM contacts ORDER BY email LIMIT 1;\n".utf8)).write(to: script)
        func run(_ arguments: [String]) -> (status: Int32, output: String) {
            let output = directory.appendingPathComponent(UUID().uuidString).path
            let status = Tmux.spawn(["env", "-u", "HUBSPOT_ACCESS_TOKEN", Self.hql] + arguments, output: output)
            return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
        let ran = run(["--demo", "--format", "list", "-c", "-- how many?\nSELECT COUNT(*) FROM contacts", "-c", "-1", script.path])
        // The second -c is a statement too (a syntax error): the status says so, and the others ran.
        #expect(ran.status == 65)
        #expect(ran.output.hasPrefix("count\n12000\n"), "\(ran.output)")
        #expect(ran.output.contains("from_the_script\n") && ran.output.contains("@"), "\(ran.output)")
        let explained = run(["explain", "--demo", "-c", "-- plan\nSELECT email FROM contacts WHERE lifecyclestage = 'lead'"])
        #expect(explained.status == 0)
        #expect(explained.output.contains("POST /crm/v3/objects/contacts/search"), "\(explained.output)")
    }
}
