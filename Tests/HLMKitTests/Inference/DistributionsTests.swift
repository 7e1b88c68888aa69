import Foundation
import Testing
@testable import HLMKit

/// Relative agreement within `tolerance` (1e-12: the accuracy `Distributions` promises; R's own values
/// are accurate to a few units in the last place).
private func close(_ value: Double, _ reference: Double, tolerance: Double = 1e-12) -> Bool {
    if reference == 0 { return value == 0 }
    return abs(value - reference) <= tolerance * abs(reference)
}

/// One reference case: a statistic, its degrees of freedom and R's probability.
struct DistributionCase: Sendable, CustomTestStringConvertible {
    let statistic: Double
    let df: Double
    let p: Double
    var testDescription: String { "x = \(statistic), df = \(df)" }
    init(_ statistic: Double, _ df: Double, _ p: Double) { self.statistic = statistic; self.df = df; self.p = p }
}

@Suite("Distributions")
struct DistributionsTests {
    // All reference values were also checked against 50-digit mpmath (betainc, gammainc, erfc): R agrees
    // to 1e-14 relative or better, and this implementation to 1.5e-13 over a df x statistic grid.
    // Reference values from R 4.2.2: 2*pnorm(-abs(z)), printed with sprintf("%.17g").
    static let normal: [DistributionCase] = [
        .init(0, .infinity, 1),
        .init(0.5, .infinity, 0.61707507745197387),
        .init(1.96, .infinity, 0.049995790296440856),
        .init(-2.676, .infinity, 0.0074506645130588056),
        .init(5, .infinity, 5.7330314375838782e-07),
        .init(10, .infinity, 1.5239706048321054e-23),
        .init(20, .infinity, 5.5072482372124675e-89),
        .init(37.5, .infinity, 9.2107060191639104e-308),
    ]

    // Reference values from R 4.2.2: 2*pt(-abs(t), df), printed with sprintf("%.17g").
    static let studentT: [DistributionCase] = [
        .init(0, 5, 1),
        .init(1, 1, 0.5),  // exact; R prints 0.49999999999999956
        .init(-2.676, 159, 0.0082310893287359313),
        .init(2, 1, 0.29516723530086642),
        .init(60, 157, 3.67737481552849e-110),
        .init(0.1, 1e6, 0.92034434549204325),
        .init(3, 1e6, 0.0026998625414217923),
        .init(5, 1e9, 5.7330324039516277e-07),
        .init(1.5, 2.5, 0.2478364530862962),
        .init(10, 3, 0.0021283990584141494),
        .init(1e10, 1, 6.366197723675813e-11),
        .init(0.001, 30, 0.99920873576648517),
        .init(40, 2, 0.0006244146721847406),
        .init(-1, 0.5, 0.6022432216826441),
        .init(7, 200, 3.7894286500889491e-11),
        .init(200, 10, 2.4005074594862802e-19),
        .init(2.5, 10_000, 0.012435219550583694),
        .init(0.7, 1, 0.61119977557157057),
        .init(2.2, 29, 0.035926759150682636),
        .init(0.9, 31, 0.37505882770584797),
        .init(13, 30, 7.3601725540247045e-14),
        .init(4.5, 7000, 6.9051935860083981e-06),
        .init(25, 3000, 1.8375167322067946e-125),
        .init(1e-4, 1e7, 0.99992021154604749),
    ]

    // Reference values from R 4.2.2: pchisq(x, df, lower.tail = FALSE), printed with sprintf("%.17g").
    static let chiSquare: [DistributionCase] = [
        .init(0, 1, 1),
        .init(7.18790, 1, 0.0073396829922184742),
        .init(1660, 159, 5.2986126735228632e-248),
        .init(0.001, 1, 0.97477287936996038),
        .init(3.84, 1, 0.050043521248705224),
        .init(100, 100, 0.48119168452795669),
        .init(50, 2, 1.3887943864964021e-11),
        .init(1e-10, 3, 0.99999999999999978),
        .init(1000, 1000, 0.49405285382923969),
        .init(1_005_000, 1e6, 0.00020767800946702998),
        .init(995_000, 1e6, 0.99980067214036428),
        .init(0.5, 0.5, 0.25632205526853896),
        .init(300, 1, 3.294362383314041e-67),
        .init(46.7, 200, 1),
        .init(250, 4, 6.5096899973757052e-53),
        .init(12.5, 7, 0.08526927515826925),
        .init(4200, 3000, 1.0559496564713362e-43),
        .init(30, 14, 0.0076318996375149576),
        .init(0.05, 0.3, 0.38569894759877443),
    ]

    @Test("normal two-sided p matches R", arguments: normal)
    func normalMatchesR(_ c: DistributionCase) {
        let p = Distributions.normalTwoSidedP(c.statistic)
        #expect(close(p, c.p), "p = \(p), R = \(c.p)")
    }

    @Test("Student t two-sided p matches R", arguments: studentT)
    func studentTMatchesR(_ c: DistributionCase) {
        let p = Distributions.studentTTwoSidedP(c.statistic, degreesOfFreedom: c.df)
        #expect(close(p, c.p), "p = \(p), R = \(c.p)")
    }

    @Test("chi-square upper tail matches R", arguments: chiSquare)
    func chiSquareMatchesR(_ c: DistributionCase) {
        let p = Distributions.chiSquareUpperTail(c.statistic, degreesOfFreedom: c.df)
        #expect(close(p, c.p), "p = \(p), R = \(c.p)")
    }

    /// The HLM manual's heterogeneous-sigma^2 example: alpha1 z-ratio -2.676 is printed with P = 0.008
    /// (Student t, J - 1 = 159 df; the normal would give 0.0075); the model comparison chi-square
    /// 7.18790 on 1 df gives 0.007.
    @Test func manualExample() {
        #expect(abs(Distributions.studentTTwoSidedP(-2.676, degreesOfFreedom: 159) - 0.0082) < 5e-5)
        #expect(abs(Distributions.normalTwoSidedP(-2.676) - 0.0075) < 5e-5)
        #expect(abs(Distributions.chiSquareUpperTail(7.18790, degreesOfFreedom: 1) - 0.0073) < 5e-5)
    }

    @Test func edgeCases() {
        #expect(Distributions.normalTwoSidedP(.infinity) == 0)
        #expect(Distributions.normalTwoSidedP(.nan).isNaN)
        #expect(Distributions.studentTTwoSidedP(.infinity, degreesOfFreedom: 3) == 0)
        #expect(Distributions.studentTTwoSidedP(2, degreesOfFreedom: 0).isNaN)
        #expect(Distributions.studentTTwoSidedP(.nan, degreesOfFreedom: 3).isNaN)
        #expect(close(Distributions.studentTTwoSidedP(1.96, degreesOfFreedom: .infinity),
                      Distributions.normalTwoSidedP(1.96)))
        #expect(Distributions.chiSquareUpperTail(-1, degreesOfFreedom: 2) == 1)
        #expect(Distributions.chiSquareUpperTail(.infinity, degreesOfFreedom: 2) == 0)
        #expect(Distributions.chiSquareUpperTail(3, degreesOfFreedom: -1).isNaN)
    }

    /// Closed forms: t with 1 df is Cauchy, p = (2/pi) atan(1/|t|); chi-square with 2 df is exponential,
    /// Q = exp(-x/2); chi-square with 1 df at z^2 equals the normal two-sided p at z.
    @Test(arguments: [0.01, 0.3, 1.7, 4.2, 25, 1e4])
    func closedForms(_ x: Double) {
        #expect(close(Distributions.studentTTwoSidedP(x, degreesOfFreedom: 1),
                      2 / Double.pi * atan(1 / x), tolerance: 1e-13))
        #expect(close(Distributions.chiSquareUpperTail(x, degreesOfFreedom: 2), exp(-x / 2), tolerance: 1e-13))
        #expect(close(Distributions.chiSquareUpperTail(x * x, degreesOfFreedom: 1),
                      Distributions.normalTwoSidedP(x), tolerance: 1e-12))
    }
}
