/// One figure of the report: a plot with its visible title and a sentence on how to read it, or, when the data
/// do not allow the plot, the title and the reason.
struct HTMLFigure {
    var title: String
    /// The plot; nil when it cannot be drawn (`reading` then says why).
    var plot: SVGPlot?
    /// How to read the plot, or why there is none.
    var reading: String

    /// A figure whose plot is titled `plot.title`.
    init(_ plot: SVGPlot, reading: String) {
        title = plot.title
        self.plot = plot
        self.reading = reading
    }

    /// The place of a plot that the data do not allow, saying why.
    init(absent title: String, because reason: String) {
        self.title = title
        plot = nil
        reading = reason
    }

    /// The figure's markup; `id` is unique in the page.
    func html(id: String) -> String {
        guard let plot else {
            return "<figure id=\"\(id)\"><figcaption>\(title.htmlEscaped)</figcaption>"
                + "<p class=\"note\">\(reading.htmlEscaped)</p></figure>"
        }
        return "<figure id=\"\(id)\"><figcaption>\(title.htmlEscaped)</figcaption>\n<div class=\"plot\">\(plot.svg(id: id))</div>\n"
            + "<p>\(reading.htmlEscaped)</p></figure>"
    }
}
