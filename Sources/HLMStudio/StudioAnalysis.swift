import HLMKit

/// A finished fit of either kind, with its three reports.
package enum StudioAnalysis: Sendable {
    case twoLevel(HLMAnalysis)
    case threeLevel(ThreeLevelAnalysis)

    /// The text report.
    package var report: String {
        switch self {
        case let .twoLevel(analysis): TextReport.render(analysis)
        case let .threeLevel(analysis): TextReport.render(analysis)
        }
    }

    /// The self-contained HTML report with its plots.
    package var html: String {
        switch self {
        case let .twoLevel(analysis): HTMLReport.render(analysis)
        case let .threeLevel(analysis): HTMLReport.render(analysis)
        }
    }

    /// The JSON report.
    package var json: String {
        switch self {
        case let .twoLevel(analysis): JSONReport.render(analysis)
        case let .threeLevel(analysis): JSONReport.render(analysis)
        }
    }
}
