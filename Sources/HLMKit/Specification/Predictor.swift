/// How a predictor is centred before it enters the model (HLM's centering options).
enum Centering: String, Sendable, Codable, Equatable {
    /// Used as stored.
    case uncentered
    /// x_ij - xbar_j: centred on the unit's mean over the rows used in the fit (`group(X)`, `,1`).
    case group
    /// x - xbar: centred on the mean over the rows (or units) used in the fit (`grand(X)`, `,2`).
    case grand
}

/// A variable in an equation with its centering. `name` is upper-cased (names are case-insensitive).
struct Predictor: Sendable, Equatable, Codable {
    /// The variable's name, upper-cased.
    var name: String
    /// How the variable is centred.
    var centering: Centering

    /// Creates a predictor; the name is upper-cased.
    init(_ name: String, centering: Centering = .uncentered) {
        self.name = name.uppercased()
        self.centering = centering
    }
}
