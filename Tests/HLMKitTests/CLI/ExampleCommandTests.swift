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
        try expectSnapshot(result.stdout, named: "example-\(name)")
    }
}
