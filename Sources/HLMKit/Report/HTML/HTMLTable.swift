// A table of the report as HTML: a caption, one header row, body rows grouped in blocks (HLM's
// "For INTRCPT1, beta_0"), numbers right-aligned. The cells hold the text report's formatted numbers, so the two
// reports agree digit for digit.

/// One HTML table: caption, column headings and rows of cells, inside a box that scrolls sideways on a narrow
/// screen.
struct HTMLTable {
    /// A body cell: its text and whether it is a number (right-aligned).
    struct Cell {
        var text: String
        var isNumber: Bool

        /// A text cell.
        static func text(_ text: String) -> Cell { Cell(text: text, isNumber: false) }
        /// A number cell holding an already formatted number.
        static func number(_ text: String) -> Cell { Cell(text: text, isNumber: true) }
    }

    /// A body row, or the heading of a block of rows spanning the table.
    enum Row {
        case cells([Cell])
        case block(String)
    }

    var caption: String
    /// Headings; the first is the label column's, the others are numbers' columns (right-aligned).
    var columns: [String]
    var rows: [Row]

    /// The table's markup.
    var html: String {
        let head = columns.enumerated().map { index, name in
            "<th scope=\"col\"\(index == 0 ? "" : " class=\"number\"")>\(name.htmlEscaped)</th>"
        }.joined()
        let body = rows.map { row in
            switch row {
            case let .block(title):
                return "<tr class=\"block\"><th scope=\"rowgroup\" colspan=\"\(columns.count)\">\(title.htmlEscaped)</th></tr>"
            case let .cells(cells):
                return "<tr>" + cells.map { cell in
                    "<td\(cell.isNumber ? " class=\"number\"" : "")>\(cell.text.htmlEscaped)</td>"
                }.joined() + "</tr>"
            }
        }.joined(separator: "\n")
        return "<div class=\"scroll\"><table>\n<caption>\(caption.htmlEscaped)</caption>\n"
            + "<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table></div>"
    }
}
