/// A sum of doubles with Neumaier's compensation: the rounding error of each addition is kept in `carry`,
/// so the error is about eps |sum| however many terms are added.
struct CompensatedSum {
    private var sum = 0.0, carry = 0.0

    var value: Double { sum + carry }

    mutating func add(_ x: Double) {
        let t = sum + x
        carry += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }

    /// Adds another compensated sum.
    mutating func merge(_ other: CompensatedSum) {
        add(other.sum)
        carry += other.carry
    }
}
