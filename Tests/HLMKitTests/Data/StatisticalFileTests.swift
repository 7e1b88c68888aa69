import Foundation
import Testing
@testable import HLMKit

/// The copies of one HS&B subset that R's haven wrote in each format (references/stat-files.R), and the model the
/// tests fit on them.
enum StatFiles {
    /// Why the tests that read the files are skipped in a build without ReadStat.
    static let readStatMissing: Comment = "ReadStat is not installed (libreadstat-dev): hlm was built without it"
    static var readStatInstalled: Bool { installedStatisticalFileParser != nil }

    /// Level-1 and level-2 files of each format; the SPSS ones have a text ID, user-missing codes (-9 and the
    /// range -99 to -90) and value labels; the Stata ones extended missing values (.a, .z, .b).
    static let pairs: [(level1: String, level2: String)] = [
        ("hsb-level1.sav", "hsb-level2.sav"),
        ("hsb-level1.zsav", "hsb-level2.zsav"),
        ("hsb-level1-uncompressed.sav", "hsb-level2-uncompressed.sav"),
    ] + [8, 10, 12, 13, 14, 15].map { ("hsb-level1-v\($0).dta", "hsb-level2-v\($0).dta") } + [
        ("hsb-level1.sas7bdat", "hsb-level2.sas7bdat"),
        ("hsb-level1.xpt", "hsb-level2.xpt"),
        ("hsb-level1.zsav", "hsb-level2.csv"),
        ("hsb-level1.csv", "hsb-level2-v8.dta"),
    ]

    static func path(_ name: String) throws -> String { try fixtureURL("StatFiles/" + name).path }

    /// Model 3 of the HS&B references on the subset, with the long names (REML).
    static func request(_ level1: String, _ level2: String?, missingCodes: Set<String> = []) throws -> AnalysisRequest {
        let specification = try ModelSpecification.parse(models: [
            "MATH_ACHIEVEMENT = INTRCPT1 + group(SOCIOECONOMIC_STATUS)",
            "INTRCPT1 = INTRCPT2 + SECTOR + MEAN_SOCIOECONOMIC_STATUS + random",
            "SOCIOECONOMIC_STATUS = INTRCPT2 + SECTOR + random",
        ])
        return AnalysisRequest(level1Path: try path(level1), level2Path: try level2.map(path),
                               idColumn: "school_identifier", specification: specification, missingCodes: missingCodes)
    }

    /// The JSON report of `analysis` without what names the files: equal for equal estimates, bit for bit.
    static func json(_ analysis: HLMAnalysis) -> String {
        var analysis = analysis
        analysis.data.level1File = "level1"
        analysis.data.level2File = "level2"
        analysis.data.fileFormats = []
        return JSONReport.render(analysis)
    }
}

@Suite("Data: SPSS, Stata and SAS files (ReadStat)", .enabled(if: StatFiles.readStatInstalled, StatFiles.readStatMissing))
struct StatisticalFileTests {
    @Test("each format gives the CSV copies' fit, bit for bit, with the same exclusions", arguments: StatFiles.pairs)
    func sameFitAsCSV(level1: String, level2: String) throws {
        let csv = try HLMAnalysis.run(try StatFiles.request("hsb-level1.csv", "hsb-level2.csv"))
        let analysis = try HLMAnalysis.run(try StatFiles.request(level1, level2))
        // 16 schools, 638 students: 12 SES values missing (10 in schools kept), one school's MEANSES missing.
        #expect(csv.data.level1Read == 638 && csv.data.level1Excluded == 58 && csv.data.level2Excluded == 1)
        #expect(analysis.data.level1Read == csv.data.level1Read)
        #expect(analysis.data.level1Excluded == csv.data.level1Excluded)
        #expect(analysis.data.level2Excluded == csv.data.level2Excluded)
        #expect(analysis.data.exclusionReasons == csv.data.exclusionReasons)
        #expect(analysis.fit.fixedEffects.map(\.estimate) == csv.fit.fixedEffects.map(\.estimate))
        #expect(analysis.fit.deviance == csv.fit.deviance)
        #expect(StatFiles.json(analysis) == StatFiles.json(csv))
    }

    @Test("the report names the format and says that value labels are not used")
    func formatLine() throws {
        let analysis = try HLMAnalysis.run(try StatFiles.request("hsb-level1.zsav", "hsb-level2-v15.dta"))
        #expect(analysis.data.fileFormats == [
            "\(try StatFiles.path("hsb-level1.zsav")): SPSS data file (value labels not used: numbers as coded)",
            "\(try StatFiles.path("hsb-level2-v15.dta")): Stata data file (value labels not used: numbers as coded)",
        ])
    }

    @Test("names are kept whole; a compressed .sav has all its cases; the SPSS ID is a text variable",
          arguments: StatFiles.pairs.map(\.level1).filter { !$0.hasSuffix(".csv") })
    func header(level1: String) throws {
        let table = try StatisticalTable.read(path: try StatFiles.path(level1),
                                              format: try #require(StatisticalFileFormat(path: level1)))
        #expect(table.header == ["SCHOOL_IDENTIFIER", "MINORITY", "FEMALE", "SOCIOECONOMIC_STATUS",
                                 "MATH_ACHIEVEMENT", "TEST_DATE"])
        #expect(table.rowCount == 638)
        #expect(table.variables[0].isText == level1.contains(".sav") || level1.hasSuffix(".zsav"))
    }

    @Test("missing values (user, system, extended) are NaN where the CSV copy is empty; labels are not used",
          arguments: StatFiles.pairs.map(\.level1).filter { !$0.hasSuffix(".csv") })
    func missingValues(level1: String) throws {
        let csv = try CSVTable.read(path: try StatFiles.path("hsb-level1.csv"))
        let table = try StatisticalTable.read(path: try StatFiles.path(level1),
                                              format: try #require(StatisticalFileFormat(path: level1)))
        let missing = MissingValueCodes([])
        let expected = try csv.numericColumns([1, 2, 3, 4], missing: missing).columns
        let read = try table.numericColumns([1, 2, 3, 4], missing: missing).columns
        #expect(expected[2].filter(\.isNaN).count == 12)
        for (column, values) in read.enumerated() {
            #expect(values.map(\.bitPattern) == expected[column].map(\.bitPattern), "column \(column + 1)")
        }
    }

    @Test("a --missing code matches numbers by value and is counted as in the CSV copy",
          arguments: ["hsb-level1.sav", "hsb-level1-v13.dta", "hsb-level1.xpt"])
    func missingCodes(level1: String) throws {
        let codes: Set<String> = ["1.5120", "NA"]
        let csv = try HLMAnalysis.run(try StatFiles.request("hsb-level1.csv", "hsb-level2.csv", missingCodes: codes))
        let analysis = try HLMAnalysis.run(try StatFiles.request(level1, "hsb-level2.csv", missingCodes: codes))
        // The code 1.5120 makes the 13 students with SES 1.512 missing.
        #expect(csv.data.missingCodeCounts.map(\.cells) == [13])
        #expect(analysis.data.missingCodeCounts == csv.data.missingCodeCounts)
        #expect(StatFiles.json(analysis) == StatFiles.json(csv))
    }

    @Test("a date variable is refused as a model variable, naming the file, the variable and its format",
          arguments: [("hsb-level1.sav", "DATE11"), ("hsb-level1-v8.dta", "%td"), ("hsb-level1-v15.dta", "%td"),
                      ("hsb-level1.sas7bdat", "DATE"), ("hsb-level1.xpt", "DATE")])
    func dateRefused(level1: String, format: String) throws {
        var request = try StatFiles.request(level1, nil)
        request.specification = try ModelSpecification.parse(models: [
            "MATH_ACHIEVEMENT = INTRCPT1 + TEST_DATE", "INTRCPT1 = INTRCPT2 + random",
        ])
        let path = try StatFiles.path(level1)
        expectDataError(.dateVariable(path: path, column: "TEST_DATE", format: format),
                        mentioning: ["'\(path)', variable TEST_DATE is a date or time (format \(format))",
                                     "Compute a numeric variable"]) {
            _ = try HLMAnalysis.run(request)
        }
    }

    @Test("messages about a statistical file place rows by case number")
    func caseNumbers() throws {
        let level2 = try temporaryFile(String(try String(contentsOfFile: StatFiles.path("hsb-level2.csv"), encoding: .utf8)
            .split(separator: "\n").dropLast().joined(separator: "\n")) + "\n")
        let path = try StatFiles.path("hsb-level1.sav")
        let error = #expect(throws: DataError.self) {
            _ = try HLMAnalysis.run(AnalysisRequest(
                level1Path: path, level2Path: level2, idColumn: "SCHOOL_IDENTIFIER",
                specification: try ModelSpecification.parse(models: ["MATH_ACHIEVEMENT = INTRCPT1",
                                                                    "INTRCPT1 = INTRCPT2 + random"])))
        }
        // The last school of the level-2 file (dropped here) has 28 students from case 611 (line 612 of the CSV copy).
        #expect(error?.description.contains("'\(path)' has 28 level-1 rows whose ID has no row") == true)
        #expect(error?.description.contains("'1909' (case 611)") == true, "\(String(describing: error))")
    }

    @Test("a file that is not what its extension says is refused with ReadStat's reason")
    func unreadable() throws {
        let path = try temporaryFile("ID,Y\n1,2\n", name: "data.sav")
        expectDataError(.unreadableStatisticalFile(path: path, format: .spss,
                                                   reason: "Unable to read from file"),
                        mentioning: ["Cannot read '\(path)' as an SPSS data file: Unable to read from file"]) {
            _ = try StatisticalTable.read(path: path, format: .spss)
        }
        expectDataError(.fileNotFound(path: "absent.dta"), mentioning: ["absent.dta"]) {
            _ = try StatisticalTable.read(path: "absent.dta", format: .stata)
        }
    }

    @Test("hlm fit reads a compressed .zsav and a Stata file from the command line")
    func commandLine() throws {
        let result = try CLIRunner.run(["fit", try StatFiles.path("hsb-level1.zsav"), try StatFiles.path("hsb-level2-v12.dta"),
                                        "--id", "SCHOOL_IDENTIFIER", "--model", "MATH_ACHIEVEMENT = INTRCPT1",
                                        "--model", "INTRCPT1 = INTRCPT2 + MEAN_SOCIOECONOMIC_STATUS + random"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Number of level-1 units used     = 590"))
        #expect(result.stdout.contains("hsb-level1.zsav: SPSS data file (value labels not used: numbers as coded)"))
    }
}

/// The statistical formats recognised by extension, and the date formats refused.
@Suite("Data: statistical file formats")
struct StatisticalFileFormatTests {
    @Test("the extension chooses the format, in any case; other files are delimited text")
    func byExtension() {
        #expect(StatisticalFileFormat(path: "a/b.sav") == .spss)
        #expect(StatisticalFileFormat(path: "B.ZSAV") == .spss)
        #expect(StatisticalFileFormat(path: "x.dta") == .stata)
        #expect(StatisticalFileFormat(path: "x.sas7bdat") == .sas)
        #expect(StatisticalFileFormat(path: "x.XPT") == .sasTransport)
        for path in ["x.csv", "x.sav.csv", "dir.sav/data", ".sav", "sav", "x.txt"] {
            #expect(StatisticalFileFormat(path: path) == nil, "\(path)")
        }
    }

    @Test("date, time and date-time formats of each package are recognised; number formats are not")
    func dateFormats() {
        let dates: [(StatisticalFileFormat, String)] = [
            (.spss, "DATE11"), (.spss, "ADATE10"), (.spss, "DATETIME20"), (.spss, "TIME8.2"), (.spss, "MOYR6"),
            (.stata, "%td"), (.stata, "%tc"), (.stata, "%-tdDD/NN/CCYY"), (.stata, "%tm"), (.stata, "%d"),
            (.sas, "DATE9"), (.sas, "DATE9."), (.sas, "MMDDYY10."), (.sas, "DATETIME20."), (.sas, "E8601DA10."),
            (.sasTransport, "TIME8"),
        ]
        let numbers: [(StatisticalFileFormat, String)] = [
            (.spss, "F8.2"), (.spss, "COMMA9.2"), (.spss, ""), (.stata, "%9.0g"), (.stata, "%-10.2f"),
            (.stata, "%8.0gc"), (.sas, "BEST12"), (.sas, "8.2"), (.sasTransport, ""), (.sas, "DOLLAR10.2"),
        ]
        for (format, name) in dates { #expect(format.isDateOrTime(name), "\(format) \(name)") }
        for (format, name) in numbers { #expect(!format.isDateOrTime(name), "\(format) \(name)") }
    }
}

/// Without ReadStat (a build without `HLM_READSTAT=1`, or on a machine without libreadstat-dev), a statistical file is an
/// error that says what to install.
@Suite("Data: statistical files without ReadStat")
struct ReadStatMissingTests {
    @Test("the error names the file, its format and the package to install")
    func message() {
        expectDataError(.readStatUnavailable(path: "survey.sav", format: .spss),
                        mentioning: ["'survey.sav' is an SPSS data file", "apt-get install libreadstat-dev",
                                     "brew install readstat", "HLM_READSTAT=1 swift build", "or save the"]) {
            _ = try StatisticalTable.read(path: "survey.sav", format: .spss, parser: nil)
        }
    }

    @Test("hlm fit with a .sav exits 65 with that message in a build without ReadStat",
          .enabled(if: !StatFiles.readStatInstalled, "hlm was built with ReadStat"))
    func commandLine() throws {
        let result = try CLIRunner.run(["fit", try StatFiles.path("hsb-level1.sav"), "--id", "SCHOOL_IDENTIFIER",
                                        "--model", "MATH_ACHIEVEMENT = INTRCPT1", "--model", "INTRCPT1 = INTRCPT2 + random"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("libreadstat-dev"), "\(result.stderr)")
    }
}
