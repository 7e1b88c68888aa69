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
                     "hsb-heterogeneous-sigma2"] {
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
}
