/// Row or line numbers of the level-1 rows used, one per used row, held without an array while they are
/// consecutive (value `i + shift` at position `i`): a file sorted by ID whose rows are all used, on regular
/// lines, needs no N-sized array to say where each row came from.
///
/// A collection of `Int` indexed from 0 (a slice keeps its base's indices, as an `ArraySlice` does); equal
/// when the numbers are, however they are held.
struct RowNumbers: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, Sendable {
    /// The numbers as written, when they are not consecutive.
    private var explicit: ArraySlice<Int>?
    /// What is added to a position to give its number, when `explicit` is nil.
    private var shift = 0
    let startIndex: Int
    let endIndex: Int

    /// `numbers` as they are.
    init(_ numbers: [Int]) {
        explicit = numbers[...]
        startIndex = 0
        endIndex = numbers.count
    }

    /// The numbers `range.lowerBound + i` at positions `i` of `0 ..< range.count`.
    init(consecutive range: Range<Int>) {
        shift = range.lowerBound
        startIndex = 0
        endIndex = range.count
    }

    init(arrayLiteral numbers: Int...) {
        self.init(numbers)
    }

    private init(explicit: ArraySlice<Int>?, shift: Int, indices: Range<Int>) {
        self.explicit = explicit
        self.shift = shift
        startIndex = indices.lowerBound
        endIndex = indices.upperBound
    }

    /// Whether the numbers are held without an array (`init(consecutive:)`).
    var isConsecutive: Bool { explicit == nil }

    subscript(position: Int) -> Int {
        explicit?[position] ?? position + shift
    }

    subscript(bounds: Range<Int>) -> RowNumbers {
        RowNumbers(explicit: explicit?[bounds], shift: shift, indices: bounds)
    }

    /// Each number plus `offset`, still without an array when the numbers are consecutive.
    func shifted(by offset: Int) -> RowNumbers {
        guard explicit == nil else { return RowNumbers(map { $0 + offset }) }
        return RowNumbers(explicit: nil, shift: shift + offset, indices: indices)
    }

    static func == (lhs: RowNumbers, rhs: RowNumbers) -> Bool {
        lhs.elementsEqual(rhs)
    }
}
