/// The columns of X and Z before and after centring, as `ModelDesign.build` assembles them.
struct CentredColumns {
    /// Per level-1 coefficient, its column in X (nil for INTRCPT1).
    var fixedLevel1: [[Double]?]
    /// Per level-1 coefficient, its column in Z (nil for INTRCPT1).
    var randomLevel1: [[Double]?]
    /// Per fixed effect, its level-2 values (nil for INTRCPT2).
    var level2: [[Double]?]
    /// The maps back to the user's columns of X and Z.
    var standardisation: DesignStandardisation

    /// Centres what can be centred exactly (see `DesignStandardisation`).
    ///
    /// - Parameters:
    ///   - level1: per level-1 coefficient its column as the user centred it (nil for INTRCPT1);
    ///   - uncentredLevel1: per level-1 coefficient whether it is an uncentred predictor;
    ///   - effects: the fixed effects (coefficient index, level-2 predictor, its values as the user centred
    ///     them, whether uncentred), in X's order;
    ///   - random: the coefficient index of each random coefficient, in Z's order.
    init(level1: [[Double]?], uncentredLevel1: [Bool],
         effects: [(coefficient: Int, predictor: String, w: [Double]?, uncentred: Bool)], random: [Int]) {
        let hasIntercept = level1.first.map { $0 == nil } ?? false
        func column(_ coefficient: Int, _ predictor: String) -> Int? {
            effects.firstIndex { $0.coefficient == coefficient && $0.predictor == predictor }
        }
        // b: the level-2 means, where coefficient q has INTRCPT2.
        let shifts = effects.map { effect -> Double in
            guard let w = effect.w, effect.uncentred, column(effect.coefficient, "INTRCPT2") != nil else { return 0 }
            return centringShift(w)
        }
        level2 = zip(effects, shifts).map { effect, b in b == 0 ? effect.w : effect.w.map { $0.map { $0 - b } } }
        // Each level-1 column's shift, computed once (X and Z may both centre it), and its centred copy,
        // made once and shared by X and Z (one buffer, so later comparisons of the columns are immediate).
        var columnShifts = [Int: Double](), centredCopies = [Int: [Double]]()
        func columnShift(_ q: Int, _ x: [Double]) -> Double {
            if let known = columnShifts[q] { return known }
            let a = centringShift(x)
            columnShifts[q] = a
            return a
        }
        func centredCopy(_ q: Int, _ x: [Double], _ a: Double) -> [Double] {
            if let known = centredCopies[q] { return known }
            let copy = x.map { $0 - a }
            centredCopies[q] = copy
            return copy
        }
        // a_q: the level-1 means, where INTRCPT1's columns (INTRCPT1, s) carry the same b.
        let means = level1.indices.map { q -> Double in
            guard hasIntercept, q > 0, uncentredLevel1[q], let x = level1[q] else { return 0 }
            let expressible = effects.indices.filter { effects[$0].coefficient == q }.allSatisfy { k in
                guard let partner = column(0, effects[k].predictor), column(0, "INTRCPT2") != nil else { return false }
                return shifts[partner] == shifts[k] && effects[partner].w == effects[k].w
            }
            return expressible ? columnShift(q, x) : 0
        }
        fixedLevel1 = level1.indices.map { q in
            guard means[q] != 0, let x = level1[q] else { return level1[q] }
            return centredCopy(q, x, means[q])
        }
        var fixed = ColumnShifts(count: effects.count)
        for (k, effect) in effects.enumerated() {
            let a = means[effect.coefficient], b = shifts[k]
            if b != 0 { fixed.terms[k].append(.init(column: column(effect.coefficient, "INTRCPT2")!, coefficient: b)) }
            if a != 0 { fixed.terms[k].append(.init(column: column(0, effect.predictor)!, coefficient: a)) }
            if a != 0, b != 0 { fixed.terms[k].append(.init(column: column(0, "INTRCPT2")!, coefficient: a * b)) }
        }
        // Z: a slope's predictor centred when INTRCPT1 is random (its column is Z's first).
        let randomIntercept = random.first == 0 && hasIntercept
        var randomShifts = ColumnShifts(count: random.count)
        randomLevel1 = level1.indices.map { q in
            guard randomIntercept, q > 0, uncentredLevel1[q], random.contains(q), let x = level1[q] else { return level1[q] }
            let a = columnShift(q, x)
            guard a != 0 else { return x }
            randomShifts.terms[random.firstIndex(of: q)!] = [.init(column: 0, coefficient: a)]
            return centredCopy(q, x, a)
        }
        standardisation = DesignStandardisation(fixed: fixed, random: randomShifts)
    }
}

/// The shift that centres an uncentred column internally: its mean when that lies farther from zero than
/// the column's range (|mean| > max - min), else 0.
///
/// Only such a column is nearly collinear with the intercept (1 - R^2 = var / (var + mean^2), and var is at
/// most range^2 / 4 but rarely far below it); a column within its range of zero (a 0/1 indicator, a
/// predictor around 0) is fitted as given, so its fits, optimiser path and iteration log stay exactly as
/// they were. A constant column far from zero is centred to zero and then refused as collinear with the
/// intercept.
func centringShift(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { centringShift($0, stride: 1, count: values.count) }
}

/// `centringShift` of the `count` values `values[0]`, `values[stride]`, ... (a column of a row-major table),
/// its range and mean in one pass, the mean summed in row order.
func centringShift(_ values: UnsafeBufferPointer<Double>, stride: Int, count: Int) -> Double {
    guard count > 0, let base = values.baseAddress else { return 0 }
    var (low, high, sum) = (base[0], base[0], 0.0)
    for i in 0..<count {
        let value = base[i * stride]
        (low, high) = (min(low, value), max(high, value))
        sum += value
    }
    return centringShift(mean: sum / Double(count), range: high - low)
}

/// `centringShift`'s rule from a column's mean and range (max - min): the mean when |mean| > range, else 0.
func centringShift(mean: Double, range: Double) -> Double {
    abs(mean) > range ? mean : 0
}

/// A variance predictor's range and mean over the rows, in one pass in row order: the column of C that a
/// level-1 column x_i or a level-2 column w_j broadcast to its unit's rows makes, so that `centringShift` and
/// the constant check need no written column.
struct VarianceColumnSummary {
    /// The smallest and largest value over the rows.
    var low, high: Double
    /// The mean over the rows, summed in row order.
    var mean: Double

    /// The summary of x (`level1`, one value per row) or else of w (`level2`, one value per unit of
    /// `grouping`, every unit having at least one row).
    init(level1: [Double]?, level2: [Double]?, grouping: Grouping) {
        var (low, high, sum) = (Double.infinity, -Double.infinity, 0.0)
        if let x = level1 {
            for value in x {
                (low, high) = (min(low, value), max(high, value))
                sum += value
            }
        } else if let w = level2 {
            for j in w.indices {
                let value = w[j]
                (low, high) = (min(low, value), max(high, value))
                for _ in grouping.rows(ofUnit: j) { sum += value }
            }
        }
        (self.low, self.high, mean) = (low, high, sum / Double(grouping.rowCount))
    }

    /// Whether the values are constant (a range within 1e-12 of the largest magnitude, at least 1).
    var isConstant: Bool { high - low <= 1e-12 * max(1, abs(high)) }

    /// `centringShift` of the column: its mean when that lies farther from zero than its range, else 0.
    var centringShift: Double { HLMKit.centringShift(mean: mean, range: high - low) }
}
