/// A fixed effect's Satterthwaite test: t = estimate / model-based SE on `degreesOfFreedom`.
public struct SatterthwaiteTest: Sendable, Equatable {
    /// The Satterthwaite df (NaN when it cannot be computed, e.g. at a boundary).
    public var degreesOfFreedom: Double
    /// Two-sided Student-t p.
    public var pValue: Double
}
