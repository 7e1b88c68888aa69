// A JSON value whose objects keep their keys in the order written, and its pretty printer.

/// A JSON document tree with ordered object keys.
indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Printed in Swift's shortest round-trip form; NaN and infinities print as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Pretty-printed with two-space indents; arrays of scalars stay on one line.
    func rendered(indent: String = "") -> String {
        var out = ""
        render(into: &out, indent: indent)
        return out
    }

    /// Appends the printed value to `out`, one buffer for the whole document rather than a string per value
    /// joined into its parent's.
    private func render(into out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .int(value): out += String(value)
        case let .number(value): out += value.isFinite ? value.description : "null"
        case let .string(value): Self.appendQuoted(value, to: &out)
        case let .array(elements):
            if elements.allSatisfy(\.isScalar) {
                out += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { out += ", " }
                    element.render(into: &out, indent: "")
                }
                out += "]"
                return
            }
            Self.renderBlock(elements, open: "[", close: "]", into: &out, indent: indent) { element, out, inner in
                element.render(into: &out, indent: inner)
            }
        case let .object(members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            Self.renderBlock(members, open: "{", close: "}", into: &out, indent: indent) { member, out, inner in
                Self.appendQuoted(member.key, to: &out)
                out += ": "
                member.value.render(into: &out, indent: inner)
            }
        }
    }

    /// An array or object over several lines: `open`, each item on its own line one indent deeper (`item`
    /// prints it after the indent), separated by commas, then `close` at `indent`.
    private static func renderBlock<Item>(_ items: [Item], open: String, close: String, into out: inout String,
                                          indent: String, item: (Item, inout String, String) -> Void) {
        let inner = indent + "  "
        out += open + "\n"
        for (index, element) in items.enumerated() {
            if index > 0 { out += ",\n" }
            out += inner
            item(element, &out, inner)
        }
        out += "\n" + indent + close
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    private static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
