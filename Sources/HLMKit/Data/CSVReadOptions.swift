/// What the user says about a file's format; nil fields are detected from the file. `CSVFormat` is the format
/// then used, given or detected.
public struct CSVReadOptions: Sendable, Equatable {
    /// The field delimiter, or nil to detect it from the header row (the most frequent of `,` `;` tab `|`
    /// outside quotes; `,` on a tie or when there is none).
    public var delimiter: CSVFormat.Delimiter?
    /// Whether decimals are written with a comma, or nil to detect it: a file that is not comma-separated
    /// reads decimal commas when its first number with a decimal separator (in file order) has a comma.
    public var decimalComma: Bool?
    /// The columns the reader will ask for, parsed in the pass that scans the file (a hint: the table is the
    /// same without it).
    var prefetch: CSVPrefetch?

    /// Creates read options (all nil: detect everything).
    public init(delimiter: CSVFormat.Delimiter? = nil, decimalComma: Bool? = nil) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
    }
}
