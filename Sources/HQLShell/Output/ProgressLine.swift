import Foundation
import HQL

/// A progress line on standard error while a long query streams (rows so far of the expected
/// total, requests, windows, 429 waits), cleared when the result prints. Only on a terminal,
/// and only after the query has run for a second, so short queries never flicker.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var started: Date?
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var waiting: String?
    private var waitingSince = Date()

    private let width: @Sendable () -> Int?

    private init(width: @escaping @Sendable () -> Int?) {
        self.width = width
    }

    /// A progress line when standard error is a terminal (and `HQL_NO_PROGRESS` is not set);
    /// `width` gives the terminal's columns.
    public static func make(width: @escaping @Sendable () -> Int?) -> ProgressLine? {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["HQL_NO_PROGRESS"] == nil ? ProgressLine(width: width) : nil
    }

    /// Redraws the line (at most five times a second, after the first second).
    public func update(_ statistics: ExecutionStatistics) {
        lock.withLock {
            let now = Date()
            guard let started else {
                self.started = now
                return
            }
            guard now.timeIntervalSince(started) > 1, now.timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = now
            drawn = true
            let rows = statistics.records.formatted()
            let expected = statistics.expectedRecords.map { " / \($0.formatted())" } ?? ""
            var text = "\r\u{1B}[2K… \(rows)\(expected) records · \(statistics.totalRequests) requests · \(statistics.windows) windows · \(statistics.rateLimited) × 429"
            // What it waits for, once that has lasted a second (every request waits a little).
            if let waiting = statistics.waitingFor {
                if waiting != self.waiting { (self.waiting, waitingSince) = (waiting, now) }
                let seconds = Int(now.timeIntervalSince(waitingSince))
                if seconds >= 1 { text += " · waiting \(seconds) s for \(waiting)" }
            } else {
                self.waiting = nil
            }
            // "\r\u{1B}[2K" is 5 characters that take no column; one line, or \r clears only the last.
            if let columns = width(), columns > 10, text.count > columns + 4 { text = String(text.prefix(columns + 4)) + "…" }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Erases the line.
    public func clear() {
        lock.withLock {
            started = nil
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            drawn = false
        }
    }
}
