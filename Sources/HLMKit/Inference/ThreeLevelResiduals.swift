/// A three-level fit's residual files (HLM3's level-1, level-2 and level-3 residual files), as CSV tables.
///
/// Level 1: one row per level-1 row (grouped order) with both IDs, FITTED = x'gamma + z2'r_j + z3'u_k and
/// RESIDUAL = y - FITTED. Level 2: one row per level-2 unit with both IDs and EB_<coefficient>, the conditional
/// mode of r_pj. Level 3: one row per level-3 unit with its ID and EB_<COEF1>_<COEF2>, the mode of u_pqk.
public struct ThreeLevelResiduals: Sendable {
    /// The three files' texts.
    public var level1: String, level2: String, level3: String

    /// The residual tables of `fit` on the data it was fitted to (`idColumn`, `level3IDColumn` head the ID columns).
    init(_ fit: ThreeLevelFit, idColumn: String, level3IDColumn: String) {
        let design = fit.design, grouping = design.grouping, units3 = grouping.levels[1], w = design.width
        let level3OfUnit = fit.level3OfUnit, fitted = fit.fittedValues
        func cell(_ x: Double) -> String { x.isFinite ? x.compactText : "" }
        var rows1 = ["\(idColumn),\(level3IDColumn),FITTED,RESIDUAL"]
        rows1.reserveCapacity(design.rowCount + 1)
        for j in 0..<grouping.unitCount {
            let ids = "\(csvField(grouping.level2.ids[j])),\(csvField(units3.ids[level3OfUnit[j]])),"
            for i in grouping.rows(ofUnit: j) {
                rows1.append(ids + cell(fitted[i]) + "," + cell(design.rows[i * w + w - 1] - fitted[i]))
            }
        }
        let header2 = ([idColumn, level3IDColumn] + design.level2Random.map { "EB_" + $0 }).joined(separator: ",")
        let rows2 = (0..<grouping.unitCount).map { j in
            ([csvField(grouping.level2.ids[j]), csvField(units3.ids[level3OfUnit[j]])]
                + (fit.level2Modes.isEmpty ? [] : fit.level2Modes[j].map(cell))).joined(separator: ",")
        }
        let header3 = ([level3IDColumn] + design.level3Random.map { "EB_" + $0.replacing("/", with: "_") })
            .joined(separator: ",")
        let rows3 = (0..<units3.count).map { k in
            ([csvField(units3.ids[k])] + (fit.level3Modes.isEmpty ? [] : fit.level3Modes[k].map(cell))).joined(separator: ",")
        }
        level1 = rows1.joined(separator: "\n") + "\n"
        level2 = ([header2] + rows2).joined(separator: "\n") + "\n"
        level3 = ([header3] + rows3).joined(separator: "\n") + "\n"
    }
}

/// An ID as a CSV field: quoted (with inner quotes doubled) when it holds a comma, a quote or a line break.
private func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
        ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
}
