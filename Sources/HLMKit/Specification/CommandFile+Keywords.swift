extension CommandFile {
    /// Keywords whose values we use.
    static let supportedKeywords: Set<String> = [
        "level1", "level2", "heterol1var", "mlf", "numit", "stopval", "title", "output", "fulloutput",
        "homvar", "resfil1", "resfil2", "resfil1name", "resfil2name", "hypoth", "deviance", "df",
        "nonlin", "fixsigma2", "macroit", "microit", "stopmacro", "stopmicro", "laplace", "agq", "laplace6",
        "emlaplace5", "plausiblevalues", "imputed", "imputedlevel", "level1weight", "level2weight",
        "level1weightnormalization", "level3", "resfil3", "resfil3name",
    ]

    /// Keywords HLM2 writes that we accept only with these values (the first is HLM's default), or empty.
    /// Numbers compare numerically (`accel:5.0` is `accel:5`); words case-insensitively.
    static let defaultOnlyKeywords: [String: [String]] = [
        "constrain": ["n"], "fixtau2": ["3"], "fixtau3": ["3"], "level3weight": ["none", "n"],
        "lvr": ["n"], "lvr-beta": ["n"], "printvariance-covariance": ["n"],
        "fixtau": ["3"], "accel": ["5"], "lev1ols": ["10"],
        "varianceknown": ["none", "n"],
        "level1deletion": ["none", "n"], "level2deletion": ["none", "n"], "deletion": ["none", "n"],
    ]

    /// Keywords accepted with any value because they change nothing we compute or write:
    /// the gamma-graph file and the residual files' format.
    static let ignoredKeywords: Set<String> = ["graphgammas", "resfiltype"]

    /// Every keyword we read, for the unknown-keyword message.
    static var knownKeywords: Set<String> {
        supportedKeywords.union(defaultOnlyKeywords.keys).union(ignoredKeywords)
    }

    /// Whether `value` is empty or one of `defaults` (numerically for numbers, else case-insensitively).
    static func isDefault(_ value: String, _ defaults: [String]) -> Bool {
        value.isEmpty || defaults.contains { written in
            if let number = Double(value), let expected = Double(written) { return number == expected }
            return written == value.lowercased()
        }
    }
}
