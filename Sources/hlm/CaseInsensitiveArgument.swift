/// An enumerated option value read case-insensitively (`--method REML` as `--method reml`), as HLM reads a
/// command file's values (`mlf:Y`). The cases' raw values are lower-case.
protocol CaseInsensitiveArgument: ArgumentValue, RawRepresentable where RawValue == String {}

extension CaseInsensitiveArgument {
    /// The case whose raw value is `argument` lower-cased.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
