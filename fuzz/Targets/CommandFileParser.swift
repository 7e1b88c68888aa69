// libFuzzer target: the HLM2 command-file (.hlm) parser.
// Any text must either give a command file or be refused with a SpecificationError (never hang:
// HLM 8 waits for input on an unknown keyword).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandFileParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    expectRefusal(SpecificationError.self) {
        let file = try CommandFile.parse(contents: String(decoding: fuzzBytes(data, size), as: UTF8.self),
                                         path: "fuzz.hlm")
        precondition(file.specification.level2.map(\.coefficient) == file.specification.level1.coefficientNames)
        let options = AnalysisSettings().estimationOptions(for: file.specification, commandFile: file)
        precondition(options.maxIterations > 0)
    }
    return 0
}
