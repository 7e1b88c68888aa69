import CNumberFormat

// Fixed-width building blocks of the text report, and its number formats, which messages of every stage use too
// (so they sit below the stages, beside `Double.compactText`).

extension String {
    /// The string right-aligned in `width` columns (never truncated).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// The string left-aligned in `width` columns (never truncated).
    func rightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Number formats of the text report (fixed decimals, p-values, scientific), as HLM prints them.
/// Non-finite values print as `NaN`, `Inf` or `-Inf`. Unlike `Double.compactText`, which writes a value back
/// as a user would type it, these formats have fixed digits.
enum ReportNumberFormat {
    /// `x` with `decimals` digits after the point (`%.<decimals>f`).
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf") }
        return cFormat("%.\(decimals)f", x)
    }

    /// `x` with `decimals` digits after the point, right-aligned in `width` columns.
    static func fixed(_ x: Double, _ decimals: Int, width: Int) -> String {
        fixed(x, decimals).leftPadded(to: width)
    }

    /// A p-value as HLM prints it: `<0.001` below 0.001, else three decimals.
    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : fixed(p, 3)
    }

    /// A small positive quantity (tolerance, gradient norm) in scientific notation, `1.00e-08`.
    static func scientific(_ x: Double) -> String {
        guard x.isFinite else { return fixed(x, 0) }
        return cFormat("%.2e", x)
    }

    /// C's printf formatting of one number (`snprintf`, through a C shim): the same digits as Foundation's
    /// `String(format:)`, without its cost and without the dynamic casts of Swift's `withVaList` (see
    /// docs/SPEED.md). A result longer than `capacity` bytes (a huge number in `%f`) is formatted again into a
    /// buffer of its length.
    static func cFormat(_ format: String, _ x: Double, capacity: Int = 64) -> String {
        // `String(format:)` costs several microseconds a call, and a report has a few hundred numbers.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = Int(hlm_format_double(buffer.baseAddress!, capacity, format, x))
            precondition(written >= 0, "invalid number format \(format)")
            guard written < capacity else { return cFormat(format, x, capacity: written + 1) }
            return String(cString: buffer.baseAddress!)
        }
    }
}

/// A horizontal rule of `width` dashes.
func textRule(_ width: Int = 80) -> String {
    String(repeating: "-", count: width)
}
