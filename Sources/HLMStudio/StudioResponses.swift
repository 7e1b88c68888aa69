import HLMKit
import Hummingbird

// The JSON bodies of the studio's API (see docs/STUDIO.md).

/// `GET /api/files`: the working folder's name and its data and command files.
struct FilesResponse: ResponseCodable {
    /// The folder's last path component.
    var folder: String
    /// The files.
    var files: [FolderFile]
}

/// `GET /api/variables?file=NAME`: a file's columns with their descriptive statistics.
struct VariablesResponse: ResponseCodable {
    /// The file's name.
    var file: String
    /// Its data rows.
    var rows: Int
    /// Its named columns in the file's order.
    var variables: [VariableDescriptives]
}

/// `POST /api/model`: the model in HLM's notation and as a command file.
struct ModelResponse: ResponseCodable {
    /// The "Summary of the model specified" lines (equations, centering notes, mixed model).
    var notation: [String]
    /// The model as an HLM2 command file; nil (with `commandFileProblem`) when one cannot hold it.
    var commandFile: String?
    /// Why the model cannot be written as a command file.
    var commandFileProblem: String?
}

/// `POST /api/fit`: the fitted model's reports.
struct FitResponse: ResponseCodable {
    /// The HLM-style text report.
    var report: String
    /// The HTML report (a whole document).
    var html: String
    /// The JSON report.
    var json: String
}

/// `POST /api/save` body: a model to save under `name` in the folder.
struct SaveRequest: Codable {
    /// The file name without extension (or with `.hlm`).
    var name: String
    /// The model.
    var model: StudioModel
    /// Whether existing files of these names may be replaced.
    var replace: Bool?
}

/// `POST /api/save`: what was written.
struct SaveResponse: ResponseCodable {
    /// The names of the files written.
    var written: [String]
    /// Why the results were not written beside the model (no fit of this model yet).
    var note: String?
}

/// `POST /api/cancel`: whether a running fit was told to stop.
struct CancelResponse: ResponseCodable {
    /// False when no fit was running.
    var cancelled: Bool
}
