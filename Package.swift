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
        .executable(name: "hall", targets: ["hall"]),
        // MARK: benchmark (issue 14)
        .executable(name: "hall-bench", targets: ["hall-bench"]),
        // MARK: county-4: the county benchmark (`make bench-county`), out of the hall program.
        .executable(name: "hall-county-bench", targets: ["hall-county-bench"]),
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
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // SHA-256 of session tokens (already in the graph through hummingbird-auth).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // MARK: county (县级汇聚): the county's PostgreSQL, and TLS to it.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Pure domain: no I/O, no clock reads. Time and ids come in as inputs.
        .target(name: "HallCore", swiftSettings: swiftSettings),
        // The one YAML reader with `file:line:column: message` problems, shared by the hall file and the
        // device profiles (a leaf, so HallDevices still imports no other module of ours but this).
        .target(name: "HallYAML", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        // The one EINTR helper and the one way to run blocking calls on a thread of their own (a leaf).
        .target(
            name: "HallPOSIX", dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: swiftSettings
        ),
        // The hall file (YAML): parsing and validation with file, line and reason.
        .target(
            name: "HallConfig",
            dependencies: ["HallCore", "HallYAML", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // GRDB over SQLite: journal, projections, configuration, statistics.
        .target(
            name: "HallStore",
            // HallReports: the visit ledger projection hands out its `VisitRecord`s.
            dependencies: ["HallCore", "HallReports", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The hardware abstraction layer: knows devices, not tickets. Of our modules it imports only the
        // leaves HallYAML and HallPOSIX.
        .systemLibrary(name: "CEvdev", pkgConfig: "libevdev", providers: [.apt(["libevdev-dev"])]),
        .systemLibrary(name: "CUmockdev", pkgConfig: "umockdev-1.0", providers: [.apt(["libumockdev-dev"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        // Debian's libcups2-dev ships no cups.pc: the modulemap links cups itself.
        .systemLibrary(name: "CCups", providers: [.apt(["libcups2-dev"])]),
        .systemLibrary(name: "CQrencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Cairo (raster, PNG and PDF surfaces) with Pango for text: one module, so cairo.h has one owner.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CSane", pkgConfig: "sane-backends", providers: [.apt(["libsane-dev"])]),
        // The paper's picture as a 1-bit PNG through libpng (a C target: libpng reports errors by longjmp).
        .target(name: "CPNGWriter", linkerSettings: [.linkedLibrary("png16")]),
        // Debian's libzint-dev ships no zint.pc: the modulemap links zint itself.
        .systemLibrary(name: "CZint", providers: [.apt(["libzint-dev"])]),
        // epoll for hall-bench's screens: one thread reads hundreds of sockets (poll rescans them all).
        .systemLibrary(name: "CEpoll"),
        .target(
            name: "HallDevices",
            dependencies: [
                "CEvdev", "CLibUSB", "CCups", "CQrencode", "CPangoCairo", "CPNGWriter", "CSane", "CZint", "HallYAML", "HallPOSIX",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test-only: an in-process USB printer and /dev/usb/lp0 under umockdev.
        .target(name: "CPrinterMocks", dependencies: ["CUmockdev"]),
        // MARK: reports (统计与考核)
        // Period statistics, attendance, the monthly report and the appraisal sheet as pure functions
        // over journal entries and presence history (no SQLite, no clock): the county can reuse them.
        .target(name: "HallReports", dependencies: ["HallCore"], swiftSettings: swiftSettings),
        // The runtime: Hall actor, HTTP API, live feed, auth, services.
        .target(
            name: "HallApp",
            dependencies: [
                "HallCore", "HallStore", "HallConfig", "HallDevices",
                // MARK: reports (统计与考核)
                "HallReports", "CPangoCairo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // MARK: county (县级汇聚): forwarding the journal to the county's PostgreSQL, and the county's server.
        .target(
            name: "HallCounty",
            dependencies: [
                "HallCore", "HallStore", "HallReports", "HallApp",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hall",
            dependencies: [
                "HallApp", "HallCounty", "HallConfig", "HallCore", "HallDevices", "HallStore",
                // MARK: reports (统计与考核)
                "HallReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: county (县级汇聚)
        .testTarget(
            name: "HallCountyTests",
            dependencies: [
                "HallCounty", "HallCore", "HallStore", "HallConfig", "HallApp", "HallReports", "HallBenchKit",
                // MARK: county-4
                "HallCountyBench",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: benchmark (issue 14): `make bench`, out of the production modules. A keep-alive HTTP
        // client for load (also the crash-recovery test's), and the benchmark that drives hall serve,
        // wrk and the screens from outside and prints the figures against their goals.
        .target(
            name: "HallBenchKit",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hall-bench",
            dependencies: [
                "CEpoll", "HallApp", "HallBenchKit", "HallConfig", "HallCore", "HallDevices", "HallReports", "HallStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: county-4: the county benchmark and the simulated halls' days it and the county tests use.
        .target(
            name: "HallCountyBench",
            dependencies: [
                "HallApp", "HallCore", "HallCounty", "HallReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hall-county-bench",
            dependencies: ["HallCounty", "HallCountyBench", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HallCoreTests", dependencies: ["HallCore"], swiftSettings: swiftSettings),
        .testTarget(name: "HallConfigTests", dependencies: ["HallConfig"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HallDevicesTests", dependencies: ["HallDevices", "CEvdev", "CUmockdev", "CPrinterMocks"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "HallStoreTests", dependencies: ["HallStore"], swiftSettings: swiftSettings),
        // MARK: reports (统计与考核)
        .testTarget(
            name: "HallReportsTests",
            dependencies: ["HallReports", "HallStore", "HallCore", "HallApp", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HallAppTests",
            dependencies: [
                "HallApp", "HallBenchKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                "HallConfig", "HallCore", "HallStore", "HallDevices",
                // The pseudo-terminal functions for the RS-485 end-to-end test.
                "CUmockdev",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
