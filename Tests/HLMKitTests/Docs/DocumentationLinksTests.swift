import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The pages link only to files of the repository that exist, and the README stays one page.
@Suite("documentation links")
struct DocumentationLinksTests {
    @Test("relative links and repository paths in code spans name files that exist",
          arguments: try DocumentationPages.all())
    func linksResolve(page: URL) throws {
        let text = try String(contentsOf: page, encoding: .utf8)
        let folder = page.deletingLastPathComponent()
        for match in text.matches(of: /\]\(([^)\s]+)\)/) {
            let target = String(match.1.prefix { $0 != "#" })
            guard !target.isEmpty, !target.contains("://"), !target.hasPrefix("doc:") else { continue }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path),
                    "\(DocumentationPages.name(page)) links to \(target), which does not exist")
        }
        let topLevel = try FileManager.default.contentsOfDirectory(atPath: packageRoot.path)
        for match in text.matches(of: /`([A-Za-z0-9_.*+\/-]+)`/) {
            let path = String(match.1)
            guard let first = path.split(separator: "/").first, path.contains("/"),
                  topLevel.contains(String(first)) else { continue }
            #expect(Self.exists(path), "\(DocumentationPages.name(page)) names \(path), which is not in the repository")
        }
        #expect(text.firstMatch(of: /\/(work|tmp|home|root|Users)\//) == nil,
                "\(DocumentationPages.name(page)) names a path of one machine")
    }

    @Test("the README is one page of at most 12 KB that starts with the two commands")
    func readmeIsShort() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.utf8.count <= 12 * 1024)
        let firstBlock = readme.split(separator: "```", maxSplits: 2)[1]
        #expect(firstBlock.contains("swift run -c release hlm example hsb-heterogeneous-sigma2"))
        #expect(firstBlock.contains("swift test"))
    }

    /// Whether the repository path `path` exists; `*` matches any name and a component in capitals without
    /// a dot (`TARGET`) stands for any name, as in `fuzz/corpus/TARGET`.
    static func exists(_ path: String) -> Bool {
        var candidates = [packageRoot.path]
        for component in path.split(separator: "/").map(String.init) {
            let wildcard = component.contains("*") || (component.allSatisfy(\.isUppercase) && component.count > 1)
            candidates = candidates.flatMap { folder -> [String] in
                guard wildcard else { return [folder + "/" + component] }
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                let pattern = component.allSatisfy(\.isUppercase) ? "*" : component
                return names.filter { fnmatch(pattern, $0, 0) == 0 }.map { folder + "/" + $0 }
            }.filter { FileManager.default.fileExists(atPath: $0) }
        }
        return !candidates.isEmpty
    }
}
