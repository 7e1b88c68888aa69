import Testing
@testable import HLMKit

/// The report's p-value format at its boundary (issue 11, section 8): HLM prints `<0.001` below 0.001 and three
/// decimals from 0.001 on, so a value just below 0.001 must not round up to `0.001`.
@Suite("Report: p-value format")
struct PValueFormatTests {
    @Test("both sides of 0.001 and rounding near it", arguments: [
        (0.001, "0.001"), (0.001.nextDown, "<0.001"), (0.0009995, "<0.001"), (0.0005, "<0.001"), (0, "<0.001"),
        (0.0010004, "0.001"), (0.0014999, "0.001"), (0.0015001, "0.002"), (0.00951, "0.010"), (0.00949, "0.009"),
        (0.9996, "1.000"),
        (1, "1.000"),
    ])
    func boundary(p: Double, printed: String) {
        #expect(ReportNumberFormat.pValue(p) == printed, "p = \(p)")
    }
}
