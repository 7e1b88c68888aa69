extension MultilevelData {
    /// The data restricted to the level-2 units `units` (indices into `grouping.level2`), in that order: their
    /// rows, level-1 and level-2 values, lines and file rows follow them; the summary's level-1 and level-2
    /// counts are recomputed (their exclusion reasons are the caller's to add). The grouping keeps level 2 only.
    func selecting(units: [Int]) -> MultilevelData {
        var order = [Int]()
        order.reserveCapacity(grouping.rowCount)
        var offsets = [0]
        for j in units {
            order.append(contentsOf: grouping.rows(ofUnit: j))
            offsets.append(order.count)
        }
        var result = self
        result.grouping = Grouping(unitIDs: units.map { grouping.level2.ids[$0] }, rowOffsets: offsets)
        result.level1 = level1.mapValues { column in order.map { column[$0] } }
        result.level2 = level2.mapValues { column in units.map { column[$0] } }
        result.level1Lines = RowNumbers(order.map { level1Lines[$0] })
        result.level1Rows = RowNumbers(order.map { level1Rows[$0] })
        result.summary.level1Used = order.count
        result.summary.level1Excluded = summary.level1Read - order.count
        result.summary.level2Used = units.count
        result.summary.level2Excluded = summary.level2Read - units.count
        return result
    }
}
