// libFuzzer target: the `--model` / `--sigma2` equation parser and the check against data columns.
// Each input line is an equation (the first is level 1); a line starting with `~` is a --sigma2 item.
// Any text must either give a complete model or be refused with a SpecificationError.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEquationParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let lines = String(decoding: fuzzBytes(data, size), as: UTF8.self).split(separator: "\n").map(String.init)
    let models = lines.filter { !$0.hasPrefix("~") }
    let variance = lines.filter { $0.hasPrefix("~") }.map { String($0.dropFirst()) }
    expectRefusal(SpecificationError.self) {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: variance)
        precondition(specification.level2.map(\.coefficient) == specification.level1.coefficientNames)
        precondition(specification.level2.contains(where: \.isRandom))
        try specification.validate(level1Columns: ["ID", "MATHACH", "SES", "FEMALE", "MINORITY"],
                                   level2Columns: ["ID", "SECTOR", "MEANSES", "SIZE"], idColumn: "ID")
    }
    return 0
}
