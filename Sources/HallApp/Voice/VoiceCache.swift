import Foundation
import HallCore
import Synchronization

/// Speaks call announcements with espeak-ng into WAV files under the data folder, once per call.
///
/// Files live in one folder per hall day (`voice/2026-11-23/A012-3.wav`); folders of other days are
/// deleted when a new day's first call is spoken and by ``VoicePurgeService``. A day keeps at most
/// ``Limits/files`` files and ``Limits/bytes`` bytes, the oldest deleted first. At most
/// ``Limits/concurrent`` syntheses run at once, ``Limits/waiting`` more may wait (beyond that the
/// request is refused as unavailable), and a synthesis that takes longer than ``Limits/timeout``
/// is killed.
///
/// Files are written to a temporary name and renamed into place, so a board never plays half a
/// file; two boards asking for the same call at once share one synthesis.
actor VoiceCache {
    struct Limits: Sendable {
        var concurrent = 2
        var waiting = 16
        var timeout: Duration = .seconds(10)
        var files = 1000
        var bytes = 256 * 1024 * 1024
    }

    let directory: String
    let limits: Limits
    /// The speech program, found on PATH (tests put a stand-in first).
    let espeak: String
    private var inFlight: [String: Task<String, any Error>] = [:]
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var currentDay: LocalDate?

    init(directory: String, limits: Limits = Limits(), espeak: String = "espeak-ng") {
        self.directory = directory
        self.limits = limits
        self.espeak = espeak
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of the WAV file for `call` on `day`, synthesising it when it is not cached yet.
    func file(for call: CallAnnouncement, day: LocalDate) async throws -> String {
        if currentDay != day {
            currentDay = day
            VoiceCache.purge(directory, keeping: day)
        }
        let folder = (directory as NSString).appendingPathComponent(day.description)
        let path = (folder as NSString).appendingPathComponent(call.fileName)
        if FileManager.default.fileExists(atPath: path) { return path }
        if let running = inFlight[path] { return try await running.value }
        let task = Task { try await synthesiseInPlace(call, path: path, folder: folder) }
        inFlight[path] = task
        defer { inFlight[path] = nil }
        return try await task.value
    }

    /// Synthesises `call` into `path` once a place is free, then trims the day's folder.
    private func synthesiseInPlace(_ call: CallAnnouncement, path: String, folder: String) async throws -> String {
        try await acquire()
        defer { release() }
        if FileManager.default.fileExists(atPath: path) { return path }
        let made = try await VoiceCache.synthesise(call, to: path, directory: folder, espeak: espeak, timeout: limits.timeout)
        VoiceCache.trim(folder, files: limits.files, bytes: limits.bytes, keep: made)
        return made
    }

    /// Takes a synthesis place, waiting for one when all are taken and fewer than `limits.waiting` wait.
    private func acquire() async throws {
        if running < limits.concurrent {
            running += 1
            return
        }
        guard waiters.count < limits.waiting else { throw Unavailable(description: "too many announcements waiting for synthesis") }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the place to the next waiter, or frees it.
    private func release() {
        if waiters.isEmpty { running -= 1 } else { waiters.removeFirst().resume() }
    }

    /// Deletes everything under `directory` but the folder of `day`; returns what it deleted.
    @discardableResult
    static func purge(_ directory: String, keeping day: LocalDate) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var deleted: [String] = []
        for name in names where name != day.description {
            if (try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))) != nil {
                deleted.append(name)
            }
        }
        return deleted
    }

    /// Deletes the oldest files of `folder` until at most `files` files and `bytes` bytes remain (never `keep`).
    static func trim(_ folder: String, files: Int, bytes: Int, keep: String) {
        let url = URL(fileURLWithPath: folder)
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey]
        guard let entries = try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: keys) else { return }
        var listed = entries.compactMap { entry -> (path: String, at: Date, size: Int)? in
            // Files still being written by another synthesis are not the cache's yet.
            let name = entry.lastPathComponent
            guard !name.contains(".tmp.") && !name.contains(".pad."), let values = try? entry.resourceValues(forKeys: Set(keys)) else {
                return nil
            }
            return (entry.path, values.contentModificationDate ?? .distantPast, values.fileSize ?? 0)
        }
        .sorted { $0.at < $1.at }
        var total = listed.reduce(0) { $0 + $1.size }
        while listed.count > files || total > bytes, let oldest = listed.first(where: { $0.path != keep }) {
            try? FileManager.default.removeItem(atPath: oldest.path)
            total -= oldest.size
            listed.removeAll { $0.path == oldest.path }
        }
    }

    private static func synthesise(
        _ call: CallAnnouncement, to path: String, directory: String, espeak: String, timeout: Duration
    ) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let raw = path + ".\(UUID().uuidString).tmp.wav"
        let padded = path + ".\(UUID().uuidString).pad.wav"
        defer {
            try? FileManager.default.removeItem(atPath: raw)
            try? FileManager.default.removeItem(atPath: padded)
        }
        let status = try await run([espeak, "-v", "cmn-latn-pinyin", "-s", "140", "-w", raw, call.pinyin], timeout: timeout)
        guard let status else { throw Unavailable(description: "espeak-ng took longer than \(timeout) and was stopped") }
        guard status == 0, FileManager.default.fileExists(atPath: raw) else {
            throw Unavailable(description: "espeak-ng failed (exit \(status)); is espeak-ng installed?")
        }
        // Half a second of silence after each call keeps consecutive calls apart; without sox (or
        // when sox fails or is stopped) the bare file is used.
        let source = (try? await run(["sox", raw, padded, "pad", "0.2", "0.5"], timeout: timeout)) == .some(0) ? padded : raw
        _ = rename(source, path)
        return path
    }

    /// Runs a program found on PATH and returns its exit status, or nil when it ran longer than
    /// `timeout` and was killed (SIGKILL: espeak-ng and sox hold nothing that needs a clean exit).
    static func run(_ arguments: [String], timeout: Duration) async throws -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let watch = Watch()
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                let killed = watch.state.withLock { state in
                    state.ended = true
                    state.timer?.cancel()
                    return state.killed
                }
                continuation.resume(returning: killed ? nil : ended.terminationStatus)
            }
            do { try process.run() } catch {
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            let timer = Task {
                try await Task.sleep(for: timeout)
                watch.state.withLock { state in
                    guard !state.ended else { return }
                    state.killed = true
                    kill(pid, SIGKILL)
                }
            }
            watch.state.withLock { state in
                if state.ended { timer.cancel() } else { state.timer = timer }
            }
        }
    }

    /// What the timer and the termination handler of one process share.
    final class Watch: Sendable {
        struct State {
            var ended = false
            var killed = false
            var timer: Task<Void, any Error>?
        }
        let state = Mutex(State())
    }
}
