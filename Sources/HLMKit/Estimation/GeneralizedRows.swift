/// Raw pointers to what a non-normal model's unit pass reads per level-1 row: the design's rows
/// [x_i (p), z_i (q), ...] and the response's outcome, trials and offset. Valid only inside
/// `withRows(_:)`, which takes the pointers once so that the hot loops check no bounds.
struct GeneralizedRows {
    /// Row i of the design starts at `design + i * width`.
    let design: UnsafePointer<Double>
    /// p + q + 1.
    let width: Int
    /// p and q.
    let p: Int, q: Int
    /// y_i, m_i and o_i.
    let outcome: UnsafePointer<Double>, trials: UnsafePointer<Double>, offset: UnsafePointer<Double>
    /// The outcome's family.
    let family: ResponseFamily

    /// x_i (p numbers).
    @inline(__always)
    func x(_ i: Int) -> UnsafePointer<Double> { design + i * width }

    /// z_i (q numbers).
    @inline(__always)
    func z(_ i: Int) -> UnsafePointer<Double> { design + i * width + p }

    /// The row's `ConditionalDensityTerms` at eta.
    @inline(__always)
    func terms(_ i: Int, eta: Double) -> ConditionalDensityTerms {
        family.conditionalTerms(outcome[i], trials: trials[i], eta: eta)
    }
}

extension ModelDesign {
    /// Runs `body` with `GeneralizedRows` over this design's rows and `response`.
    func withRows<T>(_ response: GeneralizedResponse, _ body: (GeneralizedRows) -> T) -> T {
        rows.withUnsafeBufferPointer { rows in
            response.outcome.withUnsafeBufferPointer { y in
                response.trials.withUnsafeBufferPointer { m in
                    response.offset.withUnsafeBufferPointer { o in
                        body(GeneralizedRows(design: rows.baseAddress!, width: rowWidth, p: fixedCount, q: randomCount,
                                             outcome: y.baseAddress!, trials: m.baseAddress!, offset: o.baseAddress!,
                                             family: response.family))
                    }
                }
            }
        }
    }
}
