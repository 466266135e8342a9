/// A problem the shell itself reports (a bad dot-command argument, an unreadable file), printed
/// as `error: message`.
public struct ShellError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message, without the `error: ` prefix.
    public let message: String
    /// The exit status it causes.
    public let status: ExitStatus

    /// A shell error; `status` defaults to a usage error.
    public init(_ message: String, status: ExitStatus = .usage) {
        self.message = message
        self.status = status
    }

    public var description: String { message }
}

/// An error that knows which exit status it means. Backend errors adopt it; any other error
/// counts as a query error (65).
public protocol ExitStatusReporting: Error {
    /// The exit status the shell returns after this error.
    var exitStatus: ExitStatus { get }
}

extension ShellError: ExitStatusReporting {
    public var exitStatus: ExitStatus { status }
}
