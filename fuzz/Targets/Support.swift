// Shared by the fuzz targets (compiled into the HLMKit module with each target by fuzz/run.sh).

/// The fuzzer's input as bytes.
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Runs `body`; an `HLMError` of the expected type with a non-empty message is a correct refusal,
/// any other error is a bug and stops the fuzzer (so that libFuzzer saves the input).
func expectRefusal<Expected: HLMError>(_ type: Expected.Type, _ body: () throws -> Void) {
    do {
        try body()
    } catch let error as Expected {
        precondition(!error.description.isEmpty, "empty message for \(error)")
    } catch {
        preconditionFailure("unexpected error type \(Swift.type(of: error)): \(error)")
    }
}
