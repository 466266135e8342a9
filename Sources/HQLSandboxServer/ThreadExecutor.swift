import Foundation

/// One thread of its own that runs, one after another, the jobs of tasks that prefer it
/// (`withTaskExecutorPreference`, SE-0417). `Sandbox` is a default actor, so the preference
/// carries into it: a server whose tasks prefer this executor accepts, reads, answers and
/// computes without the cooperative pool. That matters when the server shares its process with
/// a busy client — the test suite keeps the pool's two threads busy for seconds at a time, and
/// an in-process server then left loopback clients without an answer past their idle limit.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts the thread.
    public init(name: String = "sandbox") {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let accepted = condition.withLock {
            guard !stopped else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }
        // A job that arrives after `stop()` (a late continuation) still runs, on a Dispatch thread.
        if !accepted {
            let executor = asUnownedTaskExecutor()
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
        }
    }

    /// Lets the thread end once the jobs already queued have run.
    public func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    private func run() {
        while true {
            let next: UnownedJob? = condition.withLock {
                while jobs.isEmpty && !stopped { condition.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let next else { return }
            next.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
