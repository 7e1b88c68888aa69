import Testing
@testable import HLMKit

/// The plots' axes: ticks at 1, 2 or 5 times a power of ten covering the data, labels with the decimals the
/// step needs.
@Suite("HTML plot axes")
struct HTMLPlotAxisTests {
    @Test("ticks are nice numbers covering the data", arguments: [
        ([0.3, 9.7], 0.0, 10.0, ["0", "2", "4", "6", "8", "10"]),
        ([-0.76, 0.88], -1.0, 1.0, ["-1.0", "-0.5", "0.0", "0.5", "1.0"]),
        ([1, 160], 0.0, 200.0, ["0", "50", "100", "150", "200"]),
        ([0.012, 0.049], 0.01, 0.05, ["0.01", "0.02", "0.03", "0.04", "0.05"]),
    ])
    func ticks(values: [Double], lower: Double, upper: Double, labels: [String]) {
        let axis = PlotAxis(label: "x", covering: values)
        #expect(abs(axis.lower - lower) < 1e-12 && abs(axis.upper - upper) < 1e-12)
        #expect(axis.ticks.map(\.text) == labels)
    }

    @Test("a constant or empty range becomes a unit interval; NaN is ignored")
    func degenerate() {
        let constant = PlotAxis(label: "x", covering: [3, 3, .nan])
        #expect(constant.lower <= 2.5 && constant.upper >= 3.5)
        let empty = PlotAxis(label: "x", covering: [])
        #expect(empty.lower < empty.upper)
    }

    @Test("zero is included when asked, and fraction maps the ends to 0 and 1")
    func zeroAndFraction() {
        let axis = PlotAxis(label: "x", covering: [4, 9], includingZero: true)
        #expect(axis.lower == 0 && axis.fraction(axis.lower) == 0 && axis.fraction(axis.upper) == 1)
    }

    @Test("numbers in descriptions drop trailing zeros")
    func plotNumbers() {
        #expect(plotNumber(0) == "0" && plotNumber(1) == "1" && plotNumber(6.366) == "6.37")
        #expect(plotNumber(-0.0001) == "0" && plotNumber(0.5) == "0.5" && plotNumber(123.45) == "123.5")
    }
}
