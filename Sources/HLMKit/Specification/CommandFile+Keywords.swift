extension CommandFile {
    /// Keywords whose values we use.
    static let supportedKeywords: Set<String> = [
        "level1", "level2", "heterol1var", "mlf", "numit", "stopval", "title", "output", "fulloutput",
        "homvar", "resfil1", "resfil2", "resfil1name", "resfil2name", "hypoth", "deviance", "df",
        "nonlin", "fixsigma2", "macroit", "microit", "stopmacro", "stopmicro", "laplace", "agq", "laplace6",
        "emlaplace5", "plausiblevalues", "imputed", "imputedlevel", "level1weight", "level2weight",
        "level1weightnormalization",
    ]

    /// Keywords HLM2 writes that we accept only with these values (the first is HLM's default), or empty.
    /// Numbers compare numerically (`accel:5.0` is `accel:5`); words case-insensitively.
    static let defaultOnlyKeywords: [String: [String]] = [
        "resfil3": ["n"], "constrain": ["n"],
        "lvr": ["n"], "lvr-beta": ["n"], "printvariance-covariance": ["n"],
        "fixtau": ["3"], "accel": ["5"], "lev1ols": ["10"],
        "varianceknown": ["none", "n"],
        "level1deletion": ["none", "n"], "level2deletion": ["none", "n"], "deletion": ["none", "n"],
    ]

    /// Keywords accepted with any value because they change nothing we compute or write:
    /// the gamma-graph file, the residual files' format, and the (unsupported) level-3 residual file's name.
    static let ignoredKeywords: Set<String> = ["graphgammas", "resfiltype", "resfil3name"]

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
