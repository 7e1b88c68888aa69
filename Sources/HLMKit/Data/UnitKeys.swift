/// A unit ID as compared in a join: a number when every ID in both files is a number, else the
/// trimmed text.
enum UnitKey: Hashable, Comparable {
    case number(Double)
    case text(String)

    static func < (lhs: UnitKey, rhs: UnitKey) -> Bool {
        switch (lhs, rhs) {
        case let (.number(left), .number(right)): return left < right
        case let (.text(left), .text(right)): return left < right
        case (.number, .text): return true
        case (.text, .number): return false
        }
    }

    /// The ID as reported in `MultilevelData.unitIDs`: integers without a decimal point
    /// (`"01"` and `"1.0"` both become `"1"`), other numbers in Swift's shortest form, text as is.
    var label: String {
        switch self {
        case let .number(value):
            return value.compactText
        case let .text(text):
            return text
        }
    }
}

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
        // nil: missing; NaN: not a finite number.
        func number(_ text: String) -> Double? {
            if missing.containsTrimmed(text) { return nil }
            return DecimalParser.parse(text).flatMap { $0.isFinite ? $0 : nil } ?? .nan
        }
        let numbers2 = level2IDs.map(number)
        let numbers1 = level1IDs.map(number)
        let allNumeric = ![numbers2, numbers1].joined().contains { $0?.isNaN == true }
        var lookup = [UnitKey: Int]()
        func index(_ text: String, _ number: Double?) -> Int {
            guard let number else { return Self.missing }
            let key = allNumeric ? UnitKey.number(number) : .text(text)
            if let known = lookup[key] { return known }
            lookup[key] = keys.count
            keys.append(key)
            return keys.count - 1
        }
        level2 = zip(level2IDs, numbers2).map(index)
        level1 = zip(level1IDs, numbers1).map(index)
    }

    /// Maps numeric IDs (NaN: missing) to keys; consecutive rows of one unit hash their ID once.
    init(level1Numbers: [Double], level2Numbers: [Double]) {
        var lookup = [Double: Int]()
        var last = (id: Double.nan, index: Self.missing)
        func index(_ id: Double) -> Int {
            guard !id.isNaN else { return Self.missing }
            if id == last.id { return last.index }
            let value = id == 0 ? 0 : id
            let found = lookup[value] ?? {
                lookup[value] = keys.count
                keys.append(.number(value))
                return keys.count - 1
            }()
            last = (id, found)
            return found
        }
        level2 = level2Numbers.map(index)
        level1 = level1Numbers.map(index)
    }
}
