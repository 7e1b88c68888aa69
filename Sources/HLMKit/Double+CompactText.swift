extension Double {
    /// The number as a user wrote it most likely: integers without a decimal point (`1`, not `1.0`),
    /// other values in Swift's shortest round-tripping form. Used in messages and residual files; the text
    /// report's fixed-digit formats are `ReportNumberFormat`.
    var compactText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
