// The plot primitive: a scatter / line / interval chart as inline SVG, drawn here rather than by a charting
// library so that the page needs no script. Coordinates are written with one decimal in a 720 x 440 view box,
// about a tenth of a pixel at full size: finer digits would only make the file larger. Marks of one kind and
// colour share one <path> (points as zero-length round-capped segments), and points that round to the same
// position are written once, so that 7,000 residuals cost tens of kilobytes, not megabytes of <circle>s.

/// A chart with two axes, marks (points, segments, lines) and a legend, rendered as accessible SVG: the
/// `<svg>` is an image labelled by its title (`aria-label` and `<title>`) and described by its `<desc>`. Its
/// text's font and size come from the page's style sheet.
struct SVGPlot {
    /// A colour of the palette (Okabe and Ito's, distinguishable with colour-blindness).
    enum Colour: String {
        case blue = "#0072B2", vermillion = "#D55E00", green = "#009E73", purple = "#CC79A7", orange = "#E69F00"
        case sky = "#56B4E9", grey = "#8C8C8C", black = "#222222"

        /// The palette in order, for series.
        static let series: [Colour] = [.blue, .vermillion, .green, .purple, .orange, .sky]
    }

    /// What is drawn in the plotting area, in data coordinates.
    enum Mark {
        /// Dots of `radius` (view-box units); `opacity` below 1 shows where many overlap.
        case points([(x: Double, y: Double)], colour: Colour, radius: Double = 2.5, opacity: Double = 1)
        /// Separate straight segments (intervals, units' lines).
        case segments([(x0: Double, y0: Double, x1: Double, y1: Double)], colour: Colour, width: Double = 1.2,
                      opacity: Double = 1)
        /// A reference line through the given points, dashed.
        case reference([(x: Double, y: Double)])
    }

    var title: String
    /// The text alternative: what the plot shows and what it shows of the data.
    var description: String
    var x: PlotAxis
    var y: PlotAxis
    var marks: [Mark]
    /// Colour keys shown above the plotting area.
    var legend: [(text: String, colour: Colour)] = []

    private static let width = 720.0, height = 440.0
    private static let left = 78.0, right = 16.0, top = 34.0, bottom = 58.0

    /// A scatter plot of `points` on equal axes covering them all (and `0` when `includingZero`), with the
    /// dashed line of equality y = x: the shrinkage and Q-Q plots.
    static func againstEquality(title: String, description: String, xLabel: String, yLabel: String,
                                points: [(x: Double, y: Double)], colour: Colour, includingZero: Bool = false) -> SVGPlot {
        let all: [Double] = points.flatMap { [$0.x, $0.y] } + (includingZero ? [0] : [])
        let x = PlotAxis(label: xLabel, covering: all), y = PlotAxis(label: yLabel, covering: all)
        return SVGPlot(title: title, description: description, x: x, y: y,
                       marks: [.reference([(x: x.lower, y: x.lower), (x: x.upper, y: x.upper)]),
                               .points(points, colour: colour, opacity: 0.75)])
    }

    /// The SVG element; `id` makes its title and description ids unique in the page.
    func svg(id: String) -> String {
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func px(_ value: Double) -> Double { Self.left + x.fraction(value) * plotWidth }
        func py(_ value: Double) -> Double { Self.top + (1 - y.fraction(value)) * plotHeight }
        var parts = ["<svg viewBox=\"0 0 720 440\" role=\"img\" "
                        + "aria-label=\"\(title.htmlEscaped)\" aria-describedby=\"\(id)-desc\">",
                     "<title>\(title.htmlEscaped)</title>",
                     "<desc id=\"\(id)-desc\">\(description.htmlEscaped)</desc>",
                     "<defs><clipPath id=\"\(id)-clip\"><rect x=\"\(Self.left)\" y=\"\(Self.top)\" "
                        + "width=\"\(plotWidth)\" height=\"\(plotHeight)\"/></clipPath></defs>",
                     "<rect x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" "
                        + "fill=\"none\" stroke=\"#999\"/>"]
        parts += axisMarkup(px: px, py: py, plotWidth: plotWidth, plotHeight: plotHeight)
        parts.append("<g clip-path=\"url(#\(id)-clip)\">")
        parts += marks.map { markMarkup($0, px: px, py: py) }
        parts.append("</g>")
        parts += legendMarkup()
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Ticks, grid lines, tick labels and the two axis labels.
    private func axisMarkup(px: (Double) -> Double, py: (Double) -> Double, plotWidth: Double,
                            plotHeight: Double) -> [String] {
        let bottomEdge = Self.top + plotHeight
        var grid = "", tickPath = "", labels: [String] = []
        for tick in x.ticks {
            let position = Self.coordinate(px(tick.value))
            grid += "M\(position) \(Self.top)V\(bottomEdge)"
            tickPath += "M\(position) \(bottomEdge)v5"
            labels.append("<text x=\"\(position)\" y=\"\(bottomEdge + 20)\" text-anchor=\"middle\">\(tick.text.htmlEscaped)</text>")
        }
        for tick in y.ticks {
            let position = Self.coordinate(py(tick.value))
            grid += "M\(Self.left) \(position)H\(Self.left + plotWidth)"
            tickPath += "M\(Self.left) \(position)h-5"
            labels.append("<text x=\"\(Self.left - 8)\" y=\"\(position)\" text-anchor=\"end\" "
                            + "dominant-baseline=\"middle\">\(tick.text.htmlEscaped)</text>")
        }
        let middleY = Self.coordinate(Self.top + plotHeight / 2)
        return ["<path d=\"\(grid)\" stroke=\"#e4e4e4\" fill=\"none\"/>",
                "<path d=\"\(tickPath)\" stroke=\"#666\" fill=\"none\"/>"] + labels
            + ["<text x=\"\(Self.coordinate(Self.left + plotWidth / 2))\" y=\"\(Self.height - 12)\" "
                + "text-anchor=\"middle\" font-weight=\"600\">\(x.label.htmlEscaped)</text>",
               "<text x=\"18\" y=\"\(middleY)\" transform=\"rotate(-90 18 \(middleY))\" text-anchor=\"middle\" "
                + "font-weight=\"600\">\(y.label.htmlEscaped)</text>"]
    }

    /// One mark as a single `<path>`.
    private func markMarkup(_ mark: Mark, px: (Double) -> Double, py: (Double) -> Double) -> String {
        switch mark {
        case let .points(points, colour, radius, opacity):
            var seen = Set<String>(), d = ""
            for point in points where point.x.isFinite && point.y.isFinite {
                let key = "M\(Self.coordinate(px(point.x))) \(Self.coordinate(py(point.y)))h0"
                if seen.insert(key).inserted { d += key }
            }
            return "<path d=\"\(d)\" stroke=\"\(colour.rawValue)\" stroke-width=\"\(2 * radius)\" "
                + "stroke-linecap=\"round\" stroke-opacity=\"\(opacity)\" fill=\"none\"/>"
        case let .segments(segments, colour, width, opacity):
            let d = segments.filter { [$0.x0, $0.y0, $0.x1, $0.y1].allSatisfy(\.isFinite) }.map { s in
                "M\(Self.coordinate(px(s.x0))) \(Self.coordinate(py(s.y0)))L\(Self.coordinate(px(s.x1))) \(Self.coordinate(py(s.y1)))"
            }.joined()
            return "<path d=\"\(d)\" stroke=\"\(colour.rawValue)\" stroke-width=\"\(width)\" "
                + "stroke-opacity=\"\(opacity)\" fill=\"none\"/>"
        case let .reference(points):
            let d = points.enumerated().map { index, point in
                "\(index == 0 ? "M" : "L")\(Self.coordinate(px(point.x))) \(Self.coordinate(py(point.y)))"
            }.joined()
            return "<path d=\"\(d)\" stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\" fill=\"none\"/>"
        }
    }

    /// The legend in one row above the plotting area.
    private func legendMarkup() -> [String] {
        var offset = Self.left
        return legend.map { entry in
            defer { offset += 44 + Double(entry.text.count) * 8.6 }
            return "<rect x=\"\(Self.coordinate(offset))\" y=\"12\" width=\"14\" height=\"14\" fill=\"\(entry.colour.rawValue)\"/>"
                + "<text x=\"\(Self.coordinate(offset + 20))\" y=\"24\">\(entry.text.htmlEscaped)</text>"
        }
    }

    /// A view-box coordinate with one decimal.
    private static func coordinate(_ value: Double) -> String {
        ReportNumberFormat.fixed(value, 1)
    }
}
