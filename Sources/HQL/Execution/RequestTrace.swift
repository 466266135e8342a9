import Foundation
import Synchronization

/// `HQL_TRACE=<file>`: one line per HTTP attempt appended to the file — milliseconds since the
/// process's first request, kind, method and path (never the query string, the body or a
/// header: no token, no data), the attempt, how long it waited for the rate budget, its status
/// and its round trip. For finding which call a slow statement waits on; off when unset.
final class RequestTrace: Sendable {
    static let shared: RequestTrace? = ProcessInfo.processInfo.environment["HQL_TRACE"].flatMap { path in
        path.isEmpty ? nil : RequestTrace(path: path)
    }

    private let handle: Mutex<FileHandle?>
    private let origin = DispatchTime.now().uptimeNanoseconds

    private init?(path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        }
        guard let file = FileHandle(forWritingAtPath: path) else { return nil }
        file.seekToEndOfFile()
        handle = Mutex(file)
    }

    /// Milliseconds since the trace began.
    var now: Int64 { Int64((DispatchTime.now().uptimeNanoseconds - origin) / 1_000_000) }

    func record(started: Int64, kind: String, call: String, attempt: Int, waited: Int64, status: String) {
        let line = "\(started)\t\(kind)\t\(call)\t#\(attempt)\twait \(waited)\t\(status)\t\(now - started - waited) ms\n"
        handle.withLock { $0?.write(Data(line.utf8)) }
    }
}
