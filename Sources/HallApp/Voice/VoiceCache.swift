import Foundation

/// Speaks call announcements with espeak-ng into WAV files under the data folder, once per text.
///
/// Files are written to a temporary name and renamed into place, so a board never plays half a
/// file; two boards asking for the same call at once share one synthesis.
actor VoiceCache {
    let directory: String
    private var inFlight: [String: Task<String, any Error>] = [:]

    init(directory: String) { self.directory = directory }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of the WAV file for `call`, synthesising it when it is not cached yet.
    func file(for call: CallAnnouncement) async throws -> String {
        let path = (directory as NSString).appendingPathComponent(call.fileName)
        if FileManager.default.fileExists(atPath: path) { return path }
        if let running = inFlight[path] { return try await running.value }
        let directory = directory
        let task = Task { try await VoiceCache.synthesise(call, to: path, directory: directory) }
        inFlight[path] = task
        defer { inFlight[path] = nil }
        return try await task.value
    }

    private static func synthesise(_ call: CallAnnouncement, to path: String, directory: String) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let raw = path + ".\(UUID().uuidString).tmp.wav"
        let padded = path + ".\(UUID().uuidString).pad.wav"
        defer {
            try? FileManager.default.removeItem(atPath: raw)
            try? FileManager.default.removeItem(atPath: padded)
        }
        let status = try await run(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "140", "-w", raw, call.pinyin])
        guard status == 0, FileManager.default.fileExists(atPath: raw) else {
            throw Unavailable(description: "espeak-ng failed (exit \(status)); is espeak-ng installed?")
        }
        // Half a second of silence after each call keeps consecutive calls apart; without sox the
        // bare file is used.
        let source = (try? await run(["sox", raw, padded, "pad", "0.2", "0.5"])) == 0 ? padded : raw
        _ = rename(source, path)
        return path
    }

    /// Runs a program found on PATH and returns its exit status.
    static func run(_ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
