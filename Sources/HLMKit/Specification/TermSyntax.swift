/// The written forms of a term list: what separates terms and how centering is written.
struct TermSyntax {
    /// `+` between equation terms, `,` in variance-predictor lists.
    var separator: Character
    /// `group(X)` / `grand(X)` (command line).
    var allowsFunctions: Bool
    /// `X,1` / `X,2` (HLM command file).
    var allowsCenteringCodes: Bool
    /// HLM's `/` that may end a command-file equation.
    var terminator: Character?

    /// `--model` equations.
    static let commandLine = TermSyntax(separator: "+", allowsFunctions: true, allowsCenteringCodes: false)
    /// `--sigma2` lists.
    static let commandLineList = TermSyntax(separator: ",", allowsFunctions: true, allowsCenteringCodes: false)
    /// `level1:` / `level2:` lines.
    static let commandFile = TermSyntax(separator: "+", allowsFunctions: false, allowsCenteringCodes: true,
                                        terminator: "/")
    /// `heterol1var:` lists (names only).
    static let commandFileList = TermSyntax(separator: ",", allowsFunctions: false, allowsCenteringCodes: false)

    init(separator: Character, allowsFunctions: Bool, allowsCenteringCodes: Bool, terminator: Character? = nil) {
        self.separator = separator
        self.allowsFunctions = allowsFunctions
        self.allowsCenteringCodes = allowsCenteringCodes
        self.terminator = terminator
    }
}
