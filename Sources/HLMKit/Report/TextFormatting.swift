import Foundation

// Fixed-width building blocks shared by the text report's sections.

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

/// Number formats of the text report. Non-finite values print as `NaN`, `Inf` or `-Inf`.
enum TextNumber {
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

    /// C's printf formatting of one number (`vsnprintf`): the same digits as `String(format:)`, whose
    /// Foundation implementation costs several microseconds a call (a report has a few hundred numbers).
    static func cFormat(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let written = withVaList([x]) { vsnprintf(buffer.baseAddress!, 64, format, $0) }
            guard written >= 0, written < 64 else { return String(format: format, x) }
            return String(cString: buffer.baseAddress!)
        }
    }
}

/// A horizontal rule of `width` dashes.
func textRule(_ width: Int = 80) -> String {
    String(repeating: "-", count: width)
}
