import Foundation
import Testing
@testable import HLMKit

@Suite("Data: descriptive statistics of a file's columns")
struct VariableDescriptivesTests {
    /// One column of the reference (references/descriptives-references.R: base R's mean, sd, min, max).
    struct Reference: Decodable {
        var name: String
        var count: Int
        var mean: Double
        var sd: Double
        var minimum: Double
        var maximum: Double
    }

    @Test("Every HS&B column's N, mean, SD, minimum and maximum match R's", arguments: ["hsb1", "hsb2"])
    func hsb(file: String) throws {
        let references = try JSONDecoder().decode(
            [String: [Reference]].self,
            from: Data(contentsOf: fixtureURL("Descriptives/hsb-descriptives.json")))[file] ?? []
        let columns = try CSVTable.read(path: exampleFilePath("\(file).csv")).descriptives()
        #expect(columns.map(\.name) == references.map(\.name))
        for (column, reference) in zip(columns, references) {
            #expect(column.count == reference.count && column.missing == 0, "\(file) \(column.name)")
            let statistics = try #require(column.statistics)
            // Sums of 7185 values in double precision: 1e-12 relative leaves room for summation order only.
            expectClose(statistics.mean, reference.mean, absolute: 1e-12, relative: 1e-12, "\(file) \(column.name) mean (R)")
            expectClose(statistics.standardDeviation, reference.sd, relative: 1e-12, "\(file) \(column.name) SD (R)")
            #expect(statistics.minimum == reference.minimum && statistics.maximum == reference.maximum)
        }
    }

    @Test("Missing cells and codes are counted apart; a text column has a count and no statistics")
    func missingAndText() throws {
        let table = try CSVTable(bytes: Array("ID,X,NAME,EMPTY\nA,1,x,\nB,NA,,.\nC,3,z,\nD,-99,w,\n".utf8),
                                 source: "small.csv")
        let columns = table.descriptives(missingCodes: ["-99"])
        #expect(columns.map(\.name) == ["ID", "X", "NAME", "EMPTY"])
        // X: 1 and 3 (NA and the code -99 missing): mean 2, s = sqrt(((1-2)^2 + (3-2)^2) / 1) = sqrt(2).
        #expect(columns[1] == VariableDescriptives(
            name: "X", count: 2, missing: 2,
            statistics: .init(mean: 2, standardDeviation: 2.0.squareRoot(), minimum: 1, maximum: 3)))
        #expect(columns[0].statistics == nil && columns[0].count == 4)
        #expect(columns[2].statistics == nil && columns[2].count == 3 && columns[2].missing == 1)
        #expect(columns[3].statistics == nil && columns[3].count == 0 && columns[3].missing == 4)
    }

    @Test("One value has SD 0")
    func oneValue() throws {
        let table = try CSVTable(bytes: Array("ID,X\n1,5\n2,\n".utf8), source: "one.csv")
        #expect(table.descriptives()[1].statistics == .init(mean: 5, standardDeviation: 0, minimum: 5, maximum: 5))
    }
}
