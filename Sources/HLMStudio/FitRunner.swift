import HLMKit

/// The session's fits: one at a time, cancellable, and the last one kept for saving.
///
/// A fit runs in a detached task (it is CPU-bound and synchronous, so it does not hold the server's request
/// handling); cancelling the task stops HLMKit's optimiser at its next iteration (`Task.isCancelled` is checked
/// there, and `HLMAnalysis.run` then throws `CancellationError`; a three-level fit runs to its end and its
/// result is then dropped).
package actor FitRunner {
    /// A finished fit and the model it fitted.
    package struct Fit: Sendable {
        /// The model as the page sent it.
        package var model: StudioModel
        /// The analysis.
        package var analysis: StudioAnalysis
        /// The command file's settings of the model (for saving it).
        package var fileSettings: CommandFile.Settings
    }

    private var running: Task<StudioAnalysis, any Error>?
    /// The last fit that finished.
    package private(set) var last: Fit?

    /// Creates a runner with no fit.
    package init() {}

    /// Runs `fit` (`HLMAnalysis.run` or `ThreeLevelAnalysis.run`) and keeps the result as `last`.
    ///
    /// - Throws: `StudioError` 409 when a fit is already running or this one was cancelled; 422 with HLMKit's
    ///   message when the data, the model or the fit fail.
    package func fit(model: StudioModel, fileSettings: CommandFile.Settings,
                     _ fit: @escaping @Sendable () throws -> StudioAnalysis) async throws -> StudioAnalysis {
        guard running == nil else {
            throw StudioError(.conflict, "A fit is running: wait for it to finish or cancel it.")
        }
        let task = Task.detached(priority: .userInitiated) {
            let analysis = try fit()
            try Task.checkCancellation()
            return analysis
        }
        running = task
        defer { running = nil }
        do {
            let analysis = try await task.value
            last = Fit(model: model, analysis: analysis, fileSettings: fileSettings)
            return analysis
        } catch is CancellationError {
            throw StudioError(.conflict, "The fit was cancelled.")
        } catch let error as any HLMError {
            throw StudioError(error)
        }
    }

    /// Cancels the running fit; false when none is running.
    package func cancel() -> Bool {
        guard let running else { return false }
        running.cancel()
        return true
    }

    /// Whether a fit is running.
    package var isRunning: Bool { running != nil }
}
