import Testing
@testable import HLMKit

/// A non-normal outcome's settings in a command file (HLM's HGLM keywords) and their checks against each other.
@Suite("Specification: non-normal outcomes in command files and their settings")
struct ResponseSettingsTests {
    /// A Bernoulli command file as HLM writes one, with `lines` added.
    static func file(_ lines: [String], nonlin: String = "nonlin:bernoulli") throws -> CommandFile {
        try CommandFile.parse(contents: (["#WHLM CMD FILE FOR contraception.mdm", nonlin,
                                          "level1:USE=INTRCPT1+URBAN+AGE,2+LIV+RANDOM",
                                          "level2:INTRCPT1=INTRCPT2+random/"] + lines).joined(separator: "\n"),
                              path: "model.hlm")
    }

    @Test("nonlin: names the family and its trials or exposure column; Bernoulli is also binomial without one",
          arguments: [
              ("nonlin:n", ResponseFamily.normal, nil, nil), ("nonlin:bernoulli", .bernoulli, nil, nil),
              ("nonlin:BINOMIAL", .bernoulli, nil, nil), ("nonlin:binomial,n", .binomial, "N", nil),
              ("nonlin:poisson", .poisson, nil, nil), ("nonlin:poisson, days", .poisson, nil, "DAYS"),
          ] as [(String, ResponseFamily, String?, String?)])
    func families(line: String, family: ResponseFamily, trials: String?, exposure: String?) throws {
        let model = try Self.file([], nonlin: line).specification
        #expect(model.family == family && model.trialsVariable == trials && model.exposureVariable == exposure)
        #expect(model.responseVariables == [trials, exposure].compactMap { $0 } && !model.overdispersion)
    }

    @Test("nonlin: refuses the models we do not fit and malformed values, naming the keyword",
          arguments: ["nonlin:multinomial,3", "nonlin:ordinal,4", "nonlin:bernoulli,N", "nonlin:binomial,",
                      "nonlin:y", "nonlin:poisson,A,B"])
    func refusedFamilies(line: String) {
        let error = specificationError { _ = try Self.file([], nonlin: line) }
        guard case let .commandFile(.invalidValue(keyword, _, expected), _, line: 2)? = error else {
            Issue.record("expected an invalid nonlin: value, got \(String(describing: error))")
            return
        }
        #expect(keyword == "nonlin" && expected.contains("multinomial and ordinal models are not fitted"))
    }

    @Test("fixsigma2:1 is HLM's line without over-dispersion; n estimates the scale (binomial, poisson only)")
    func overdispersion() throws {
        #expect(try !Self.file(["fixsigma2:1.000000"]).specification.overdispersion)
        #expect(try Self.file(["fixsigma2:n"], nonlin: "nonlin:poisson").specification.overdispersion)
        #expect(try Self.file(["fixsigma2:none"], nonlin: "nonlin:binomial,N").specification.overdispersion)
        #expect(specificationError { _ = try Self.file(["fixsigma2:n"]) }
                == .response(.overdispersionWithFamily(.bernoulli)))
        #expect(try !Self.file(["fixsigma2:n"], nonlin: "nonlin:n").specification.overdispersion)
        for (line, nonlin) in [("fixsigma2:1", "nonlin:n"), ("fixsigma2:2", "nonlin:poisson")] {
            guard case .commandFile(.invalidValue("fixsigma2", _, _), _, _)? =
                    specificationError({ _ = try Self.file([line], nonlin: nonlin) }) else {
                Issue.record("\(line) with \(nonlin) should be refused")
                continue
            }
        }
    }

    @Test("macroit:, microit:, stopmacro:, stopmicro: are read; macroit:K,y (past the limit) is refused")
    func iterationSettings() throws {
        let file = try Self.file(["macroit:50,n", "microit:14", "stopmicro:0.000001", "stopmacro:0.0001"])
        #expect(file.macroIterations == 50 && file.microIterations == 14)
        #expect(file.stopMicro == 1e-6 && file.stopMacro == 1e-4)
        #expect(try Self.file(["macroit:30"]).macroIterations == 30)
        for line in ["macroit:100,y", "macroit:0", "microit:x", "stopmacro:-1"] {
            guard case .commandFile(.invalidValue, _, line: 5)? = specificationError({ _ = try Self.file([line]) })
            else {
                Issue.record("\(line) should be refused on its line")
                continue
            }
        }
    }

    @Test("laplace:y,K and agq:y,K choose the estimation; n leaves PQL; HLM's laplace6 and EM Laplace stay off")
    func estimationKeywords() throws {
        #expect(try Self.file(["laplace:y,50"]).laplace == CommandFile.LaplaceRequest(iterations: 50))
        #expect(try Self.file(["laplace:y"]).laplace == CommandFile.LaplaceRequest(iterations: nil))
        #expect(try Self.file(["laplace:n,0"]).laplace == nil)
        #expect(try Self.file(["agq:y,25"]).adaptiveQuadrature == CommandFile.QuadratureRequest(points: 25))
        #expect(try Self.file(["agq:n", "laplace6:n,0", "emlaplace5:n,0"]).adaptiveQuadrature == nil)
        #expect(specificationError { _ = try Self.file(["laplace6:y,50"]) }
                == .commandFile(.unsupported(keyword: "laplace6", value: "y,50", defaultValue: "n"), path: "model.hlm",
                                line: 5))
        guard case .commandFile(.invalidValue("agq", _, _), _, _)? =
                specificationError({ _ = try Self.file(["laplace:y,50", "agq:y,7"]) }) else {
            Issue.record("laplace:y with agq:y should be refused")
            return
        }
        guard case .commandFile(.invalidValue("laplace", _, _), _, _)? =
                specificationError({ _ = try Self.file(["laplace:maybe"]) }) else {
            Issue.record("laplace:maybe should be refused")
            return
        }
    }

    @Test("a level-1 variance model is for the normal family only")
    func varianceModel() {
        #expect(specificationError { _ = try Self.file(["heterol1var:y,URBAN"]) }
                == .response(.varianceModelWithFamily(.bernoulli)))
    }

    @Test("withResponse refuses trials, exposure and over-dispersion that do not fit the family", arguments: [
        (ResponseFamily.poisson, "N", nil, false, ResponseSettingProblem.trialsWithoutBinomial(.poisson)),
        (.binomial, nil, nil, false, .binomialWithoutTrials),
        (.bernoulli, nil, "T", false, .exposureWithoutPoisson(.bernoulli)),
        (.normal, nil, "T", false, .exposureWithoutPoisson(.normal)),
        (.binomial, "use", nil, false, .responseColumnIsOutcome("USE")),
        (.normal, nil, nil, true, .overdispersionWithFamily(.normal)),
        (.bernoulli, nil, nil, true, .overdispersionWithFamily(.bernoulli)),
    ] as [(ResponseFamily, String?, String?, Bool, ResponseSettingProblem)])
    func contradictions(family: ResponseFamily, trials: String?, exposure: String?, overdispersion: Bool,
                        problem: ResponseSettingProblem) throws {
        let model = try ModelSpecification.parse(models: ["USE = INTRCPT1 + URBAN"])
        let error = specificationError {
            _ = try model.withResponse(family: family, trials: trials, exposure: exposure,
                                       overdispersion: overdispersion)
        }
        #expect(error == .response(problem))
        #expect(error?.category == .usage && !(error?.description.isEmpty ?? true))
    }

    @Test("the trials and exposure columns must be level-1 columns")
    func responseColumnsAtLevel1() throws {
        let model = try ModelSpecification.parse(models: ["USE = INTRCPT1 + URBAN"])
            .withResponse(family: .binomial, trials: "n", exposure: nil, overdispersion: false)
        #expect(throws: Never.self) {
            try model.validate(level1Columns: ["USE", "URBAN", "N"], level2Columns: [], idColumn: "ID")
        }
        #expect(specificationError {
            try model.validate(level1Columns: ["USE", "URBAN"], level2Columns: ["N"], idColumn: "ID")
        } == .wrongLevel("N", variableLevel: 2, usedIn: .trials))
        let counts = try ModelSpecification.parse(models: ["USE = INTRCPT1"])
            .withResponse(family: .poisson, trials: nil, exposure: "days", overdispersion: true)
        guard case .unknownVariable("DAYS", usedIn: .exposure, _, _)? = specificationError({
            try counts.validate(level1Columns: ["USE"], level2Columns: [], idColumn: "ID")
        }) else {
            Issue.record("a missing exposure column should be named")
            return
        }
    }
}
