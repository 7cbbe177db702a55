// swift-tools-version:6.2
import PackageDescription

/// One settings array for every target: Swift 6 language mode plus the upcoming features the house style asks for.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ServiceHall",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HallCore", targets: ["HallCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Pure domain: no I/O, no clock reads. Time and ids come in as inputs.
        .target(name: "HallCore", swiftSettings: swiftSettings),
        // ---- Printing layer (issue 3). HallApp, HallStore, HallConfig and hall are left out of this
        // ---- branch to keep builds light; their definitions are unchanged on main.
        // One system-library target per C library (modulemap + shim.h).
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        // Debian's libcups2-dev ships no cups.pc: no pkgConfig, `link "cups"` in the modulemap.
        .systemLibrary(name: "CCups", providers: [.apt(["libcups2-dev"])]),
        .systemLibrary(name: "CQrencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CUmockdev", pkgConfig: "umockdev-1.0", providers: [.apt(["libumockdev-dev"])]),
        // The hardware abstraction layer. Imports no other module of ours.
        .target(
            name: "HallDevices",
            dependencies: [
                "CLibUSB", "CCups", "CQrencode", "CPangoCairo",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test-only C helpers: a USB printer and a usblp device file emulated in-process with libumockdev.
        .target(name: "CPrinterMocks", dependencies: ["CUmockdev"]),
        .testTarget(name: "HallCoreTests", dependencies: ["HallCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HallDevicesTests",
            dependencies: ["HallDevices", "CPrinterMocks"],
            swiftSettings: swiftSettings
        ),
    ]
)
