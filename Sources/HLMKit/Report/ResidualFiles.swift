// HLM's residual files as CSV (documented in docs/RESIDUAL-FILES.md).

extension ResidualTable {
    /// The table as CSV: a header, then one line per row; numbers in Swift's shortest round-trip form (whole
    /// numbers without a decimal point), NaN as an empty cell, IDs quoted when they contain `,`, `"` or a line break.
    public func csv() -> String {
        var lines = [([idColumn] + columns).map(Self.quoted).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for (id, row) in zip(ids, rows) {
            lines.append(([Self.quoted(id)] + row.map { $0.isFinite ? $0.compactText : "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
