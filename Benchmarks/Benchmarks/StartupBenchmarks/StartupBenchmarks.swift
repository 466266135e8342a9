import Benchmark
import Foundation

/// `hql --demo` from exec to its first prompt: the process starts, parses its flags, opens the
/// session on the demo CRM (whose portal generates in the background) and reaches the read
/// loop; with standard input at end of file it then exits, so the time measured is start-up
/// (plus an exit). Aim: under 300 ms in a release build.
///
/// Needs the release `hql`: `swift build -c release --product hql` (`make benchmarks` does it),
/// or `HQL_BINARY=/path`.
let benchmarks: @Sendable () -> Void = {
    let binary = ProcessInfo.processInfo.environment["HQL_BINARY"] ?? "../.build/release/hql"
    Benchmark(
        "hql --demo start-up to the first prompt",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 30)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(spawn([binary, "--demo"]))
        }
    }
}

/// Runs `arguments` with stdin, stdout and stderr on /dev/null; returns its exit status.
func spawn(_ arguments: [String]) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    return status
}
