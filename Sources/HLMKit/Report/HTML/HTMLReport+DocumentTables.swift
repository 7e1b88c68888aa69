// A JSON report document (`ThreeLevelReportDocument`, ...) as HTML tables, read from its tree rather than from
// its fields, so that what the document gains (tests, reliabilities) shows in the page without a change here:
// an object's scalars form one table of names and values, an array of objects one table with a column per key,
// a `{coefficients, matrix}` object a matrix table, and other objects their own tables, captioned by their path.

extension HTMLReport {
    /// The tables of `document`'s tree; `omitting` top-level keys shown elsewhere in the page.
    static func documentTables(_ document: JSONValue, omitting: Set<String> = []) -> [HTMLTable] {
        guard case let .object(members) = document else { return [] }
        return objectTables(members.filter { !omitting.contains($0.key) }, path: [])
    }

    /// An object's scalar members (and lists of scalars) as one table of names and values, then its other
    /// members' tables.
    private static func objectTables(_ members: [(key: String, value: JSONValue)], path: [String]) -> [HTMLTable] {
        let scalars = members.compactMap { member in scalarText(member.value, key: member.key).map { (member.key, $0) } }
        var tables: [HTMLTable] = []
        if !scalars.isEmpty {
            tables.append(HTMLTable(caption: path.isEmpty ? "Estimation" : caption(path), columns: ["Item", "Value"],
                                    rows: scalars.map { .cells([.text(heading($0.0)), .number($0.1)]) }))
        }
        for member in members where scalarText(member.value, key: member.key) == nil {
            tables += memberTables(member.value, path: path + [member.key])
        }
        return tables
    }

    /// The tables of a non-scalar member at `path`.
    private static func memberTables(_ value: JSONValue, path: [String]) -> [HTMLTable] {
        switch value {
        case let .array(elements):
            let rows = elements.compactMap { element -> [(key: String, value: JSONValue)]? in
                if case let .object(members) = element { return members } else { return nil }
            }
            guard !rows.isEmpty else { return [] }
            let keys = rows.flatMap { $0.map(\.key) }.uniqued()
            return [HTMLTable(caption: caption(path), columns: keys.map(heading), rows: rows.map { row in
                .cells(keys.enumerated().map { index, key in
                    let text = member(key, of: row).map { cellText($0, key: key) } ?? ""
                    return index == 0 ? .text(text) : .number(text)
                })
            })]
        case let .object(members):
            if let matrix = matrixTable(members, path: path) { return [matrix] }
            return objectTables(members, path: path)
        default:
            return []
        }
    }

    /// A `{coefficients: [names], matrix: [[numbers]]}` object as a square table; nil for another object.
    private static func matrixTable(_ members: [(key: String, value: JSONValue)], path: [String]) -> HTMLTable? {
        guard members.count == 2, case let .array(names)? = member("coefficients", of: members),
              case let .array(rows)? = member("matrix", of: members), rows.count == names.count
        else { return nil }
        let labels = names.map { cellText($0, key: "") }
        return HTMLTable(caption: caption(path), columns: [""] + labels, rows: rows.enumerated().map { index, row in
            guard case let .array(cells) = row else { return .cells([.text(labels[index])]) }
            return .cells([.text(labels[index])] + cells.map { .number(cellText($0, key: "")) })
        })
    }

    /// The value of `key` in `members`, nil when absent (a loop: `first(where:)` on these tuples sends the
    /// compiler round a cycle of Sendable checks on the recursive `JSONValue`).
    private static func member(_ key: String, of members: [(key: String, value: JSONValue)]) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// A scalar's or a list of scalars' text; nil for an object or a list holding an object or a list.
    private static func scalarText(_ value: JSONValue, key: String) -> String? {
        switch value {
        case .object: return nil
        case let .array(elements):
            let texts = elements.map { element -> String? in
                switch element {
                case .array, .object: nil
                default: cellText(element, key: key)
                }
            }
            return texts.contains(nil) ? nil : texts.compactMap { $0 }.joined(separator: "; ")
        default: return cellText(value, key: key)
        }
    }

    /// A value's text in a cell: a p-value (`key` `p` or ending in `_p`) as the text report prints p-values,
    /// other numbers with six decimals (shortest form when smaller than 0.001), a list's items separated by
    /// semicolons, an object (in a row of an array) as its JSON text on one line.
    private static func cellText(_ value: JSONValue, key: String) -> String {
        switch value {
        case .null: return "–"
        case let .bool(flag): return flag ? "yes" : "no"
        case let .int(number): return "\(number)"
        case let .number(number):
            if key == "p" || key.hasSuffix("_p") { return ReportNumberFormat.pValue(number) }
            return number != 0 && abs(number) < 1e-3 ? number.compactText : ReportNumberFormat.fixed(number, 6)
        case let .string(text): return text
        case let .array(elements): return elements.map { cellText($0, key: key) }.joined(separator: "; ")
        case .object: return value.rendered().split(whereSeparator: \.isNewline).map { String($0).trimmed }.joined(separator: " ")
        }
    }

    /// A key as a heading: `se` as SE, `df` as d.f., words separated (`level1_used` as `Level1 used`).
    private static func heading(_ key: String) -> String {
        let known = ["se": "SE", "df": "d.f.", "p": "p-value", "t": "t-ratio", "z": "z-ratio", "fmi": "FMI",
                     "robust_se": "Robust SE", "robust_t": "Robust t-ratio", "robust_p": "Robust p-value"]
        if let text = known[key] { return text }
        let words = key.replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A path of keys as a caption: `Level1 variance: alpha`.
    private static func caption(_ path: [String]) -> String {
        path.enumerated().map { index, key in index == 0 ? heading(key) : key.replacing("_", with: " ") }
            .joined(separator: ": ")
    }
}
