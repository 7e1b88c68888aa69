/// The distinct unit IDs of the level-1 and level-2 files, with each row mapped to its ID's index in
/// `keys` (or `UnitKeyIndex.missing`).
struct UnitKeyIndex {
    /// Marks a row whose ID is missing.
    static let missing = -1

    /// The distinct IDs, in order of first appearance (level-2 file first).
    var keys: [UnitKey] = []
    /// Each level-1 row's index into `keys`.
    var level1: [Int] = []
    /// Each level-2 row's index into `keys` (empty without a level-2 file).
    var level2: [Int] = []

    /// Maps trimmed ID texts to keys; IDs are compared as numbers when all non-missing IDs are numbers.
    init(level1IDs: [String], level2IDs: [String], missing: MissingValueCodes) {
        // nil: missing; .text: not a number.
        func key(_ text: String) -> UnitKey? {
            if missing.contains(text) { return nil }
            return ExactDecimal(text).map(UnitKey.number) ?? .text(text)
        }
        let keys2 = level2IDs.map(key)
        let keys1 = level1IDs.map(key)
        let allNumeric = ![keys2, keys1].joined().contains { if case .text? = $0 { true } else { false } }
        var lookup = [UnitKey: Int]()
        func index(_ text: String, _ number: UnitKey?) -> Int {
            guard let number else { return Self.missing }
            let key = allNumeric ? number : .text(text)
            if let known = lookup[key] { return known }
            lookup[key] = keys.count
            keys.append(key)
            return keys.count - 1
        }
        level2 = zip(level2IDs, keys2).map(index)
        level1 = zip(level1IDs, keys1).map(index)
    }

    /// Maps integer IDs (exact, below 2^53; NaN: missing) to keys; consecutive rows of one unit hash their ID
    /// once.
    init(level1Integers: [Double], level2Integers: [Double]) {
        var lookup = [Double: Int]()
        var last = (id: Double.nan, index: Self.missing)
        func index(_ id: Double) -> Int {
            guard !id.isNaN else { return Self.missing }
            if id == last.id { return last.index }
            let value = id == 0 ? 0 : id
            let found = lookup[value] ?? {
                lookup[value] = keys.count
                keys.append(.integer(value))
                return keys.count - 1
            }()
            last = (id, found)
            return found
        }
        level2 = level2Integers.map(index)
        level1 = level1Integers.map(index)
    }
}
