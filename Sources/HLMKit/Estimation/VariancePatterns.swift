/// The distinct rows of the variance design C (when there are few), and which one each row is.
struct VariancePatterns {
    /// The number of entries of a row of C (H + 1).
    let width: Int
    /// The distinct rows, `width` numbers each, in order of first appearance.
    let values: [Double]
    /// The pattern of each row of C.
    let rowPattern: [Int32]

    /// Nil when C has more than `maximumPatterns` distinct rows (a continuous predictor).
    init?(_ design: ModelDesign, maximumPatterns: Int) {
        let h = design.varianceCount, stride = design.level1.rowStride, n = design.rowCount
        var found: [Double] = [], ok = true
        // Written as the scan goes, not zero-filled first: a continuous predictor stops the scan within a few
        // rows, and the N numbers' pages are then never touched.
        let rowPattern = [Int32](unsafeUninitializedCapacity: n) { rowPattern, written in
            ok = design.level1.varianceRows.withUnsafeBufferPointer { c -> Bool in
                var last = -1
                for i in 0..<n {
                    let row = c.baseAddress! + i * stride
                    func matches(_ pattern: Int) -> Bool {
                        for a in 0..<h where found[pattern * h + a] != row[a] { return false }
                        return true
                    }
                    if last < 0 || !matches(last) {
                        if let known = (0..<(found.count / h)).first(where: matches) {
                            last = known
                        } else {
                            guard found.count / h < maximumPatterns else { return false }
                            found.append(contentsOf: UnsafeBufferPointer(start: row, count: h))
                            last = found.count / h - 1
                        }
                    }
                    rowPattern[i] = Int32(last)
                }
                return true
            }
            written = ok ? n : 0
        }
        guard ok else { return nil }
        width = h
        values = found
        self.rowPattern = rowPattern
    }
}
