/// What the dot-commands change; `.show` prints it back as dot-commands.
public struct ShellSettings: Sendable, Equatable {
    /// `.mode`
    public var mode: OutputMode = .box
    /// `.headers`
    public var headers = true
    /// `.nullvalue`; nil means the mode's default.
    public var nullText: String?
    /// `.timer`: print each statement's elapsed time.
    public var timer = false
    /// `.stats`: print the backend's statistics after each result.
    public var stats = false
    /// `.bail`: stop at the first error.
    public var bail = false
    /// `.echo`: print each statement before running it.
    public var echo = false
    /// `.width`: maximum widths of table columns (0: automatic).
    public var columnWidths: [Int] = []
    /// `.pager`: results taller than the terminal go through the pager (interactive only).
    public var pager = true

    /// The defaults: box tables with headers, everything else off.
    public init() {}

    /// The settings as dot-commands that restore them.
    var asCommands: [String] {
        [
            ".bail \(bail ? "on" : "off")",
            ".echo \(echo ? "on" : "off")",
            ".headers \(headers ? "on" : "off")",
            ".mode \(mode.rawValue)",
            ".nullvalue " + (nullText.map(DotArguments.quoted) ?? "(mode default: \(DotArguments.quoted(mode.defaultNullText)))"),
            ".pager \(pager ? "on" : "off")",
            ".stats \(stats ? "on" : "off")",
            ".timer \(timer ? "on" : "off")",
            ".width" + columnWidths.map { " \($0)" }.joined(),
        ]
    }
}
