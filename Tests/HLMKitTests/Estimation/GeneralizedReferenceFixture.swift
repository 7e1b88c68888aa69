import Foundation

/// Fixtures/Generalized/glmm-references.json (not in References/, whose files are all normal-model fits), written
/// by references/glmer-references.R: glmer and glmmTMB fits (gamma and SEs in the design's order, vech(Tau) column
/// by column, -2 log L), a brute-force integration and an independent sandwich.
struct GeneralizedReferenceFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var tool: String
        var gamma: [Double], se: [Double], tau: [Double]
        var deviance: Double
    }
    /// -2 log L of the two-random-effect Bernoulli model (glmm-slopes.csv) at fixed (gamma, vech Tau), each
    /// unit's likelihood integrated on a 601 x 601 grid (and, as a check of the grid, on 401 x 401).
    struct BruteForce: Decodable {
        var gamma: [Double], tau: [Double]
        var deviance: Double
        var deviance_coarser: Double
    }
    /// Cluster-robust (sandwich) SEs of a Laplace fit from an independent R implementation of the units' Laplace
    /// terms differentiated by numDeriv, and the model-based SEs from the same terms' Hessian.
    struct Robust: Decodable {
        var name: String
        var se: [Double], modelSe: [Double]
    }
    var cases: [Case]
    var bruteForce: BruteForce
    var robust: [Robust]

    /// The fixture, read once.
    static let shared = Result {
        let url = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/Generalized/glmm-references.json")
        return try JSONDecoder().decode(GeneralizedReferenceFixture.self, from: Data(contentsOf: url))
    }

    /// The case called `name`.
    static func reference(_ name: String) throws -> Case {
        guard let found = try shared.get().cases.first(where: { $0.name == name }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return found
    }
}
