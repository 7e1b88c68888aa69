import HLMPlatform

/// An HLM2 batch command file: the model and the run settings it gives.
///
/// The file holds `keyword:value` lines (keywords case-insensitive), `#` comment lines and blank lines,
/// with LF or CRLF line ends, for example:
/// ```
/// #WHLM CMD FILE FOR hsb.mdm
/// level1:MATHACH=INTRCPT1+SES,1+RANDOM
/// level2:INTRCPT1=INTRCPT2+SECTOR+MEANSES,2+random/
/// level2:SES=INTRCPT2+SECTOR+MEANSES,2+random/
/// mlf:n
/// numit:100
/// ```
/// In equations `,1` after a name is group-mean and `,2` grand-mean centering; `+RANDOM` in `level1:` is
/// the level-1 residual r_ij (always present, so ignored); `random` in `level2:` adds u_qj; a level-2
/// equation may end with `/`. Keywords HLM writes that change nothing we compute are accepted only
/// with their default ("off") values. Hypothesis tests come from `gammaK:` lines (repeat a keyword for
/// several rows of one test; `gamma01:`, which reads as the fixed effect gamma_01, is refused) and
/// `deviance:` with `df:`; `hypoth:` (HLM's switch for them) is checked to be
/// y or n and otherwise ignored.
///
/// A non-normal outcome (HLM's HGLM) is `nonlin:` with `n` (normal, the default), `bernoulli` or `binomial`
/// (a 0/1 outcome, as HLM writes it), `binomial,TRIALS` (successes of the column TRIALS's trials), `poisson` or
/// `poisson,EXPOSURE`; over-dispersion is `fixsigma2:n` (sigma^2 estimated; HLM writes `fixsigma2:1` when it
/// is off); `laplace:y,K` and `agq:y,K` choose the estimation; `macroit:`, `microit:`, `stopmacro:`,
/// `stopmicro:` are HLM's iteration settings (see the properties).
///
/// An HLM3 command file adds `level3:` lines, each after the `level2:` line of its level-1 coefficient and
/// naming the level-2 predictor on its left (`level3:INTRCPT2=INTRCPT3+LOWINC,2+random/`), or naming the
/// coefficient in full (`level3:YEAR/INTRCPT2=...`); such a file's model is three-level, `resfil3:y` with
/// `resfil3name:` names its level-3 residual file, and the keywords only a two-level model takes are refused.
///
/// A command file is a plain record of what the file says, checked line by line; the Analysis stage merges it
/// with the command line's settings and the defaults into a run's options.
public struct CommandFile: Sendable, Equatable {
    /// One `gammaK:` test: its rows of contrast weights, one weight per fixed effect in the fixed-effects
    /// table's order (`gamma1:0,1,0,0` or space-separated), one line per row.
    struct GammaTest: Sendable, Equatable {
        /// K of `gammaK:`.
        var number: Int
        /// The line of the test's first row.
        var line: Int
        /// The contrast rows, in the order of their lines.
        var rows: [[Double]]
    }

    /// The validated model (`level1:`, `level2:` and `heterol1var:` lines).
    public var specification: ModelSpecification
    /// `mlf:` — true for `mlf:y` (full maximum likelihood), false for `mlf:n` (REML); nil when the file does
    /// not say.
    var fullMaximumLikelihood: Bool?
    /// `numit:` — the maximum number of iterations.
    var maxIterations: Int?
    /// `stopval:` — HLM's convergence criterion, a relative change; the caller decides how to use it.
    var stopValue: Double?
    /// `title:` — the run's title.
    var title: String?
    /// `output:` — where HLM writes its report (a relative path is relative to the command file's folder).
    var outputPath: String?
    /// `fulloutput:y` — the long report.
    var fullOutput: Bool
    /// `homvar:y` — the test of homogeneity of the level-1 variance.
    var homogeneityTest: Bool
    /// `resfil1name:` when `resfil1:y` — the level-1 residual file (relative to the command file's folder).
    var level1ResidualFile: String?
    /// `resfil2name:` when `resfil2:y` — the level-2 residual file (relative to the command file's folder).
    var level2ResidualFile: String?
    /// `resfil3name:` when `resfil3:y` — the level-3 residual file of a three-level model (relative to the
    /// command file's folder).
    var level3ResidualFile: String? = nil
    /// The `gammaK:` tests in order of K.
    var hypothesisTests: [GammaTest]
    /// `deviance:` — a previous model's deviance to compare with; given with `previousParameters` or not at all.
    var previousDeviance: Double?
    /// `df:` — the previous model's number of parameters; given with `previousDeviance` or not at all.
    var previousParameters: Int?
    /// `macroit:` — the limit on PQL's macro iterations (a non-normal outcome's iteration limit).
    var macroIterations: Int?
    /// `microit:`, `stopmicro:` — HLM's limit on the iterations of each linearised fit and its convergence
    /// criterion, recorded as read; like `stopval:`, not used (each linear fit runs to its own certified optimum).
    var microIterations: Int?
    /// `stopmicro:` (see `microIterations`).
    var stopMicro: Double?
    /// `stopmacro:` — PQL's macro-iteration criterion: the largest change in the estimates that ends them.
    var stopMacro: Double?
    /// `laplace:y,K` — the Laplace approximation with at most K iterations (K nil when not written); nil for
    /// `laplace:n` or no line.
    var laplace: LaplaceRequest?
    /// `agq:y,K` — adaptive Gauss-Hermite quadrature with K points per random effect (nil for the default);
    /// nil for `agq:n` or no line.
    var adaptiveQuadrature: QuadratureRequest?

    /// `level1weight:COLUMN` — the level-1 design weight column (nil for `none`, `n` or no line).
    var level1Weight: String?
    /// `level2weight:COLUMN` — the level-2 design weight column (nil for `none`, `n` or no line).
    var level2Weight: String?
    /// `level1weightnormalization:size|raw` — how the level-1 weights are scaled (nil when not written).
    var level1WeightNormalisation: DesignWeights.Level1Normalisation?

    /// What a `laplace:y[,K]` line asks for.
    struct LaplaceRequest: Sendable, Equatable {
        /// K, HLM's limit on the Laplace iterations, if written.
        var iterations: Int?
    }

    /// What an `agq:y[,K]` line asks for.
    struct QuadratureRequest: Sendable, Equatable {
        /// K, the points per random effect, if written.
        var points: Int?
    }

    /// `plausiblevalues:`: the outcome's plausible values, each the outcome in turn (nil when absent).
    var plausibleValues: [String]? = nil
    /// `imputed:`: multiply imputed files, relative paths taken from the command file's folder (nil when absent).
    var imputedFiles: [String]? = nil
    /// `imputedlevel:`: whether the imputed files are level-1 (1) or level-2 (2) files.
    var imputedLevel: Int? = nil

    /// The predictors of log sigma^2 from `heterol1var:` (empty for homogeneous sigma^2).
    var variancePredictors: [Predictor] { specification.variancePredictors }

    /// Reads and parses the command file at `path` (see `parse(contents:path:)`).
    ///
    /// - Throws: `DataError.unreadableCommandFile` when the file is missing, a directory, unreadable, or an
    ///   endless or binary stream (`/dev/zero`); otherwise as `parse(contents:path:)`.
    public static func read(path: String) throws -> CommandFile {
        let bytes: [UInt8]
        do throws(FileBytes.Failure) {
            bytes = try FileBytes.contents(atPath: path)
        } catch {
            throw DataError.unreadableCommandFile(path: path, reason: error.description)
        }
        return try parse(contents: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses a command file.
    ///
    /// A UTF-8 byte order mark at the start is skipped. Relative paths in `output:`, `resfil1name:` and
    /// `resfil2name:` are taken relative to the folder of `path`, as HLM does.
    ///
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - path: the file's path, for messages and for resolving relative paths.
    /// - Throws: `SpecificationError.commandFile` for an unknown keyword (HLM 8 waits for input on these),
    ///   a keyword we accept only with its default set to something else ("not supported yet"), a line
    ///   without `:`, a bad value, a repeated keyword or a missing `level1:` line;
    ///   `SpecificationError.located` (with the line and a caret) or `.model` for errors in the equations.
    public static func parse(contents: String, path: String) throws -> CommandFile {
        var reader = CommandFileReader(path: path)
        let text = contents.hasPrefix("\u{FEFF}") ? contents.dropFirst() : Substring(contents)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            try reader.read(String(line), number: index + 1)
        }
        return try reader.commandFile()
    }
}
