import Foundation

/// Paths inside the repository, found from this file's location.
enum TestPaths {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let layouts = repoRoot.appendingPathComponent("Layouts")
    static let printerProfiles = repoRoot.appendingPathComponent("Devices/printers")
    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/printing")

    /// Where PNG renders go for a person to look at: $HALL_PNG_DIR or .build/printing-png.
    static let pngOutput: URL = {
        let dir =
            ProcessInfo.processInfo.environment["HALL_PNG_DIR"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent(".build/printing-png")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func temporaryDirectory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hall-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
