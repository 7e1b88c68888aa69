import HLMKit

/// A type an option's text converts to: `--max-iterations 50` is an `Int`, `--family poisson` a
/// `ResponseFamily`. What `ArgumentDeclaration` needs of a value to read it and to describe it in `--help`.
protocol ArgumentValue {
    /// The value `argument` spells, or nil when it spells none (a usage error naming the option).
    init?(argument: String)

    /// Every value the option takes, listed in `--help` ("(values: ...)") and in the message for an invalid
    /// one; empty when the values are not a fixed list.
    static var allValueStrings: [String] { get }

    /// How `--help` shows this value as an option's default ("(default: ...)").
    var defaultValueDescription: String { get }
}

extension ArgumentValue {
    static var allValueStrings: [String] { [] }

    var defaultValueDescription: String { "\(self)" }
}

extension ArgumentValue where Self: RawRepresentable, RawValue == String {
    var defaultValueDescription: String { rawValue }
}

extension ArgumentValue where Self: RawRepresentable, RawValue == String, Self: CaseIterable {
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension String: ArgumentValue {
    init?(argument: String) { self = argument }
}

extension Int: ArgumentValue {
    init?(argument: String) { self.init(argument) }
}

extension UInt64: ArgumentValue {
    init?(argument: String) { self.init(argument) }
}

extension Double: ArgumentValue {
    init?(argument: String) { self.init(argument) }
}

extension CSVFormat.Delimiter: ArgumentValue {
    init?(argument: String) { self.init(rawValue: argument) }
}
