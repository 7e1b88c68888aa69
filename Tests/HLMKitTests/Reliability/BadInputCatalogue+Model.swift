/// Awkward data for the model: small or degenerate units, constant and collinear columns, numerical extremes.
extension BadInput {
    /// A random slope for X (group-mean centred) besides the random intercept.
    static let randomSlope = ["--model", "Y = INTRCPT1 + X", "--model", "INTRCPT1 = INTRCPT2 + random",
                              "--model", "X = INTRCPT2 + random"]
    /// The model of `BadInput.model` with log sigma^2 depending on FEMALE.
    static let heterogeneous = model + ["--sigma2", "FEMALE"]

    static let models: [BadInput] = [
        BadInput("some units of a single row", fit("some-single-row-units.csv"), status: 0,
                 stdout: ["Number of level-1 units used     = 85", "Number of level-2 units used     = 15"]),
        BadInput("every unit a single row", fit("all-single-row-units.csv"), status: 65,
                 stderr: ["each of the 15 units has a single level-1 row", "Check the ID column"]),
        BadInput("random slope constant within some units", fit("slope-constant-in-some-units.csv", model: randomSlope),
                 status: 0, stdout: ["u1"]),
        BadInput("random slope constant within every unit", fit("slope-constant-in-all-units.csv", model: randomSlope),
                 status: 65, stderr: ["random coefficient X cannot be estimated", "does not vary within any unit"]),
        BadInput("constant predictor", fit("constant-and-collinear.csv", model: ["--model", "Y = INTRCPT1 + X + C"]),
                 status: 65, stderr: ["C/INTRCPT2 is collinear with INTRCPT1/INTRCPT2", "Remove one"]),
        BadInput("collinear predictors", fit("constant-and-collinear.csv", model: ["--model", "Y = INTRCPT1 + X + X2"]),
                 status: 65, stderr: ["X2/INTRCPT2 is collinear with INTRCPT1/INTRCPT2, X/INTRCPT2"]),
        BadInput("collinear variance predictors", fit("constant-and-collinear.csv", model: model, options: ["--sigma2", "X,X2"]),
                 status: 65, stderr: ["variance predictor X2 is collinear with INTRCPT1, X", "--sigma2"]),
        BadInput("constant variance predictor", fit("constant-and-collinear.csv", model: model, options: ["--sigma2", "C"]),
                 status: 65, stderr: ["variance predictor C is constant", "alpha0"]),
        BadInput("a variance stratum with zero variance", fit("zero-variance-stratum.csv", model: heterogeneous),
                 status: 70, stderr: ["level-1 variance tends to zero", "FEMALE = 1", "remove that variance predictor"]),
        BadInput("constant outcome", fit("constant-and-collinear.csv", model: ["--model", "C = INTRCPT1 + X"]),
                 status: 65, stderr: ["the outcome C is constant"]),
        BadInput("huge outcome values (1e12)", fit("huge-outcome.csv"), status: 0,
                 stdout: ["Iterations stopped due to small change in deviance"]),
        BadInput("tiny outcome values (1e-12)", fit("tiny-outcome.csv"), status: 0,
                 stdout: ["Iterations stopped due to small change in deviance"]),
        BadInput("huge predictor values (1e12)", fit("huge-predictor.csv"), status: 0,
                 stdout: ["Iterations stopped due to small change in deviance"]),
        BadInput("huge outcome values, heterogeneous sigma^2", fit("huge-outcome.csv", model: heterogeneous),
                 status: 0, stdout: ["FEMALE    ,alpha1"]),
        BadInput("no convergence within --max-iterations", fit("level1.csv", model: randomSlope, options: ["--max-iterations", "2"]),
                 status: 0, stderr: ["warning: The iterations did not converge", "(2) was reached"],
                 stdout: ["WARNING: the iterations did NOT converge after 2 iterations"]),
    ]
}
