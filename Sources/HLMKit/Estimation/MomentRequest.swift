/// Which moments a likelihood pass needs.
struct MomentRequest: Equatable {
    /// Which blocks of Q_hl to accumulate.
    enum SecondOrder: Equatable {
        case none
        /// The z block only (full-ML information).
        case randomEffects
        /// All of Q_hl (REML information).
        case all
    }

    /// G_1 ... G_H as well as G_0.
    var allOrders: Bool
    /// Which Q_hl blocks.
    var secondOrder: SecondOrder

    /// Deviance only: G_0.
    static let deviance = MomentRequest(allOrders: false, secondOrder: .none)

    /// Gradient and information for `method`.
    static func derivatives(_ method: EstimationMethod) -> MomentRequest {
        MomentRequest(allOrders: true, secondOrder: method == .reml ? .all : .randomEffects)
    }
}
