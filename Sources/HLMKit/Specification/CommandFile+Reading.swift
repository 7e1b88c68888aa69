/// Reads a command file line by line, collecting the model and the settings.
struct CommandFileReader {
    let path: String
    private var model = ModelBuilder()
    private(set) var settings: [String: String] = [:]
    private(set) var firstLines: [String: Int] = [:]
    /// The rows of each `gammaK:` test by K, with the first line of each.
    private var contrasts: [Int: (rows: [[Double]], line: Int)] = [:]

    init(path: String) {
        self.path = path
    }

    /// Reads one line (1-based `number`); comments and blank lines are skipped.
    mutating func read(_ line: String, number: Int) throws {
        let trimmed = line.trimmed
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        guard let colon = line.firstIndex(of: ":") else {
            throw error(.missingColon(trimmed), line: number)
        }
        let written = line[..<colon].trimmed
        let keyword = written.lowercased()
        let valueStart = line[line.index(after: colon)...].firstIndex { !$0.isWhitespace } ?? line.endIndex
        let value = line[valueStart...].trimmed
        if let test = try testNumber(keyword, line: number) {
            try readContrast(value, test: test, keyword: keyword, line: number)
            return
        }
        if keyword != "level2", keyword != "level3", let first = firstLines[keyword] {
            throw error(.repeatedKeyword(keyword, firstLine: first), line: number)
        }
        firstLines[keyword] = number
        let scanner = EquationScanner(line, source: .commandFile(path: path, line: number),
                                      start: line.distance(from: line.startIndex, to: valueStart))
        switch keyword {
        case "level1": try model.addLevel1(scanner, syntax: .commandFile, acceptsResidual: true)
        case "level2": try model.addLevel2(scanner, syntax: .commandFile)
        case "level3": try readLevel3(value, scanner: scanner, line: number)
        case "heterol1var": try readVariancePredictors(value, scanner: scanner, line: number)
        case _ where CommandFile.supportedKeywords.contains(keyword): settings[keyword] = value
        case _ where CommandFile.ignoredKeywords.contains(keyword): break
        default:
            guard let defaults = CommandFile.defaultOnlyKeywords[keyword] else {
                throw error(.unknownKeyword(written), line: number)
            }
            guard CommandFile.isDefault(value, defaults) else {
                throw error(.unsupported(keyword: keyword, value: value, defaultValue: defaults[0]), line: number)
            }
        }
    }

    /// An HLM3 `level3:` line: `COEF2=INTRCPT3+W+random/` for a predictor COEF2 of the last `level2:` line's
    /// equation (as HLM3 writes them), or `COEF1/COEF2=...` in full.
    private mutating func readLevel3(_ value: String, scanner: EquationScanner, line: Int) throws {
        let left = value.prefix { $0 != "=" }
        if left.contains("/") { return try model.addLevel3(scanner, syntax: .commandFile) }
        guard let coefficient = model.level2.last?.coefficient else { throw error(.level3BeforeLevel2, line: line) }
        try model.addLevel3(scanner, syntax: .commandFile, coefficient: coefficient)
    }

    /// `heterol1var:n` (or empty), `heterol1var:A,B` or `heterol1var:y,A,B`.
    private mutating func readVariancePredictors(_ value: String, scanner: EquationScanner, line: Int) throws {
        let lowered = value.lowercased()
        if lowered.isEmpty || lowered == "n" { return }
        guard lowered != "y" else {
            throw error(.invalidValue(keyword: "heterol1var", value: value,
                                      expected: "n, or the variables after y, e.g. heterol1var:y,FEMALE,SES"),
                        line: line)
        }
        var scanner = scanner
        if lowered.hasPrefix("y"), lowered.dropFirst().trimmed.hasPrefix(",") {
            scanner.skip(past: ",")
        }
        try model.addVariancePredictors(scanner, syntax: .commandFileList)
    }

    /// K of a `gammaK:` keyword (K >= 1), else nil.
    ///
    /// - Throws: `.ambiguousTestKeyword` for K written with a leading zero (`gamma01:`).
    private func testNumber(_ keyword: String, line: Int) throws -> Int? {
        let digits = keyword.dropFirst(5)
        guard keyword.hasPrefix("gamma"), digits.allSatisfy({ ("0"..."9").contains($0) }), let k = Int(digits), k >= 1
        else { return nil }
        guard digits.first != "0" else { throw error(.ambiguousTestKeyword(keyword), line: line) }
        return k
    }

    /// One contrast row of test K: weights separated by commas or spaces.
    private mutating func readContrast(_ value: String, test: Int, keyword: String, line: Int) throws {
        let fields = value.split { $0 == "," || $0.isWhitespace }
        let weights = fields.compactMap { Double($0) }.filter(\.isFinite)
        guard !fields.isEmpty, weights.count == fields.count else {
            throw error(.invalidValue(keyword: keyword, value: value,
                                      expected: "one finite number per fixed effect, e.g. \(keyword):0,1,0,0"),
                        line: line)
        }
        contrasts[test, default: (rows: [], line: line)].rows.append(weights)
    }

    /// The `gammaK:` tests in order of K.
    private func hypothesisTests() -> [CommandFile.GammaTest] {
        contrasts.keys.sorted().map { k in
            CommandFile.GammaTest(number: k, line: contrasts[k]!.line, rows: contrasts[k]!.rows)
        }
    }

    /// `deviance:` with `df:` (both or neither).
    private func previousModel() throws -> (deviance: Double, parameters: Int)? {
        let deviance = try settings["deviance"].map { text -> Double in
            guard let value = Double(text), value.isFinite else { throw invalid("deviance", text, expected: "a number") }
            return value
        }
        let parameters = try number("df", as: Int.self, maximum: .max, expected: "a positive whole number (parameters)")
        switch (deviance, parameters) {
        case let (deviance?, parameters?): return (deviance, parameters)
        case (nil, nil): return nil
        case (.some, nil): throw invalid("deviance", settings["deviance"]!, expected: "a df: line with it")
        case (nil, .some): throw invalid("df", settings["df"]!, expected: "a deviance: line with it")
        }
    }

    /// The command file read so far.
    func commandFile() throws -> CommandFile {
        guard firstLines["level1"] != nil else { throw error(.missingLevel1, line: nil) }
        _ = try flag("hypoth")
        let isThreeLevel = firstLines["level3"] != nil
        var file = CommandFile(
            specification: try response(of: model.specification(threeLevel: isThreeLevel)),
            fullMaximumLikelihood: try flag("mlf"),
            maxIterations: try number("numit", as: Int.self, maximum: .max, expected: "a positive whole number"),
            stopValue: try number("stopval", as: Double.self, maximum: .greatestFiniteMagnitude,
                                expected: "a positive finite number"),
            title: settings["title"],
            outputPath: settings["output"].map(besideCommandFile),
            fullOutput: try flag("fulloutput") ?? false,
            homogeneityTest: try flag("homvar") ?? false,
            level1ResidualFile: try residualFile("resfil1"),
            level2ResidualFile: try residualFile("resfil2"),
            hypothesisTests: hypothesisTests())
        if let previous = try previousModel() {
            (file.previousDeviance, file.previousParameters) = previous
        }
        try readIterationSettings(into: &file)
        try readDataSets(into: &file)
        try readWeights(into: &file)
        if isThreeLevel {
            try checkThreeLevel(file)
            file.level3ResidualFile = try residualFile("resfil3")
        } else if let value = settings["resfil3"], !value.isEmpty, try flag("resfil3") == true {
            throw invalid("resfil3", value, expected: "n: a level-3 residual file needs a three-level model (level3: lines)")
        }
        return file
    }

    func flag(_ keyword: String) throws -> Bool? {
        guard let value = settings[keyword] else { return nil }
        switch value.lowercased() {
        case "y": return true
        case "n": return false
        default: throw invalid(keyword, value, expected: "y or n")
        }
    }

    func number<T: LosslessStringConvertible & Comparable & ExpressibleByIntegerLiteral>(
        _ keyword: String, as type: T.Type, maximum: T, expected: String
    ) throws -> T? {
        guard let value = settings[keyword] else { return nil }
        guard let number = T(value), number > 0, number <= maximum else {
            throw invalid(keyword, value, expected: expected)
        }
        return number
    }

    private func residualFile(_ keyword: String) throws -> String? {
        guard try flag(keyword) == true else { return nil }
        guard let name = settings[keyword + "name"], !name.isEmpty else {
            throw error(.missingResidualFileName(keyword), line: firstLines[keyword])
        }
        return besideCommandFile(name)
    }

    /// `name` as a path: absolute as written, relative to the command file's folder otherwise (as HLM).
    func besideCommandFile(_ name: String) -> String {
        guard !name.isEmpty, !name.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return name }
        return path[...slash] + name
    }

    func invalid(_ keyword: String, _ value: String, expected: String) -> SpecificationError {
        error(.invalidValue(keyword: keyword, value: value, expected: expected), line: firstLines[keyword])
    }

    func error(_ problem: CommandFileProblem, line: Int?) -> SpecificationError {
        .commandFile(problem, path: path, line: line)
    }
}

private extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
