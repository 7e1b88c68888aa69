/// A command file's settings of a non-normal outcome (HLM's HGLM keywords).
extension CommandFileReader {
    /// `specification` with the family of `nonlin:` and the over-dispersion of `fixsigma2:`.
    ///
    /// `nonlin:` is `n` (normal), `bernoulli`, `binomial` without a column (a 0/1 outcome: HLM writes the
    /// Bernoulli model so), `binomial,TRIALS`, `poisson` or `poisson,EXPOSURE`; multinomial and ordinal models
    /// are refused. For the normal family `fixsigma2:` may only be `n` or `none` (sigma^2 estimated, as always);
    /// for the others `fixsigma2:1` fixes the level-1 scale at 1 (what HLM writes without over-dispersion, and
    /// the default) and `fixsigma2:n` or `none` estimates it (over-dispersion).
    ///
    /// - Throws: `SpecificationError.commandFile` for a value of another form, `.response` for settings that
    ///   contradict each other (a trials column and over-dispersion of a Bernoulli outcome, ...).
    func response(of specification: ModelSpecification) throws -> ModelSpecification {
        let fields = (settings["nonlin"] ?? "n").split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmed }
        let column = fields.count == 2 && !fields[1].isEmpty ? fields[1] : nil
        let family: ResponseFamily
        switch (fields[0].lowercased(), fields.count) {
        case ("n", 1), ("", 1): family = .normal
        case ("bernoulli", 1): family = .bernoulli
        case ("binomial", 1): family = .bernoulli
        case ("binomial", 2) where column != nil: family = .binomial
        case ("poisson", 1): family = .poisson
        case ("poisson", 2) where column != nil: family = .poisson
        default:
            throw invalid("nonlin", settings["nonlin"]!, expected: "n, bernoulli, binomial, binomial,TRIALS, poisson "
                + "or poisson,EXPOSURE (multinomial and ordinal models are not fitted)")
        }
        let dispersion = settings["fixsigma2"].map { $0.lowercased() }
        let overdispersion: Bool
        switch dispersion {
        case nil: overdispersion = false
        case "n"?, "none"?: overdispersion = family != .normal
        case let value? where family != .normal && Double(value) == 1: overdispersion = false
        default:
            throw invalid("fixsigma2", settings["fixsigma2"]!, expected: family == .normal
                ? "n or none (a normal outcome's sigma^2 is always estimated)"
                : "1 (level-1 scale fixed at 1) or n (estimated: over-dispersion)")
        }
        return try specification.withResponse(family: family, trials: family == .binomial ? column : nil,
                                              exposure: family == .poisson ? column : nil,
                                              overdispersion: overdispersion)
    }

    /// Reads `macroit:`, `microit:`, `stopmacro:`, `stopmicro:`, `laplace:` and `agq:` into `file`, and checks
    /// that `laplace6:` and `emlaplace5:` (HLM's sixth-order and EM Laplace, not fitted here) are off.
    ///
    /// `macroit:K` may end in `,n` (stop at the limit, as every fit here does); `,y`, HLM's "go on past the
    /// limit", is refused. `laplace:` and `agq:` are `n` (optionally `,K`) or `y` optionally followed by `,K`:
    /// the Laplace iteration limit and the quadrature points.
    func readIterationSettings(into file: inout CommandFile) throws {
        if let text = settings["macroit"] {
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            guard let limit = Int(fields[0]), limit > 0,
                  fields.count == 1 || (fields.count == 2 && fields[1].lowercased() == "n") else {
                throw invalid("macroit", text, expected: "a positive whole number, optionally followed by ,n (stop "
                    + "at the limit; HLM's ,y, go on iterating past it, is not done here: raise the limit instead)")
            }
            file.macroIterations = limit
        }
        file.microIterations = try number("microit", as: Int.self, maximum: .max, expected: "a positive whole number")
        file.stopMicro = try number("stopmicro", as: Double.self, maximum: .greatestFiniteMagnitude,
                                    expected: "a positive finite number")
        file.stopMacro = try number("stopmacro", as: Double.self, maximum: .greatestFiniteMagnitude,
                                    expected: "a positive finite number")
        file.laplace = try switchWithCount("laplace", what: "the Laplace iteration limit").map {
            CommandFile.LaplaceRequest(iterations: $0)
        }
        file.adaptiveQuadrature = try switchWithCount("agq", what: "the quadrature points").map {
            CommandFile.QuadratureRequest(points: $0)
        }
        for keyword in ["laplace6", "emlaplace5"] where settings[keyword] != nil {
            guard try switchWithCount(keyword, what: "a count") == nil else {
                throw error(.unsupported(keyword: keyword, value: settings[keyword]!, defaultValue: "n"),
                            line: firstLines[keyword])
            }
        }
        if file.laplace != nil, file.adaptiveQuadrature != nil {
            throw invalid("agq", settings["agq"]!, expected: "n when laplace:y asks for the Laplace approximation")
        }
    }

    /// `KEYWORD:y[,K]` as `.some(K)` (K nil when not written), `KEYWORD:n[,K]` or no line as nil.
    private func switchWithCount(_ keyword: String, what: String) throws -> Int?? {
        guard let text = settings[keyword] else { return nil }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        let count = fields.count == 2 ? Int(fields[1]) : nil
        guard fields.count <= 2, fields.count == 1 || count.map({ $0 >= 0 }) == true else {
            throw invalid(keyword, text, expected: "y or n, optionally followed by a comma and \(what)")
        }
        switch fields[0].lowercased() {
        case "y": return .some(count == 0 ? nil : count)
        case "n", "": return nil
        default: throw invalid(keyword, text, expected: "y or n, optionally followed by a comma and \(what)")
        }
    }
}
