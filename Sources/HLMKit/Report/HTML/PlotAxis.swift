/// One axis of a plot: its label (the quantity and its unit), the data range widened to "nice" tick values
/// (1, 2 or 5 times a power of ten, about five ticks) and the tick labels.
struct PlotAxis {
    /// The label under (x) or beside (y) the axis.
    var label: String
    /// The lower and upper ends of the axis.
    var lower: Double
    var upper: Double
    /// The tick positions and their labels.
    var ticks: [(value: Double, text: String)]

    /// An axis covering every finite value of `values` (and `0` when `includingZero`), its ends rounded out to
    /// the tick step. An empty or constant range is widened to a unit interval around its value.
    init(label: String, covering values: [Double], includingZero: Bool = false) {
        let finite = values.filter(\.isFinite) + (includingZero ? [0] : [])
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low <= 1e-12 * max(1, abs(high)) { (low, high) = (low - 0.5, high + 0.5) }
        let (step, decimals) = Self.niceStep((high - low) / 5)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        self.label = label
        lower = first * step
        upper = last * step
        ticks = stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return (value, ReportNumberFormat.fixed(value == 0 ? 0 : value, decimals))
        }
    }

    /// An axis with the given ticks (a categorical variable's codes), padded by half a step on both sides.
    init(label: String, categories: [(value: Double, text: String)]) {
        let values = categories.map(\.value)
        let low = values.min() ?? 0, high = values.max() ?? 1
        let pad = max(high - low, 1) * 0.4
        self.label = label
        lower = low - pad
        upper = high + pad
        ticks = categories
    }

    /// 1, 2 or 5 times a power of ten, the smallest at least `rough` (positive, finite), and the decimals
    /// its multiples need.
    static func niceStep(_ rough: Double) -> (step: Double, decimals: Int) {
        // Powers of ten by division and multiplication from 1, exact enough for labels with `decimals` digits.
        var magnitude = 1.0
        while magnitude > rough { magnitude /= 10 }
        while magnitude * 10 <= rough { magnitude *= 10 }
        let fraction = rough / magnitude
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        var decimals = 0, scaled = step
        while scaled < 0.999_999 { scaled *= 10; decimals += 1 }
        return (step, decimals)
    }

    /// Where `value` lies on the axis, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }
}
