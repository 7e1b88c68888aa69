/// One term as written: an upper-cased name, its centering and the column where the name starts.
struct WrittenTerm {
    var name: String
    var centering: Centering
    var column: Int

    var predictor: Predictor { Predictor(name, centering: centering) }
}

/// An equation as written: `LEFT = term + term ...`, with columns kept for error messages.
struct WrittenEquation {
    var left: String
    var leftColumn: Int
    var terms: [WrittenTerm]
}
