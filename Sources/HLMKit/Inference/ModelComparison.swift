/// `hlm compare A.json B.json`: the likelihood-ratio test of two models fitted to the same data by the same
/// method, read from the JSON that `hlm fit --json` writes (the reading, `compare(firstPath:secondPath:)`, sits
/// in Report/, beside the report's schema `ReportDocument`).
///
/// The checks, in order: both files are `hlm` JSON with sensible values (`read(_:)`); the same outcome, rows used
/// and units used; the same data fingerprint of the used rows (unit IDs and outcome values) and the same values
/// of every variable both models use (`DataFingerprint`); the same likelihood (for an HGLM the same family,
/// estimation and quadrature points; a PQL fit has none and is refused when read); the same method; under REML the same fixed part as
/// fitted (the same `COEFFICIENT/PREDICTOR` terms with the same centering: REML deviances depend on the fixed
/// effects, so REML compares only variance components); different parameter counts and a chi-square that is not
/// negative (`LikelihoodRatioTest.init(checking:against:previousName:currentName:)`). The model with fewer
/// parameters is the null. A fit that did not converge is compared, with a warning naming it.
public struct ModelComparison: Sendable, Equatable {
    /// One of the two fits, as read from its JSON file.
    public struct Model: Sendable, Equatable {
        /// The JSON file it was read from.
        public var path: String
        /// REML or full ML.
        public var method: EstimationMethod
        /// Whether its iterations converged.
        public var converged: Bool
        /// -2 log L (or the REML criterion) with the N ln(2 pi) constant.
        public var deviance: Double
        /// Estimated parameters as HLM counts them.
        public var parameters: Int
        /// The outcome variable.
        public var outcome: String
        /// The rows and units used.
        public var level1Used: Int, level2Used: Int
        /// Hashes of the data used.
        var fingerprint: DataFingerprint
        /// The fixed part as fitted: `COEFFICIENT/PREDICTOR` with the centering written as in the model,
        /// e.g. `group(SES)/grand(MEANSES)`.
        var fixedPart: [String]
        /// The likelihood the deviance belongs to: `normal`, or an HGLM's family with its estimation and
        /// quadrature points (`bernoulli, laplace`, `poisson, agq with 25 points`); deviances of different
        /// likelihoods, or of different approximations of one, are not compared.
        var likelihood = "normal"
    }

    /// The first and the second file, in the order given.
    public var first: Model, second: Model
    /// The test.
    public var test: LikelihoodRatioTest

    /// One warning per fit that did not converge, naming its file.
    public var warnings: [String] {
        [first, second].filter { !$0.converged }.map { model in
            "\(model.path): the iterations did NOT converge; its deviance is from the last iteration, not the "
                + "optimum, so this test is not reliable. Refit it (more iterations, --max-iterations) first."
        }
    }

    /// The test of two fits, checked for the same data and method (and, under REML, the same fixed part).
    ///
    /// - Throws: `ComparisonError` when the fits differ in data or method, are REML fits with different fixed
    ///   parts, have the same number of parameters, or give a negative chi-square.
    init(checking first: Model, against second: Model) throws {
        try Self.checkSameData(first, second)
        guard first.likelihood == second.likelihood else {
            throw ComparisonError.differentLikelihoods(first: "\(first.path): \(first.likelihood)",
                                                       second: "\(second.path): \(second.likelihood)")
        }
        guard first.method == second.method else {
            throw ComparisonError.differentMethods(first: first.method, second: second.method)
        }
        if first.method == .reml, Set(first.fixedPart) != Set(second.fixedPart) {
            throw ComparisonError.remlFixedEffectsDiffer(
                onlyFirst: first.fixedPart.filter { !second.fixedPart.contains($0) },
                onlySecond: second.fixedPart.filter { !first.fixedPart.contains($0) })
        }
        test = try LikelihoodRatioTest(
            checking: ModelDeviance(deviance: first.deviance, parameters: first.parameters),
            against: ModelDeviance(deviance: second.deviance, parameters: second.parameters),
            previousName: first.path, currentName: second.path)
        self.first = first
        self.second = second
    }

    /// The same outcome, counts and fingerprints (rows, and every variable both models use).
    private static func checkSameData(_ first: Model, _ second: Model) throws {
        let summary = { (m: Model) in "\(m.outcome), \(m.level1Used) rows, \(m.level2Used) units" }
        guard first.outcome == second.outcome, first.level1Used == second.level1Used,
              first.level2Used == second.level2Used else {
            throw ComparisonError.differentData(first: summary(first), second: summary(second))
        }
        let shared = Set(first.fingerprint.variables.keys).intersection(second.fingerprint.variables.keys)
        let differing = shared.filter { first.fingerprint.variables[$0] != second.fingerprint.variables[$0] }.sorted()
        let rowsDiffer = first.fingerprint.rows != second.fingerprint.rows
        guard !rowsDiffer, differing.isEmpty else {
            throw ComparisonError.differentFingerprints(first: first.path, second: second.path, rows: rowsDiffer,
                                                        variables: differing)
        }
    }
}
