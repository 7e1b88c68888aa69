// swift-tools-version: 6.0
import Foundation
import PackageDescription

// SPSS, Stata and SAS files are read with ReadStat (libreadstat-dev on Debian/Ubuntu, readstat on Homebrew), a
// C library that is optional and asked for: `HLM_READSTAT=1 swift build` (with its header installed) adds the
// system-library target CReadStat and HLMKit reads those files (`#if canImport(CReadStat)`). The default build
// leaves it out, because ReadStat exists only as a shared library and a build that links it cannot be a fully
// static executable, which costs every start about 2 ms (docs/SPEED.md, "Start-up with ReadStat"); without it
// everything else works and a statistical file gives an error naming the package and this setting. SwiftPM
// caches this manifest's result: after changing the setting, `touch Package.swift` (or `swift package reset`).
let readStatInclude = Context.environment["HLM_READSTAT"] != "1" ? nil
    : ["/usr/include", "/usr/local/include", "/opt/homebrew/include"].first {
        FileManager.default.fileExists(atPath: $0 + "/readstat.h")
    }
/// Whether ReadStat is outside the compiler's default search paths (Homebrew on Apple silicon).
let readStatInHomebrew = readStatInclude == "/opt/homebrew/include"

let package = Package(
    name: "hlm",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "HLMKit", targets: ["HLMKit"]),
        .library(name: "HLMExamples", targets: ["HLMExamples"]),
        .executable(name: "hlm", targets: ["hlm"]),
        .executable(name: "hlm-studio", targets: ["hlm-studio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target HLMKit` builds the DocC catalog HLMKit.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The local web model builder hlm-studio serves its page and JSON API with Hummingbird; `hlm` does not link it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // printf's number conversion for the text report, called without a Swift va_list.
        .target(name: "CNumberFormat"),
        // Every call into the operating system (files, descriptors, signals, sysconf, the C math library): the
        // one folder a port to another system changes.
        .target(name: "HLMPlatform"),
    ] + (readStatInclude == nil ? [] : [
        // ReadStat's header and library, found on the compiler's search paths (libreadstat-dev ships no
        // pkg-config file).
        .systemLibrary(name: "CReadStat", providers: [.apt(["libreadstat-dev"]), .brew(["readstat"])]),
    ]) + [
        .target(
            name: "HLMKit",
            dependencies: ["CNumberFormat", "HLMPlatform"] + (readStatInclude == nil ? [] : ["CReadStat"]),
            swiftSettings: readStatInHomebrew ? [.unsafeFlags(["-Xcc", "-I/opt/homebrew/include"])] : [],
            linkerSettings: readStatInHomebrew ? [.unsafeFlags(["-L/opt/homebrew/lib"])] : []
        ),
        // The embedded example data (data/embed.sh) and the manual's models on them, compiled into `hlm` so that
        // `hlm example` needs no files; kept out of HLMKit, which a user's program links without them.
        .target(name: "HLMExamples", dependencies: ["HLMKit"]),
        .executableTarget(
            name: "hlm",
            dependencies: [
                "HLMKit",
                "HLMExamples",
                "HLMPlatform",
            ],
            // A release build on Linux is a static executable, the Swift runtime and glibc linked in, as the
            // benchmark's build: nothing is left for the dynamic loader to load and bind at each start
            // (docs/SPEED.md). The linker warns that getpwuid_r, dlopen and the like need glibc's shared
            // libraries at run time in a static binary; hlm never calls them. With ReadStat, which exists
            // only as a shared library (no libreadstat.a), the executable cannot be static: a static glibc
            // cannot link a shared library, nor safely dlopen one (that loads a second glibc). Then the Swift
            // runtime alone is linked in (-static-stdlib) and glibc and ReadStat are loaded at start; -no-pie
            // spares the loader the relocation of the executable's own pointers (about 1 ms of start-up,
            // docs/SPEED.md). Unsafe flags keep a product from being a versioned dependency; these are on the
            // executable only, so the library HLMKit is not affected.
            linkerSettings: [
                .unsafeFlags(readStatInclude == nil ? ["-static-executable"]
                                 : ["-static-stdlib", "-Xclang-linker", "-no-pie"],
                             .when(platforms: [.linux], configuration: .release)),
            ] + ["_FoundationCShims", "_FoundationCollections", "swiftSynchronization"].map {
                // What FoundationEssentials' shared library holds or names but its archive does not.
                .linkedLibrary($0, .when(platforms: [.linux], configuration: .release))
            }
        ),
        // hlm-studio's server: routes, API types, the per-session fit runner and the working folder's path checks,
        // a library so that HLMStudioTests can drive it without a socket.
        .target(
            name: "HLMStudio",
            dependencies: [
                "HLMKit",
                "HLMPlatform",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "hlm-studio",
            dependencies: ["HLMStudio", "HLMPlatform", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .testTarget(
            name: "HLMStudioTests",
            dependencies: [
                "HLMStudio",
                "HLMKit",
                "HLMPlatform",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "HLMKitTests",
            dependencies: [
                "HLMKit",
                "HLMExamples",
                "HLMPlatform",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
