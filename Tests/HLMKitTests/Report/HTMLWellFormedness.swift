/// A strict check of the HTML report's markup, written for the tests because FoundationXML is not available
/// everywhere: the document starts with `<!DOCTYPE html>`, then is well-formed XML (every element closed in
/// order or self-closed, attributes double-quoted and not repeated, `<` only in tags, `&` only in the
/// references `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#NN;`), which HTML5 parsers read the same way.
enum HTMLWellFormedness {
    /// The first problem found, with its character offset; nil for a well-formed document.
    static func problem(in document: String) -> String? {
        let prefix = "<!DOCTYPE html>\n"
        guard document.hasPrefix(prefix) else { return "the document does not start with <!DOCTYPE html>" }
        let text = Array(document.unicodeScalars.dropFirst(prefix.unicodeScalars.count))
        var open: [String] = []
        var i = 0
        func fail(_ message: String) -> String { "at scalar \(i + prefix.count): \(message) (open: \(open.joined(separator: " > ")))" }
        while i < text.count {
            switch text[i] {
            case "<":
                var j = i + 1
                let closing = j < text.count && text[j] == "/"
                if closing { j += 1 }
                let nameStart = j
                while j < text.count, text[j].properties.isAlphabetic || ("0"..."9").contains(text[j]) { j += 1 }
                let name = String(String.UnicodeScalarView(text[nameStart..<j]))
                guard !name.isEmpty else { return fail("'<' that starts no tag") }
                var attributes = Set<String>()
                while true {
                    while j < text.count, text[j] == " " || text[j] == "\n" { j += 1 }
                    guard j < text.count else { return fail("unterminated tag <\(name)") }
                    if text[j] == ">" || (text[j] == "/" && j + 1 < text.count && text[j + 1] == ">") { break }
                    guard !closing else { return fail("attributes on a closing tag </\(name)>") }
                    let attributeStart = j
                    while j < text.count, text[j] != "=", text[j] != " ", text[j] != ">" { j += 1 }
                    let attribute = String(String.UnicodeScalarView(text[attributeStart..<j]))
                    guard attributes.insert(attribute).inserted else { return fail("repeated attribute \(attribute)") }
                    guard j + 1 < text.count, text[j] == "=", text[j + 1] == "\"" else {
                        return fail("attribute \(attribute) of <\(name)> is not =\"quoted\"")
                    }
                    j += 2
                    while j < text.count, text[j] != "\"" {
                        guard text[j] != "<" else { return fail("'<' inside the attribute \(attribute)") }
                        if text[j] == "&", let problem = referenceProblem(text, at: j) { return fail(problem) }
                        j += 1
                    }
                    j += 1
                }
                if text[j] == "/" {
                    j += 1
                } else if closing {
                    guard open.last == name else { return fail("</\(name)> closes <\(open.last ?? "nothing")>") }
                    open.removeLast()
                } else {
                    open.append(name)
                }
                i = j + 1
            case "&":
                if let problem = referenceProblem(text, at: i) { return fail(problem) }
                i += 1
            case ">":
                return fail("'>' outside a tag")
            default:
                i += 1
            }
        }
        return open.isEmpty ? nil : "unclosed elements at the end: \(open.joined(separator: " > "))"
    }

    private static func referenceProblem(_ text: [Unicode.Scalar], at start: Int) -> String? {
        guard let end = text[start...].prefix(12).firstIndex(of: ";") else { return "a bare '&'" }
        let name = String(String.UnicodeScalarView(text[(start + 1)..<end]))
        let numeric = name.hasPrefix("#") && name.count > 1 && name.dropFirst().allSatisfy(\.isNumber)
        return numeric || ["amp", "lt", "gt", "quot"].contains(name) ? nil : "unknown reference &\(name);"
    }
}
