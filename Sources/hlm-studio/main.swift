import Foundation
import HLMPlatform
import HLMStudio

// hlm-studio [FOLDER] [--port N]: serves the model builder for FOLDER on 127.0.0.1 and prints its URL with the
// session's token. Kept apart from `hlm`, so that the command-line tool does not link the web server.

/// The command line: its usage, its arguments and its messages.
enum StudioCommand {
    static let usage = """
        usage: hlm-studio [FOLDER] [--port N]

        Serves a local web page for building, fitting and saving HLM models on the data files in FOLDER
        (default: the current folder). It listens on 127.0.0.1 only, on port N or a free port, and prints the
        URL to open, which carries the session's random token; requests without it are refused.
        Ctrl-C stops it. docs/STUDIO.md in the package describes the page and its API.
        """

    /// The folder and port the arguments give; exits with status 64 (usage) on a bad argument.
    static func parse(_ arguments: [String]) -> (folder: String, port: Int) {
        var folder: String?
        var port = 0
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                emit(usage + "\n", to: FileDescriptors.standardOutput)
                exit(0)
            case "--port":
                guard let text = remaining.popFirst(), let value = Int(text), (1...65535).contains(value) else {
                    fail("--port needs a port number from 1 to 65535.")
                }
                port = value
            case _ where argument.hasPrefix("-"):
                fail("unknown option \(argument).")
            case _ where folder == nil:
                folder = argument
            default:
                fail("one folder only (got \(folder!) and \(argument)).")
            }
        }
        return (folder ?? ".", port)
    }

    /// Writes `text` at once (unbuffered), so that a program reading the studio's output through a pipe sees
    /// the URL as soon as it is printed.
    static func emit(_ text: String, to descriptor: Int32) {
        try? FileBytes.writeAll(Array(text.utf8), to: descriptor)
    }

    /// Prints `message` and the usage to standard error and exits with status 64.
    static func fail(_ message: String) -> Never {
        emit("hlm-studio: \(message)\n\n\(usage)\n", to: FileDescriptors.standardError)
        exit(64)
    }
}

let (folderPath, port) = StudioCommand.parse(Array(CommandLine.arguments.dropFirst()))
let folder: WorkingFolder
do {
    folder = try WorkingFolder(path: folderPath)
} catch {
    StudioCommand.emit("hlm-studio: \(error)\n", to: FileDescriptors.standardError)
    exit(65)
}
let token = AccessToken()
let application = StudioServer.application(folder: folder, token: token, port: port) { [folder] boundPort in
    StudioCommand.emit("hlm-studio: working folder \(folder.path)\n"
        + "Open http://127.0.0.1:\(boundPort)/?token=\(token) in a browser (Ctrl-C stops the studio).\n",
        to: FileDescriptors.standardOutput)
}
do {
    try await application.runService()
} catch {
    StudioCommand.emit("hlm-studio: \(error)\n", to: FileDescriptors.standardError)
    exit(1)
}
