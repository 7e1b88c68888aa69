/// How far apart two names are, for "did you mean" suggestions in messages about misspelt variables and options.
public enum EditDistance {
    /// The Levenshtein distance between `a` and `b`: the fewest insertions, deletions and substitutions (each
    /// costing 1) that turn one into the other, by the two-row dynamic programme
    /// d(i, j) = min(d(i-1, j) + 1, d(i, j-1) + 1, d(i-1, j-1) + [a_i != b_j]).
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
