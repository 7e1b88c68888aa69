/// One argument a command takes, declared once with everything the parser and `--help` need: its name, how it
/// takes text, its help and section, and where the value goes in the command's stored properties.
///
/// Each command lists its arguments in `Subcommand.arguments`, in the order `--help` shows them; an option
/// group shared by commands (`EstimationArguments`, ...) lists its own and is included with
/// `ArgumentGroup.group(_:)`.
struct ArgumentDeclaration<Values> {
    /// How the argument takes its text.
    let kind: ArgumentKind
    /// The option's long name without the dashes (`max-iterations`), or a positional argument's value name.
    let name: String
    /// The value's name in `--help` and messages (`--id <id>`, `<files>`); empty for a flag.
    let valueName: String
    /// The help text.
    let help: String
    /// The title of the `--help` section listing the argument (upper-cased there); nil for OPTIONS/ARGUMENTS.
    var title: String? = nil
    /// Whether the command fails without it (a usage error naming it).
    let isRequired: Bool
    /// Whether it may be given more than once, each value kept (`--model`, the files).
    let repeats: Bool
    /// The values it takes, when they are a fixed list (`ArgumentValue.allValueStrings`).
    let allValueStrings: [String]
    /// The default `--help` shows, read from a command's initial values; nil when none is shown.
    let defaultDescription: (Values) -> String?
    /// Stores the argument's text (an empty string for a flag); false when the text is not a valid value.
    let assign: (inout Values, String) -> Bool

    /// The argument as `--help` and messages name it: `--name <value>`, `--name` or `<value>`.
    var label: String {
        switch kind {
        case .flag: return "--\(name)"
        case .option, .unconditionalOption: return "--\(name) <\(valueName)>"
        case .positional: return "<\(valueName)>"
        }
    }

    /// The declaration for a command that keeps these values at `path`.
    func lifted<Command>(into path: WritableKeyPath<Command, Values>) -> ArgumentDeclaration<Command> {
        let assign = self.assign
        let defaultDescription = self.defaultDescription
        return ArgumentDeclaration<Command>(
            kind: kind, name: name, valueName: valueName, help: help, title: title, isRequired: isRequired,
            repeats: repeats, allValueStrings: allValueStrings,
            defaultDescription: { defaultDescription($0[keyPath: path]) },
            assign: { assign(&$0[keyPath: path], $1) })
    }

    /// The declaration listed in `--help` under `title` (upper-cased there) instead of OPTIONS.
    func titled(_ title: String) -> Self {
        var titled = self
        titled.title = title
        return titled
    }
}

extension ArgumentDeclaration {
    /// `--name`: sets the Boolean at `path`.
    static func flag(_ name: String, _ path: WritableKeyPath<Values, Bool>, help: String) -> Self {
        Self(kind: .flag, name: name, valueName: "", help: help, isRequired: false, repeats: false,
             allValueStrings: [], defaultDescription: { _ in nil }, assign: { values, _ in
                 values[keyPath: path] = true
                 return true
             })
    }

    /// `--name VALUE`, optional, without a default: sets the value at `path` (the last one given wins).
    static func option<Value: ArgumentValue>(_ name: String, _ path: WritableKeyPath<Values, Value?>,
                                             valueName: String? = nil, help: String) -> Self {
        Self(kind: .option, name: name, valueName: valueName ?? name, help: help, isRequired: false, repeats: false,
             allValueStrings: Value.allValueStrings, defaultDescription: { _ in nil },
             assign: { values, text in store(Value(argument: text), at: path, in: &values) })
    }

    /// `--name VALUE` with a default (shown in `--help`), or required (`required: true`, no default shown).
    static func option<Value: ArgumentValue>(_ name: String, _ path: WritableKeyPath<Values, Value>,
                                             valueName: String? = nil, required: Bool = false, help: String) -> Self {
        Self(kind: .option, name: name, valueName: valueName ?? name, help: help, isRequired: required,
             repeats: false, allValueStrings: Value.allValueStrings,
             defaultDescription: { required ? nil : $0[keyPath: path].defaultValueDescription },
             assign: { values, text in
                 guard let value = Value(argument: text) else { return false }
                 values[keyPath: path] = value
                 return true
             })
    }

    /// `--name VALUE`, repeatable: appends each value to the list at `path`. `unconditional` takes the next
    /// argument even when it starts with `-`.
    static func repeated<Value: ArgumentValue>(_ name: String, _ path: WritableKeyPath<Values, [Value]>,
                                               valueName: String, unconditional: Bool = false, help: String) -> Self {
        Self(kind: unconditional ? .unconditionalOption : .option, name: name, valueName: valueName, help: help,
             isRequired: false, repeats: true, allValueStrings: Value.allValueStrings,
             defaultDescription: { _ in nil }, assign: { values, text in
                 guard let value = Value(argument: text) else { return false }
                 values[keyPath: path].append(value)
                 return true
             })
    }

    /// A positional argument: one optional value at `path`.
    static func positional(_ valueName: String, _ path: WritableKeyPath<Values, String?>, help: String) -> Self {
        Self(kind: .positional, name: valueName, valueName: valueName, help: help, isRequired: false, repeats: false,
             allValueStrings: [], defaultDescription: { _ in nil },
             assign: { values, text in store(text, at: path, in: &values) })
    }

    /// A required positional argument at `path`.
    static func positional(_ valueName: String, _ path: WritableKeyPath<Values, String>, help: String) -> Self {
        Self(kind: .positional, name: valueName, valueName: valueName, help: help, isRequired: true, repeats: false,
             allValueStrings: [], defaultDescription: { _ in nil }, assign: { values, text in
                 values[keyPath: path] = text
                 return true
             })
    }

    /// Positional arguments, any number: appended to the list at `path`.
    static func positional(_ valueName: String, _ path: WritableKeyPath<Values, [String]>, help: String) -> Self {
        Self(kind: .positional, name: valueName, valueName: valueName, help: help, isRequired: false, repeats: true,
             allValueStrings: [], defaultDescription: { _ in nil }, assign: { values, text in
                 values[keyPath: path].append(text)
                 return true
             })
    }

    /// Stores `value` at `path`; false when it is nil (the text spelled no value).
    private static func store<Value>(_ value: Value?, at path: WritableKeyPath<Values, Value?>,
                                     in values: inout Values) -> Bool {
        guard let value else { return false }
        values[keyPath: path] = value
        return true
    }
}

/// How the argument takes its text.
enum ArgumentKind: Equatable {
    /// `--name`, no value.
    case flag
    /// `--name VALUE` or `--name=VALUE`; the next argument is not taken when it starts with `-`.
    case option
    /// `--name VALUE` taking the next argument whatever it is (`--missing -99`, `--test "..."`).
    case unconditionalOption
    /// A value given by position.
    case positional
}
