import Foundation
import Testing

/// `hlm example` end to end: the listing, each example's exit status, an unknown name.
@Suite("hlm example")
struct ExampleCommandTests {
    @Test("lists the examples without a name")
    func lists() throws {
        let result = try CLIRunner.run(["example"])
        #expect(result.status == 0)
        for name in ["hsb-null", "hsb-random-coefficient", "hsb-intercepts-slopes-as-outcomes",
                     "hsb-heterogeneous-sigma2", "contraception", "contraception-laplace", "contraception-agq"] {
            #expect(result.stdout.contains(name))
        }
    }

    @Test("an unknown example is a usage error naming the choices")
    func unknown() throws {
        let result = try CLIRunner.run(["example", "hsb-nothing"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("hsb-nothing") && result.stderr.contains("hsb-null"))
    }

    @Test("the manual's heterogeneous example prints the pinned report", arguments: [
        "hsb-heterogeneous-sigma2", "hsb-intercepts-slopes-as-outcomes",
    ])
    func report(name: String) throws {
        let result = try CLIRunner.run(["example", name])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        // The last change in deviance and the gradient norm are rounding noise; the snapshot pins the layout
        // and every estimate, not those.
        let stable = result.stdout.replacing(/\|change in deviance\| = \S+, gradient norm = \S+/,
                                             with: "|change in deviance| = *, gradient norm = *")
        try expectSnapshot(stable, named: "example-\(name)")
    }

    @Test("examples take the inference options of fit")
    func inferenceOptions() throws {
        let result = try CLIRunner.run(["example", "hsb-intercepts-slopes-as-outcomes", "--homvar",
                                        "--test", "INTRCPT1/SECTOR = 0; SES/SECTOR = 0"])
        #expect(result.status == 0, "\(result.stderr)")
        // References: R at these estimates (Fixtures/Inference), H = 246.11665 on 159 df; Wald 67.604 / 60.682.
        #expect(result.stdout.contains("Chi-square statistic         = 246.11665"))
        #expect(result.stdout.contains("67.60423") && result.stdout.contains("60.68158"))
    }
}
