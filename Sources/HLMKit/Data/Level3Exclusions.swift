/// Counts of the level-2 units and level-3 units a three-level join excluded, by reason, and their wording
/// for `DataSummary` (after the two-level join's own, see `JoinExclusions`).
///
/// Each level-2 unit is counted once, under the first reason that applies: no level-3 ID on any of its rows;
/// its level-3 ID not in the level-3 file; its level-3 unit excluded for a missing level-3 value. Each
/// level-3 row likewise: missing ID; the first missing level-3 variable; no level-2 units left.
struct Level3Exclusions {
    /// Why a level-2 unit was excluded.
    enum Reason {
        case missingLevel3ID
        case unmatchedLevel3ID
        case missingLevel3Value(Int)
    }

    let names: [String]
    let level3Path: String?

    var missingIDUnits = 0, missingIDRows = 0
    var unmatchedUnits = 0, unmatchedRows = 0, unmatchedIDs = 0
    var missingValueUnits = 0, missingValueRows = 0
    var level3MissingID = 0
    var level3UnitsMissingByVariable: [Int]
    var level3UnitsWithoutUnits = 0

    init(names: [String], level3Path: String?) {
        self.names = names
        self.level3Path = level3Path
        level3UnitsMissingByVariable = Array(repeating: 0, count: names.count)
    }

    /// Counts one excluded level-2 unit with its `rows` level-1 rows.
    mutating func add(_ reason: Reason, rows: Int) {
        switch reason {
        case .missingLevel3ID: (missingIDUnits, missingIDRows) = (missingIDUnits + 1, missingIDRows + rows)
        case .unmatchedLevel3ID: (unmatchedUnits, unmatchedRows) = (unmatchedUnits + 1, unmatchedRows + rows)
        case .missingLevel3Value: (missingValueUnits, missingValueRows) = (missingValueUnits + 1, missingValueRows + rows)
        }
    }

    /// One sentence per reason that excluded anything.
    var reasons: [String] {
        var reasons = [String]()
        func units(_ count: Int, _ rows: Int) -> String {
            "\(Self.count(count, "level-2 unit")) (and their \(Self.count(rows, "level-1 row")))"
        }
        if missingIDUnits > 0 {
            reasons.append("\(units(missingIDUnits, missingIDRows)) excluded: missing level-3 ID")
        }
        if unmatchedUnits > 0 {
            reasons.append("\(units(unmatchedUnits, unmatchedRows)) excluded: level-3 ID not in \(level3Path ?? "") "
                + "(\(Self.count(unmatchedIDs, "ID")))")
        }
        if level3MissingID > 0 {
            reasons.append("\(Self.count(level3MissingID, "level-3 row")) excluded: missing ID")
        }
        let missing = level3UnitsMissingByVariable.reduce(0, +)
        if missing > 0 {
            let breakdown = zip(names, level3UnitsMissingByVariable).filter { $0.1 > 0 }
                .map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            reasons.append("\(Self.count(missing, "level-3 unit")) (and their \(units(missingValueUnits, missingValueRows))) "
                + "excluded: missing value in \(breakdown)")
        }
        if level3UnitsWithoutUnits > 0 {
            reasons.append("\(Self.count(level3UnitsWithoutUnits, "level-3 unit")) excluded: no level-2 units used")
        }
        return reasons
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
