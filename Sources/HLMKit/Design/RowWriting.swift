/// One column of a row-major table as `writeRows` writes it: x_i w_j - shift, the level-1 value of row i
/// times the level-2 value of its unit j (each 1 when absent), less a constant.
struct RowColumn {
    /// x, one value per row; nil: 1.
    var level1: [Double]?
    /// w, one value per unit; nil: 1.
    var level2: [Double]?
    /// The constant subtracted.
    var shift = 0.0
}

/// Writes every row of the row-major `out` (`columns.count` wide, rows grouped by unit as `grouping` says)
/// in one pass over the units, on all cores in fixed chunks of units (`concurrentChunks`), and calls
/// `afterUnit(j, rows)` once unit j's rows are written (`rows` points to its first row), while they are still
/// in cache, so that per-unit sums of the rows need no second pass over memory. Each unit writes only its own
/// rows and `afterUnit` must write only unit j's own results, so nothing depends on the split or on scheduling.
///
/// A row is written whole, left to right (one output stream rather than one per column); each entry is
/// computed as x_i * w_j - shift, with an absent x or w read as 1, the same operations for every column.
func writeRows(_ out: UnsafeMutableBufferPointer<Double>, columns: [RowColumn], grouping: Grouping,
               afterUnit: (Int, UnsafePointer<Double>) -> Void = { _, _ in }) {
    let width = columns.count
    withColumnPointers(columns.map(\.level1)) { level1 in
        withColumnPointers(columns.map(\.level2)) { level2 in
            _ = concurrentChunks(grouping.unitCount) { _, units in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width) { scratch in
                    let f = scratch.baseAddress!, shift = f + width
                    for c in 0..<width { shift[c] = columns[c].shift }
                    for j in units {
                        for c in 0..<width { f[c] = level2[c].base[j * level2[c].step] }
                        let rows = grouping.rows(ofUnit: j)
                        for i in rows {
                            let row = out.baseAddress! + i * width
                            for c in 0..<width { row[c] = level1[c].base[i * level1[c].step] * f[c] - shift[c] }
                        }
                        afterUnit(j, UnsafePointer(out.baseAddress! + rows.lowerBound * width))
                    }
                }
            }
        }
    }
}

/// A column's storage as a pointer and a step: value k is `base[k * step]`; an absent column is a single 1
/// with step 0.
struct ColumnPointer {
    /// The first value.
    let base: UnsafePointer<Double>
    /// 1, or 0 for the constant 1.
    let step: Int
}

/// Calls `body` with a `ColumnPointer` for each of `columns` (nil: the constant 1), valid inside `body`.
func withColumnPointers<R>(_ columns: [[Double]?], _ body: (UnsafeBufferPointer<ColumnPointer>) -> R) -> R {
    withUnsafePointer(to: 1.0) { one in
        withUnsafeTemporaryAllocation(of: ColumnPointer.self, capacity: max(1, columns.count)) { pointers in
            func bind(_ c: Int) -> R {
                guard c < columns.count else { return body(UnsafeBufferPointer(rebasing: pointers[..<columns.count])) }
                guard let column = columns[c], !column.isEmpty else {
                    pointers.initializeElement(at: c, to: ColumnPointer(base: one, step: 0))
                    return bind(c + 1)
                }
                return column.withUnsafeBufferPointer { values in
                    pointers.initializeElement(at: c, to: ColumnPointer(base: values.baseAddress!, step: 1))
                    return bind(c + 1)
                }
            }
            return bind(0)
        }
    }
}
