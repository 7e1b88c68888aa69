import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The homogeneous model's moments and the likelihood's variance floor from the units' products of the base
/// columns (`RowFactors.unitProducts`, kept from the design's build) equal what a pass over the design's rows
/// gives, and a fit from them is the fit from the rows.
@Suite("Homogeneous moments from the units' base products")
struct HomogeneousMomentsTests {
    /// The design without its units' products: `unitTotals` and `varianceFloor` then pass over the rows.
    static func withoutUnitProducts(_ design: ModelDesign) -> ModelDesign {
        var rowPass = design
        rowPass.rowFactors?.unitProducts = []
        return rowPass
    }

    /// UnitChunkPassTests' 900 units (cross-level products, an internally centred slope) and HS&B's models
    /// with level-2 predictors on the intercept and the slope.
    static func designs() throws -> [ModelDesign] {
        var designs = [try UnitChunkPassTests.design(variance: [])]
        for name in ["hsb-null", "hsb-intercepts-slopes-as-outcomes"] {
            let specification = try #require(Example.named(name)).specification()
            designs.append(try ModelDesign.build(data: joinedHSB(for: specification), specification: specification))
        }
        return designs
    }

    @Test("each unit's narrow block equals the sum over its rows to 1e-12")
    func unitTotals() throws {
        for design in try Self.designs() {
            let factors = try #require(design.rowFactors)
            #expect(factors.unitProducts.count == design.unitCount * factors.productCount)
            let products = VarianceStrata.unitTotals(design)
            let rows = VarianceStrata.unitTotals(Self.withoutUnitProducts(design))
            let layout = MomentLayout(design), k = design.rowWidth
            #expect(products.productCount == layout.narrowCount && rows.productCount == layout.narrowCount)
            var differ = 0
            for j in 0..<design.unitCount {
                // Each entry judged on the scale of its columns' sums of squares (Cauchy-Schwarz): off-diagonal
                // sums of centred columns nearly cancel.
                var squares = [Double](repeating: 0, count: k)
                for i in design.grouping.rows(ofUnit: j) {
                    for c in 0..<k { squares[c] += design.rows[i * k + c] * design.rows[i * k + c] }
                }
                for t in 0..<layout.narrowCount {
                    let (r, c) = (layout.p + t / k, t % k)
                    let (ours, theirs) = (products.products[j * layout.narrowCount + t],
                                          rows.products[j * layout.narrowCount + t])
                    #expect(abs(ours - theirs) <= 1e-12 * (squares[r] * squares[c]).squareRoot())
                    if ours != theirs { differ += 1 }
                }
            }
            // Not the row pass again: at least the entries with a level-2 factor are formed another way.
            #expect(design.fixedCount == 1 || differ > 0)
            #expect(Array(products.fixedProducts) == Array(rows.fixedProducts))
        }
    }

    @Test("the variance floor from the units' products equals the one from the outcome column")
    func varianceFloor() throws {
        for design in try Self.designs() {
            let products = Likelihood(design: design, method: .fml, source: .strata(.unitTotals(design)))
            let rowPass = Self.withoutUnitProducts(design)
            let rows = Likelihood(design: rowPass, method: .fml, source: .strata(.unitTotals(rowPass)))
            #expect(abs(products.varianceFloor - rows.varianceFloor) <= 1e-12 * abs(rows.varianceFloor))
            // ln(1e-10 Var(y)) of the shifted outcome column, computed here directly.
            let k = design.rowWidth, n = Double(design.rowCount)
            let y = (0..<design.rowCount).map { design.rows[$0 * k + k - 1] }
            let mean = y.reduce(0, +) / n
            let variance = y.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            #expect(abs(products.varianceFloor - (log(variance) + log(1e-10))) <= 1e-10 * abs(products.varianceFloor))
        }
    }

    @Test("a homogeneous fit from the units' products is the fit from the rows", arguments: [EstimationMethod.fml, .reml])
    func fit(method: EstimationMethod) throws {
        for design in try Self.designs() {
            let options = EstimationOptions(method: method)
            let products = try Estimator.fit(design, options: options)
            let rows = try Estimator.fit(Self.withoutUnitProducts(design), options: options)
            #expect(products.history.count == rows.history.count)
            #expect(products.evaluations == rows.evaluations)
            let (a, b) = (products.evaluation, rows.evaluation)
            #expect(abs(a.deviance - b.deviance) <= 1e-10 * abs(b.deviance))
            for (x, y) in zip(a.gamma, b.gamma) { #expect(abs(x - y) <= 1e-8 * max(abs(y), 1)) }
            for (x, y) in zip(products.parameters.vector, rows.parameters.vector) {
                #expect(abs(x - y) <= 1e-8 * max(abs(y), 1))
            }
        }
    }
}
