/// Non-normal outcomes: values their family cannot take (named by file, line and column) and settings that
/// contradict each other (usage errors naming both sides).
extension BadInput {
    /// `fit outcomes.csv --id ID` of `outcome` on X with a random intercept, and `options`.
    static func counts(_ outcome: String, _ options: [String]) -> [String] {
        fit("outcomes.csv", nil, model: ["--model", "\(outcome) = INTRCPT1 + X"], options: options)
    }

    static let responses: [BadInput] = [
        BadInput("a Bernoulli outcome of 2", counts("USE2", ["--family", "bernoulli"]), status: 65,
                 stderr: ["'outcomes.csv' line 6, column USE2: '2' is not a 0/1 outcome", "Recode"]),
        BadInput("more successes than trials", counts("SBIG", ["--family", "binomial", "--trials", "N"]), status: 65,
                 stderr: ["line 10, column SBIG: '6' is more successes than the row's 5 trials (column N)"]),
        BadInput("a negative count", counts("KNEG", ["--family", "poisson"]), status: 65,
                 stderr: ["line 13, column KNEG: '-1' is not a count"]),
        BadInput("a zero exposure", counts("K", ["--family", "poisson", "--exposure", "TZERO"]), status: 65,
                 stderr: ["line 15, column TZERO: '0' is not a positive exposure"]),
        BadInput("trials for a Poisson outcome", counts("K", ["--family", "poisson", "--trials", "N"]), status: 64,
                 stderr: ["a trials column (--trials", "the family is poisson"]),
        BadInput("a binomial outcome without trials", counts("S", ["--family", "binomial"]), status: 64,
                 stderr: ["the binomial family needs the column of each row's number of trials"]),
        BadInput("over-dispersion of a 0/1 outcome", counts("USE", ["--family", "bernoulli", "--overdispersion"]),
                 status: 64, stderr: ["--overdispersion", "not for the bernoulli family"]),
        BadInput("--sigma2 with a non-normal family", counts("USE", ["--family", "bernoulli", "--sigma2", "X"]),
                 status: 64, stderr: ["a level-1 variance model (--sigma2", "Drop --sigma2"]),
        BadInput("REML with the Laplace approximation",
                 counts("USE", ["--family", "bernoulli", "--estimation", "laplace", "--method", "reml"]), status: 64,
                 stderr: ["--method reml cannot be used with --estimation laplace"]),
        BadInput("quadrature points without AGQ", counts("USE", ["--family", "bernoulli", "--quadrature-points", "9"]),
                 status: 64, stderr: ["--quadrature-points", "add --estimation agq"]),
        BadInput("an unknown family", counts("USE", ["--family", "gamma"]), status: 64, stderr: ["--family"]),
        BadInput("a command file's Bernoulli outcome of 2", ["fit", "--command", "bernoulli.hlm", "outcomes.csv", "--id", "ID"],
                 status: 65, stderr: ["'outcomes.csv' line 6, column USE2: '2' is not a 0/1 outcome"]),
        BadInput("a command file's over-dispersion with adaptive quadrature",
                 ["fit", "--command", "overdispersed-agq.hlm", "outcomes.csv", "--id", "ID"], status: 64,
                 stderr: ["--overdispersion is a PQL option: --estimation agq"]),
        BadInput("a multinomial command file", ["fit", "--command", "multinomial.hlm", "outcomes.csv", "--id", "ID"],
                 status: 64, stderr: ["nonlin:multinomial,3 on line 1 of multinomial.hlm",
                                      "multinomial and ordinal models are not fitted"]),
    ]
}
