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
        // libevdev, for evaluator buttons and caller keypads that present as input devices.
        .systemLibrary(
            name: "CEvdev",
            pkgConfig: "libevdev",
            providers: [.apt(["libevdev-dev"])]
        ),
        // libumockdev, for the device tests only: a testbed of fake evdev nodes in the test process.
        .systemLibrary(
            name: "CUmockdev",
            pkgConfig: "umockdev-1.0",
            providers: [.apt(["libumockdev-dev"])]
        ),
        // The hardware abstraction layer. Imports no other module of ours: it knows no tickets.
        .target(
            name: "HallDevices",
            dependencies: ["CEvdev", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HallCoreTests", dependencies: ["HallCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HallDevicesTests",
            dependencies: ["HallDevices", "CEvdev", "CUmockdev"],
            swiftSettings: swiftSettings
        ),
    ]
)
