/// A three-level model's variables level by level, centred as written (as `ThreeLevelDesign` centres them):
/// the level-1 columns a_p by row, each level-1 coefficient's level-2 predictors X_q by level-2 unit and each
/// level-2 coefficient's level-3 predictors W_s by level-3 unit. The OLS-based statistics fit each level on its
/// own (`ThreeLevelVarianceComponents`), which the design's products a_p X_q W_s do not allow.
struct ThreeLevelColumns {
    /// The level-1 coefficients p, in order (`INTRCPT1` first when present).
    var coefficients: [String]
    /// a_p by row (nil for INTRCPT1).
    var level1: [[Double]?]
    /// The outcome by row.
    var outcome: [Double]
    /// Per level-1 coefficient p, per predictor q of its level-2 equation: X_q by level-2 unit (nil for INTRCPT2).
    var level2: [[[Double]?]]
    /// Per level-2 coefficient beta_pq (in `ModelSpecification.level3`'s order): its level-3 predictors' values
    /// by level-3 unit, by name.
    private var level3Values: [[String: [Double]]]

    init(data: MultilevelData, specification: ModelSpecification) {
        let grouping = data.grouping, level3 = grouping.levels[1]
        // `centered(level1:)` centres on the groups of a Grouping's first level: the level-2 units' grouping
        // into level-3 units for X (group(X) is centred within the level-3 unit), one group for W (grand only).
        let level2Groups = Grouping(unitIDs: level3.ids, rowOffsets: level3.offsets)
        let level3Groups = Grouping(unitIDs: [""], rowOffsets: [0, level3.count])
        coefficients = specification.level2.map(\.coefficient)
        level1 = specification.level2.map { equation in
            specification.level1.predictors.first { $0.name == equation.coefficient }.map { predictor in
                centered(level1: data.level1[predictor.name]!, predictor.centering, grouping)
            }
        }
        outcome = data.level1[specification.level1.outcome]!
        level2 = specification.level2.map { equation in
            equation.predictorNames.map { name in
                equation.predictors.first { $0.name == name }.map { predictor in
                    centered(level1: data.level2[name]!, predictor.centering, level2Groups)
                }
            }
        }
        level3Values = specification.level3.map { equation in
            Dictionary(uniqueKeysWithValues: equation.predictors.map { predictor in
                (predictor.name, centered(level1: data.level3[predictor.name]!, predictor.centering, level3Groups))
            })
        }
    }

    /// W_s by level-3 unit for level-3 predictor `name` of beta_pq number `b`; nil for INTRCPT3.
    func level3(_ name: String, of b: Int) -> [Double]? { level3Values[b][name] }
}
