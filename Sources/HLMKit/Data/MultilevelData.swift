/// Level-1 rows joined to their level-2 units by ID (HLM's MDM), restricted to the rows and units
/// used in the fit, with level-1 rows stored contiguously by unit.
///
/// Invariants: `grouping` satisfies its own (every unit has at least one row), no value is missing (NaN),
/// units are ordered by ID (numerically when every ID is a number, else by string), rows within a unit
/// keep their file order.
struct MultilevelData: Sendable {
    /// Name of the ID column, as written in the level-1 file's header.
    var idColumn: String
    /// The units used, in order, and their rows: rows of unit j are `grouping.rows(ofUnit: j)`.
    var grouping: Grouping
    /// Used level-1 variables by upper-cased name; values in grouped row order.
    var level1: [String: [Double]]
    /// Used level-2 variables by upper-cased name; one value per unit, in unit order.
    var level2: [String: [Double]]
    /// The 1-based line in the level-1 file of each used row (grouped order).
    var level1Lines: RowNumbers
    /// What was read and what was excluded, and why.
    var summary: DataSummary
    /// The 0-based level-1 file row of each used row (grouped order).
    var level1Rows: RowNumbers = []
    /// The level-3 ID column, as written in the level-1 file's header (three-level data only).
    var level3IDColumn: String?
    /// Used level-3 variables by upper-cased name; one value per level-3 unit, in level-3 unit order
    /// (three-level data only).
    var level3: [String: [Double]] = [:]
}
