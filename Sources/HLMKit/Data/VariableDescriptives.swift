/// One column's descriptive statistics, as HLM lists a file's variables when it makes the MDM file (N, mean,
/// SD, minimum, maximum); hlm-studio shows them beside the variables it offers for the model.
package struct VariableDescriptives: Sendable, Equatable, Codable {
    /// The mean, standard deviation and range of a numeric column's values.
    package struct Statistics: Sendable, Equatable, Codable {
        /// xbar = sum x_i / n.
        package var mean: Double
        /// s = sqrt(sum (x_i - xbar)^2 / (n - 1)), the sample standard deviation; 0 for one value.
        package var standardDeviation: Double
        /// The smallest value.
        package var minimum: Double
        /// The largest value.
        package var maximum: Double
    }

    /// The column's name as written in the header.
    package var name: String
    /// The cells with a value: not empty, `NA`, `.` or one of the missing-value codes.
    package var count: Int
    /// The missing cells.
    package var missing: Int
    /// The statistics of the values; nil for a column holding text (such as an ID written with letters) or one
    /// without values.
    package var statistics: Statistics?
}

extension CSVTable {
    /// The descriptive statistics of every named column, in the file's order; `missingCodes` are the cell texts
    /// meaning "missing" besides empty, `NA` and `.` (as `numericColumn(_:missingCodes:)` reads them).
    ///
    /// A column with a cell that is not a number is a text column: its count is of the cells that are not
    /// missing, without statistics. The mean and the sum of squares are compensated sums over the values (two
    /// passes: the mean first), so a column with a large constant part keeps its digits.
    package func descriptives(missingCodes: Set<String> = []) -> [VariableDescriptives] {
        let missing = MissingValueCodes(missingCodes)
        return header.indices.filter { !header[$0].isEmpty }.map { index in
            guard let values = try? numericColumns([index], missing: missing).columns[0] else {
                let texts = (try? stringColumn(index)) ?? []
                let present = texts.filter { !missing.contains($0) }.count
                return VariableDescriptives(name: header[index], count: present, missing: rowCount - present,
                                            statistics: nil)
            }
            let present = values.filter { !$0.isNaN }
            return VariableDescriptives(name: header[index], count: present.count,
                                        missing: values.count - present.count, statistics: Self.statistics(present))
        }
    }

    /// Mean, sample SD, minimum and maximum of `values` (none missing); nil when there are none.
    private static func statistics(_ values: [Double]) -> VariableDescriptives.Statistics? {
        guard let minimum = values.min(), let maximum = values.max() else { return nil }
        var sum = CompensatedSum()
        for value in values { sum.add(value) }
        let mean = sum.value / Double(values.count)
        var squares = CompensatedSum()
        for value in values { squares.add((value - mean) * (value - mean)) }
        let variance = values.count > 1 ? squares.value / Double(values.count - 1) : 0
        return .init(mean: mean, standardDeviation: variance.squareRoot(), minimum: minimum, maximum: maximum)
    }
}
