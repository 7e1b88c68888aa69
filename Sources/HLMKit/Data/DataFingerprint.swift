// The fingerprint of the data a fit used, saved in the JSON (`data.fingerprint`) so that `hlm compare` can
// check that two fits saw the same data without trusting file names.

/// Order-independent hashes of the rows and values a fit used.
///
/// Each used level-1 row i of unit j contributes h(ID_j, y_i) to `rows` and h(ID_j, y_i, x_i) to the entry of
/// every other variable x of the model (a level-2 variable takes its unit's value); a fingerprint is the sum of
/// its rows' contributions modulo 2^64, so row and unit order do not matter, while a changed ID, outcome value or
/// predictor value, an added or a dropped row does. IDs enter as the program matches them (`UnitKey.label`:
/// `01`, `1` and `1.0` are the same unit when every ID is a number); values enter as numbers (`1`, `1.0` and
/// `-0` equal `1`, `1` and `0`), independent of the file's spelling and of the model's centering.
///
/// h is FNV-1a over the ID's UTF-8 bytes, then each value's IEEE-754 bit pattern folded in by a
/// multiply-xorshift step, finished with the SplitMix64 mixer. Equal fingerprints mean equal data up to a 2^-64
/// chance; the hash is not cryptographic.
struct DataFingerprint: Sendable, Equatable {
    /// The sum of h(ID, outcome) over the used rows.
    var rows: UInt64
    /// For each variable of the model other than the outcome (upper-cased name), the sum of
    /// h(ID, outcome, value) over the used rows.
    var variables: [String: UInt64]

    /// Creates a fingerprint from its parts (e.g. read back from JSON).
    init(rows: UInt64, variables: [String: UInt64]) {
        self.rows = rows
        self.variables = variables
    }

    /// The fingerprint of `data`, whose outcome is `outcome` (upper-cased, as `data.level1` keys it), in one pass
    /// over the rows: h(ID, y) is computed once a row (for blocks of up to `block` rows of a unit at a time)
    /// and extended by each variable's value, one variable after another over the block. The sums modulo 2^64
    /// are exact and commutative, so chunks of units are hashed on all cores and their sums added: the value is
    /// the sequential one.
    init(_ data: MultilevelData, outcome: String) {
        let y = data.level1[outcome] ?? []
        let level1 = data.level1.filter { $0.key != outcome }.sorted { $0.key < $1.key }
        let level2 = data.level2.filter { data.level1[$0.key] == nil }.sorted { $0.key < $1.key }
        let grouping = data.grouping, ids = grouping.level2.ids
        let count1 = level1.count, count = 1 + level1.count + level2.count
        // Per chunk: the rows' sum first, then one sum per level-1 and per level-2 variable.
        let chunks = withColumnPointers([y] + level1.map(\.value) + level2.map(\.value)) { columns in
            concurrentChunks(ids.count) { _, units -> [UInt64] in
                var totals = [UInt64](repeating: 0, count: count)
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.block) { bases in
                    for unit in units {
                        let unitHash = Self.hashText(ids[unit])
                        let rows = grouping.rows(ofUnit: unit)
                        for start in stride(from: rows.lowerBound, to: rows.upperBound, by: Self.block) {
                            let block = start..<min(start + Self.block, rows.upperBound)
                            var sum: UInt64 = 0
                            for row in block {
                                let base = Self.mix(unitHash, columns[0].base[row])
                                bases[row - start] = base
                                sum &+= Self.finish(base)
                            }
                            totals[0] &+= sum
                            for k in 1..<count {
                                let column = columns[k]
                                sum = 0
                                if k <= count1 {
                                    for row in block { sum &+= Self.finish(Self.mix(bases[row - start], column.base[row])) }
                                } else {
                                    let w = column.base[unit]
                                    for row in block { sum &+= Self.finish(Self.mix(bases[row - start], w)) }
                                }
                                totals[k] &+= sum
                            }
                        }
                    }
                }
                return totals
            }
        }
        var totals = [UInt64](repeating: 0, count: count)
        for chunk in chunks { for k in totals.indices { totals[k] &+= chunk[k] } }
        rows = totals[0]
        variables = Dictionary(uniqueKeysWithValues: Array(zip(level1.map(\.key) + level2.map(\.key),
                                                               totals.dropFirst())))
    }

    /// The most rows of a unit whose h(ID, y) are held at a time.
    private static let block = 512

    /// A fingerprint as JSON writes it: 16 lower-case hexadecimal digits.
    static func text(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The value of 16 hexadecimal digits; nil for anything else.
    static func value(_ text: String) -> UInt64? {
        guard text.count == 16, text.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(text, radix: 16)
    }

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a of a text's UTF-8 bytes.
    private static func hashText(_ text: String) -> UInt64 {
        text.utf8.reduce(fnvOffset) { ($0 ^ UInt64($1)) &* fnvPrime }
    }

    /// `value`'s bit pattern (-0 taken as 0) folded into `hash` by a multiply-xorshift step.
    private static func mix(_ hash: UInt64, _ value: Double) -> UInt64 {
        let folded = (hash ^ (value + 0).bitPattern) &* 0x9e37_79b9_7f4a_7c15
        return folded ^ (folded >> 32)
    }

    /// SplitMix64's finaliser, so that sums of row hashes do not cancel in structured ways.
    private static func finish(_ hash: UInt64) -> UInt64 {
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
