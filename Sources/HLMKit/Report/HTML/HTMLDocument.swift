// The page around the report: one HTML5 document with its style sheet inline, no scripts, no fonts or images
// from elsewhere, so that the file opens offline and prints as it shows. The markup is also well-formed XML
// (void elements closed, attributes quoted), which lets a strict XML parser check it.

/// The document skeleton and its style sheet.
enum HTMLDocument {
    /// A whole document titled `title` whose `<body>` holds `body`.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(title.htmlEscaped)</title>
        <style>
        \(styleSheet)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Readable on a phone (the tables scroll sideways inside their box; the plots scale to the width, but no
    /// narrower than 540 px, where their labels are still about 11 px high, and scroll beyond) and
    /// printable (no box scrolls, figures and tables are not split across pages).
    static let styleSheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff;
          max-width: 62rem; margin: 0 auto; padding: 1rem; line-height: 1.45; }
        h1 { font-size: 1.5rem; margin: 0.5rem 0; }
        h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; margin: 0.4rem 0 1rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
        th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
        th { background: #f3f3f3; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.block th { background: #fafafa; font-weight: 600; }
        figure { margin: 1rem 0 2rem; }
        figcaption { font-weight: 600; margin-bottom: 0.3rem; }
        figure p { font-size: 0.9rem; color: #333; margin: 0.3rem 0; }
        svg { display: block; width: 100%; max-width: 720px; height: auto; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 15px; fill: #111; }
        .plot { overflow-x: auto; }
        @media (max-width: 560px) { .plot svg { min-width: 540px; } }
        pre { overflow-x: auto; font-size: 0.8rem; background: #f8f8f8; padding: 0.5rem; }
        .note { color: #444; font-size: 0.9rem; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          .scroll, pre { overflow: visible; }
          pre { white-space: pre-wrap; background: none; }
          figure, table { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          th { background: none; }
        }
        """
}

/// The character references `htmlEscaped` writes.
private let htmlReferences: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]

extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` written as character references, safe in element content and
    /// in quoted attribute values alike.
    var htmlEscaped: String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if let reference = htmlReferences[character] { result += reference } else { result.append(character) }
        }
        return result
    }
}
