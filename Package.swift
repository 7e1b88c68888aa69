// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "hlm",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "HLMKit", targets: ["HLMKit"]),
        .executable(name: "hlm", targets: ["hlm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // printf's number conversion for the text report, called without a Swift va_list.
        .target(name: "CNumberFormat"),
        .target(name: "HLMKit", dependencies: ["CNumberFormat"]),
        .executableTarget(
            name: "hlm",
            dependencies: [
                "HLMKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "HLMKitTests",
            dependencies: [
                "HLMKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
