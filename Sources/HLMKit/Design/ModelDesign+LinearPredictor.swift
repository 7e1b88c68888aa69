extension ModelDesign {
    /// eta_i = o_i + x_i'gamma + z_i'u_j for every row i (unit j), on the internal columns: the offset o from
    /// `level1.response` (0 for the normal model), gamma the p fixed effects, `effects` the units' q random
    /// effects laid out unit after unit (J q numbers; empty for none, u_j = 0).
    func linearPredictor(gamma: [Double], effects: [Double] = []) -> [Double] {
        let p = fixedCount, q = randomCount, width = rowWidth
        var eta = level1.response?.offset ?? [Double](repeating: 0, count: rowCount)
        rows.withUnsafeBufferPointer { storage in
            for j in 0..<unitCount {
                for i in grouping.rows(ofUnit: j) {
                    let row = storage.baseAddress! + i * width
                    var value = 0.0
                    for f in 0..<p { value += row[f] * gamma[f] }
                    if !effects.isEmpty {
                        for r in 0..<q { value += row[p + r] * effects[j * q + r] }
                    }
                    eta[i] += value
                }
            }
        }
        return eta
    }
}
