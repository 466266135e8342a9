/// `hql`'s exit codes, from sysexits(3) as psql and the jlox driver use them.
public enum ExitStatus: Int32, Sendable {
    /// Everything ran.
    case ok = 0
    /// The command line was wrong, or a named file could not be read.
    case usage = 64
    /// A statement had a syntax or binding error, or HubSpot rejected it.
    case queryError = 65
    /// HubSpot (or the endpoint) could not be reached.
    case serviceUnavailable = 69
    /// A bug in hql.
    case `internal` = 70
    /// Rate limited or a temporary failure that outlasted the retries.
    case temporaryFailure = 75
}
