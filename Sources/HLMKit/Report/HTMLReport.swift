/// The report as one self-contained HTML5 document (no network, no scripts or fonts from elsewhere).
public enum HTMLReport {
    /// The analysis as an HTML document: the text report's content.
    public static func render(_ analysis: HLMAnalysis) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escaped(analysis.title))</title></head>
        <body><pre>\(escaped(TextReport.render(analysis)))</pre></body></html>

        """
    }

    /// `text` with `&`, `<`, `>` and `"` written as character references.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
