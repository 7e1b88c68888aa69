import Testing
@testable import HLMKit

@Test func levelTwoDefaults() {
    #expect(Level2Equation.hlmDefault(for: "intrcpt1").isRandom)
    #expect(!Level2Equation.hlmDefault(for: "SES").isRandom)
}
