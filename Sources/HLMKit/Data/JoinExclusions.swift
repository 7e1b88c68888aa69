/// Counts of the rows and units a join excluded, by reason, and their wording for `DataSummary`.
///
/// Each level-1 row is counted once, under the first reason that applies, in this order: missing ID;
/// ID not in the level-2 file; its unit excluded for a missing level-2 value; the first used level-1
/// variable (in the order given) that is missing. Each level-2 row is counted once likewise: missing
/// ID; the first missing level-2 variable; no level-1 rows; all its level-1 rows excluded.
struct JoinExclusions {
    let level1Names: [String]
    let level2Names: [String]
    let level2Path: String?

    var level1MissingID = 0
    var unmatchedRows = 0
    var unmatchedIDs = 0
    var level1MissingByVariable: [Int]
    var rowsOfExcludedUnits = 0
    var level2MissingID = 0
    var unitsMissingByVariable: [Int]
    var unitsWithoutRows = 0
    var unitsWithAllRowsExcluded = 0

    init(level1Names: [String], level2Names: [String], level2Path: String?) {
        self.level1Names = level1Names
        self.level2Names = level2Names
        self.level2Path = level2Path
        level1MissingByVariable = Array(repeating: 0, count: level1Names.count)
        unitsMissingByVariable = Array(repeating: 0, count: level2Names.count)
    }

    /// One sentence per reason that excluded anything.
    var reasons: [String] {
        var reasons = [String]()
        if level1MissingID > 0 {
            reasons.append("\(Self.count(level1MissingID, "level-1 row")) excluded: missing ID")
        }
        if unmatchedRows > 0 {
            reasons.append("\(Self.count(unmatchedRows, "level-1 row")) excluded: ID not in \(level2Path ?? "") "
                + "(\(Self.count(unmatchedIDs, "ID")))")
        }
        let level1Missing = level1MissingByVariable.reduce(0, +)
        if level1Missing > 0 {
            reasons.append("\(Self.count(level1Missing, "level-1 row")) excluded: missing value in "
                + Self.breakdown(level1Names, level1MissingByVariable))
        }
        if level2MissingID > 0 {
            reasons.append("\(Self.count(level2MissingID, "level-2 row")) excluded: missing ID")
        }
        let unitsMissing = unitsMissingByVariable.reduce(0, +)
        if unitsMissing > 0 {
            reasons.append("\(Self.count(unitsMissing, "level-2 unit")) (and their "
                + "\(Self.count(rowsOfExcludedUnits, "level-1 row"))) excluded: missing value in "
                + Self.breakdown(level2Names, unitsMissingByVariable))
        }
        if unitsWithoutRows > 0 {
            reasons.append("\(Self.count(unitsWithoutRows, "level-2 unit")) excluded: no level-1 rows")
        }
        if unitsWithAllRowsExcluded > 0 {
            reasons.append("\(Self.count(unitsWithAllRowsExcluded, "level-2 unit")) excluded: "
                + "all their level-1 rows were excluded")
        }
        return reasons
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// "SES (15), MATHACH (8)": the variables with a non-zero count.
    private static func breakdown(_ names: [String], _ counts: [Int]) -> String {
        zip(names, counts).filter { $0.1 > 0 }.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
    }
}
