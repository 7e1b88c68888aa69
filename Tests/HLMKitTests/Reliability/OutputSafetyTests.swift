import Foundation
import Testing

/// Outputs go exactly where the user pointed and never damage anything (issue 11, section 4): devices, FIFOs and
/// descriptors are written in place, symbolic links are followed, an existing file keeps its mode and owner, a
/// refused run writes nothing, an interrupted run leaves no temporary file, and a failed write to standard output
/// is an I/O error. The device cases make their own nodes (`mknod`, as root) in a temporary folder, so a
/// regression cannot damage the machine's `/dev`.
@Suite("Reliability: output safety")
struct OutputSafetyTests {
    /// Runs `hlm fit` on the BadInputs fixtures in a fresh copy of them, with `options` added.
    private func fit(_ options: [String], prepare: (URL) throws -> Void = { _ in },
                     _ body: (CLIRunner.Result, URL) throws -> Void) throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        try prepare(directory)
        let result = try CLIRunner.run(BadInput.fit("level1.csv", options: options), in: directory)
        try body(result, directory)
    }

    private func fileType(_ url: URL) -> mode_t? {
        var status = stat()
        return lstat(url.path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }

    private func text(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Makes a character device like /dev/null (1, 3) or /dev/full (1, 7) at `url` (Linux's device number for
    /// major 1 and a minor below 256 is 256 + minor).
    private func makeDevice(_ url: URL, minor: UInt32) throws {
        try #require(mknod(url.path, S_IFCHR | 0o666, dev_t(1 << 8 | minor)) == 0, "mknod needs root")
    }

    @Test("a device as --output and --json is written in place and stays a device")
    func nullDevice() throws {
        try fit(["--output", "null", "--json", "null2"], prepare: { directory in
            try makeDevice(directory.appendingPathComponent("null"), minor: 3)
            try makeDevice(directory.appendingPathComponent("null2"), minor: 3)
        }) { result, directory in
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fileType(directory.appendingPathComponent("null")) == S_IFCHR)
            #expect(fileType(directory.appendingPathComponent("null2")) == S_IFCHR)
            try BadInput.checkCommonPromises(result, in: directory)
        }
    }

    @Test("a full device as --json fails with exit 65, stays a device, and the report file is not written")
    func fullDevice() throws {
        try fit(["--output", "report.txt", "--json", "full"], prepare: { directory in
            try makeDevice(directory.appendingPathComponent("full"), minor: 7)
        }) { result, directory in
            #expect(result.status == 65)
            #expect(result.stderr.contains("cannot write full: No space left on device"), "\(result.stderr)")
            #expect(fileType(directory.appendingPathComponent("full")) == S_IFCHR)
            #expect(text(directory.appendingPathComponent("report.txt")) == nil)
            try BadInput.checkCommonPromises(result, in: directory)
        }
    }

    @Test("a FIFO as --json receives the JSON and stays a FIFO")
    func fifo() throws {
        var reader: Int32 = -1
        defer { if reader >= 0 { close(reader) } }
        try fit(["--json", "results.fifo"], prepare: { directory in
            let path = directory.appendingPathComponent("results.fifo").path
            try #require(mkfifo(path, 0o644) == 0)
            // Opened before the run without blocking, so the writer finds a reader and nothing can hang.
            reader = open(path, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
        }) { result, directory in
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fileType(directory.appendingPathComponent("results.fifo")) == S_IFIFO)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(reader, &buffer, buffer.count)
            #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).contains("\"fixed_effects\""))
        }
    }

    @Test("'-' and /dev/stdout write to standard output", arguments: ["-", "/dev/stdout"])
    func standardOutputPath(path: String) throws {
        try fit(["--output", path, "--json", path, "--residuals2", path]) { result, directory in
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Final estimation of fixed effects"))
            #expect(result.stdout.contains("\"fixed_effects\""))
            #expect(result.stdout.contains("ID,N,EB_INTRCPT1"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path))
            try BadInput.checkCommonPromises(result, in: directory)
        }
    }

    @Test("a symbolic link as output stays a link; its target (in another folder) gets the report")
    func symbolicLinkTarget() throws {
        try fit(["--output", "link.txt", "--json", "dangling.json"], prepare: { directory in
            let folder = directory.appendingPathComponent("reports")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            try Data("old\n".utf8).write(to: folder.appendingPathComponent("report.txt"))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.txt").path,
                                                       withDestinationPath: "reports/report.txt")
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("dangling.json").path,
                                                       withDestinationPath: "reports/new.json")
        }) { result, directory in
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fileType(directory.appendingPathComponent("link.txt")) == S_IFLNK)
            #expect(fileType(directory.appendingPathComponent("dangling.json")) == S_IFLNK)
            #expect(text(directory.appendingPathComponent("reports/report.txt"))?
                .contains("Final estimation of fixed effects") == true)
            #expect(text(directory.appendingPathComponent("reports/new.json"))?.contains("\"fixed_effects\"") == true)
            try BadInput.checkCommonPromises(result, in: directory.appendingPathComponent("reports"))
        }
    }

    @Test("a replaced output keeps its mode and owner")
    func modeAndOwner() throws {
        try fit(["--output", "report.txt"], prepare: { directory in
            let path = directory.appendingPathComponent("report.txt").path
            try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))
            try #require(chmod(path, 0o600) == 0)
            try #require(chown(path, 4321, 4322) == 0, "chown needs root")
        }) { result, directory in
            #expect(result.status == 0, "\(result.stderr)")
            var status = stat()
            try #require(stat(directory.appendingPathComponent("report.txt").path, &status) == 0)
            #expect(status.st_mode & 0o7777 == 0o600)
            #expect(status.st_uid == 4321 && status.st_gid == 4322)
            #expect(text(directory.appendingPathComponent("report.txt"))?.contains("Final estimation") == true)
        }
    }

    @Test("simulate onto a full device fails with exit 65 naming the file, and leaves no temporary file")
    func simulateFullDevice() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try makeDevice(directory.appendingPathComponent("sim-level1.csv"), minor: 7)
        let result = try CLIRunner.run(["simulate", "--groups", "3000", "--output", "sim"], in: directory)
        #expect(result.status == 65)
        #expect(result.stderr == "error: cannot write sim-level1.csv: No space left on device\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["sim-level1.csv"])
        #expect(fileType(directory.appendingPathComponent("sim-level1.csv")) == S_IFCHR)
    }
}
