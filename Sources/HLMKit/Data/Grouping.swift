/// The nesting of the level-1 rows in groups: rows in level-2 units, and (for a three-level model) level-2
/// units in level-3 units.
///
/// `levels[0]` groups the rows into level-2 units, `levels[1]` (when present) groups the level-2 units into
/// level-3 units, and so on: the members of group g of a level are `offsets[g] ..< offsets[g + 1]` of the
/// level below, stored contiguously. A three-level model appends `levels[1]`, whose offsets index the level-2 units.
///
/// Invariants of each level: `offsets.count == ids.count + 1`, `offsets.first == 0`, offsets increase
/// strictly (every group has a member), and `offsets.last` is the number of groups of the level below
/// (the number of rows for `levels[0]`).
struct Grouping: Sendable, Equatable {
    /// The levels from the innermost grouping outwards: `levels[0]` is level 2.
    var levels: [GroupLevel]

    /// A two-level grouping: rows of level-2 unit j are `rowOffsets[j] ..< rowOffsets[j + 1]`.
    init(unitIDs: [String], rowOffsets: [Int]) {
        levels = [GroupLevel(ids: unitIDs, offsets: rowOffsets)]
    }

    /// The level-2 units and their rows.
    var level2: GroupLevel { levels[0] }
    /// J, the number of level-2 units.
    var unitCount: Int { levels[0].count }
    /// N, the number of level-1 rows.
    var rowCount: Int { levels[0].offsets.last ?? 0 }

    /// The level-3 units and their level-2 units (three-level data only).
    var level3: GroupLevel? { levels.count > 1 ? levels[1] : nil }

    /// The rows of level-2 unit j.
    @inline(__always)
    func rows(ofUnit j: Int) -> Range<Int> { levels[0].members(of: j) }
}

/// One level of a `Grouping`: its groups' IDs, and which members of the level below each group holds.
struct GroupLevel: Sendable, Equatable {
    /// The groups' IDs, in order (level-2 units are ordered by ID, see `MultilevelData`).
    var ids: [String]
    /// Members of group g are `offsets[g] ..< offsets[g + 1]` of the level below.
    var offsets: [Int]

    /// Creates a level from parts that satisfy the invariants of `Grouping`.
    init(ids: [String], offsets: [Int]) {
        self.ids = ids
        self.offsets = offsets
    }

    /// The number of groups.
    var count: Int { ids.count }

    /// The members of group g (rows of the level below).
    @inline(__always)
    func members(of g: Int) -> Range<Int> { offsets[g]..<offsets[g + 1] }
}
