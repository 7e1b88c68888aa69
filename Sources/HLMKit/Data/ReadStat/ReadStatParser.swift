// Every call into ReadStat's C API is in this file: ReadStat parses by callbacks, C function pointers that
// cannot capture Swift state, so each pass hands its state to them as the parser's `void *ctx` (an object
// passed unretained, alive for the whole call) and the rest of HLMKit sees only Swift values
// (`StatisticalFileParser`). The file compiles to nothing but a nil parser when ReadStat is not installed
// (Package.swift adds the CReadStat target only when its header is found).
#if canImport(CReadStat)
import CReadStat

/// The parser of this build: ReadStat.
var installedStatisticalFileParser: (any StatisticalFileParser.Type)? { ReadStatParser.self }

/// Reads SPSS, Stata and SAS files with ReadStat (the library behind R's haven and Python's pyreadstat).
enum ReadStatParser: StatisticalFileParser {
    static func header(path: String, format: StatisticalFileFormat) throws -> StatisticalFileHeader {
        let pass = HeaderPass()
        try parse(path, format, pass) { parser in
            readstat_set_metadata_handler(parser) { metadata, context in
                HeaderPass.from(context).rowCount = Int(readstat_get_row_count(metadata))
                return Int32(READSTAT_HANDLER_OK)
            }
            readstat_set_variable_handler(parser) { index, variable, _, context in
                let pass = HeaderPass.from(context)
                pass.variables.append(StatisticalVariable(
                    name: String(cString: readstat_variable_get_name(variable)),
                    isText: readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING,
                    format: readstat_variable_get_format(variable).map { String(cString: $0) } ?? ""))
                // Without a row count in the header (SAS transport files), the cases are counted on the first
                // variable.
                return Int32(pass.rowCount < 0 && index > 0 ? READSTAT_HANDLER_SKIP_VARIABLE : READSTAT_HANDLER_OK)
            }
            readstat_set_value_handler(parser) { row, _, _, context in
                let pass = HeaderPass.from(context)
                guard pass.rowCount < 0 else {
                    pass.stoppedEarly = true
                    return Int32(READSTAT_HANDLER_ABORT)
                }
                pass.countedRows = max(pass.countedRows, Int(row) + 1)
                return Int32(READSTAT_HANDLER_OK)
            }
        }
        return StatisticalFileHeader(variables: pass.variables,
                                     rowCount: pass.rowCount >= 0 ? pass.rowCount : pass.countedRows)
    }

    static func columns(_ indices: [Int], path: String, format: StatisticalFileFormat,
                        header: StatisticalFileHeader) throws -> [StatisticalColumn] {
        let pass = ColumnPass(indices, header: header)
        try parse(path, format, pass) { parser in
            readstat_set_variable_handler(parser) { index, _, _, context in
                Int32(ColumnPass.from(context).slots[Int(index)] == nil
                      ? READSTAT_HANDLER_SKIP_VARIABLE : READSTAT_HANDLER_OK)
            }
            readstat_set_value_handler(parser) { row, variable, value, context in
                let pass = ColumnPass.from(context)
                guard let slot = pass.slots[Int(readstat_variable_get_index(variable))] else {
                    return Int32(READSTAT_HANDLER_OK)
                }
                guard Int(row) < pass.rowCount else {
                    pass.failure = "it has more cases than its header says (\(pass.rowCount))"
                    return Int32(READSTAT_HANDLER_ABORT)
                }
                let missing = readstat_value_is_missing(value, variable) != 0
                if pass.isText[slot] {
                    pass.texts[slot][Int(row)] = missing ? "" : readstat_string_value(value).map { String(cString: $0) } ?? ""
                } else {
                    pass.numbers[slot][Int(row)] = missing ? .nan : readstat_double_value(value)
                }
                return Int32(READSTAT_HANDLER_OK)
            }
        }
        return pass.isText.indices.map { pass.isText[$0] ? .texts(pass.texts[$0]) : .numbers(pass.numbers[$0]) }
    }

    /// Runs ReadStat's parser of `format` on `path` with the handlers `configure` sets and `pass` as their
    /// context. A pass that stops the parser on purpose (`stoppedEarly`) is not a failure.
    private static func parse(_ path: String, _ format: StatisticalFileFormat, _ pass: Pass,
                              configure: (UnsafeMutablePointer<readstat_parser_t>) -> Void) throws {
        guard let parser = readstat_parser_init() else {
            throw DataError.unreadableStatisticalFile(path: path, format: format, reason: "out of memory")
        }
        defer { readstat_parser_free(parser) }
        readstat_set_error_handler(parser) { message, context in
            if let message { Pass.from(context).libraryMessage = String(cString: message).trimmed }
        }
        configure(parser)
        let context = Unmanaged.passUnretained(pass).toOpaque()
        let status = withExtendedLifetime(pass) {
            switch format {
            case .spss: return readstat_parse_sav(parser, path, context)
            case .stata: return readstat_parse_dta(parser, path, context)
            case .sas: return readstat_parse_sas7bdat(parser, path, context)
            case .sasTransport: return readstat_parse_xport(parser, path, context)
            }
        }
        if let failure = pass.failure {
            throw DataError.unreadableStatisticalFile(path: path, format: format, reason: failure)
        }
        guard status != READSTAT_OK, !(status == READSTAT_ERROR_USER_ABORT && pass.stoppedEarly) else { return }
        let reason = String(cString: readstat_error_message(status)).trimmed
        throw DataError.unreadableStatisticalFile(
            path: path, format: format,
            reason: pass.libraryMessage.map { "\(reason) (\($0))" } ?? reason)
    }
}

/// The state one parse shares with its callbacks.
private class Pass {
    /// ReadStat's own description of the last error, if it gave one.
    var libraryMessage: String?
    /// Why a handler stopped the parse, when the file is at fault.
    var failure: String?
    /// Whether a handler stopped the parse because it had what it needed.
    var stoppedEarly = false

    /// The pass behind a callback's `ctx`.
    static func from(_ context: UnsafeMutableRawPointer?) -> Self {
        Unmanaged<Self>.fromOpaque(context!).takeUnretainedValue()
    }
}

/// The header pass: the variables, and the rows counted when the header does not say.
private final class HeaderPass: Pass {
    var variables: [StatisticalVariable] = []
    var rowCount = -1
    var countedRows = 0
}

/// The values pass: the chosen variables' values by slot, missing values as NaN or "".
private final class ColumnPass: Pass {
    /// Each chosen variable's slot, by the variable's index in the file.
    let slots: [Int: Int]
    let isText: [Bool]
    let rowCount: Int
    var numbers: [[Double]]
    var texts: [[String]]

    init(_ indices: [Int], header: StatisticalFileHeader) {
        slots = Dictionary(indices.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
        isText = indices.map { header.variables[$0].isText }
        rowCount = header.rowCount
        numbers = isText.map { $0 ? [] : Array(repeating: .nan, count: header.rowCount) }
        texts = isText.map { $0 ? Array(repeating: "", count: header.rowCount) : [] }
    }
}
#else
/// The parser of this build: none, as ReadStat was not installed when it was built.
var installedStatisticalFileParser: (any StatisticalFileParser.Type)? { nil }
#endif
