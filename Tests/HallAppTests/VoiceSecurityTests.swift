import Foundation
import HallCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HallApp

/// Issue 10 item 1: the spoken-call route speaks only calls that happened today, runs a bounded
/// number of syntheses that cannot hang, and keeps a bounded cache of today's calls only.
@Suite("Voice: only today's calls, bounded and purged")
struct VoiceSecurityTests {
    func app(_ t: TestHall) -> some ApplicationProtocol {
        HallServer.application(
            runtime: t.runtime, host: "127.0.0.1", port: 0,
            screens: ScreenSettings(
                layoutsDirectory: repositoryRoot.appendingPathComponent("Layouts").path, dataDirectory: t.directory,
                photosBase: repositoryRoot.appendingPathComponent("Halls").path))
    }

    /// Every file under the voice folder, relative to it.
    func voiceFiles(_ t: TestHall) -> [String] {
        let root = t.directory + "/voice"
        return ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
            .filter { !$0.hasSuffix("/") && $0.hasSuffix(".wav") }.sorted()
    }

    @Test("a number and window nobody called answer 404 and nothing is synthesised or stored")
    func madeUpCallsRefused() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            for uri in ["/api/v1/voice/calls/Z999/77", "/api/v1/voice/calls/A001/1", "/api/v1/voice/calls/A001/1?recall=true"] {
                let r = try await client.json(.get, uri)
                #expect(r.status == .notFound, "\(uri)")
                #expect(r.body["error"] as? String == "no_such_call")
            }
            #expect(voiceFiles(t).isEmpty)
        }
    }

    @Test("a call that happened is spoken for its window only; its recall only once it was recalled")
    func realCallsSpoken() async throws {
        let t = try await TestHall()
        try await app(t).test(.router) { client in
            let ticket = try await client.ticket("pension")
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            #expect(try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk).status == .ok)
            let spoken = try await client.execute(uri: "/api/v1/voice/calls/\(ticket.number)/1", method: .get)
            #expect(spoken.status == .ok)
            #expect(Array(spoken.body.readableBytesView.prefix(4)) == Array("RIFF".utf8))
            #expect(try await client.execute(uri: "/api/v1/voice/calls/\(ticket.number)/2", method: .get).status == .notFound)
            let early = try await client.execute(uri: "/api/v1/voice/calls/\(ticket.number)/1?recall=true", method: .get)
            #expect(early.status == .notFound, "not recalled yet")
            #expect(try await client.json(.post, "/api/v1/windows/1/recall", cookie: clerk).status == .ok)
            let recall = try await client.execute(uri: "/api/v1/voice/calls/\(ticket.number)/1?recall=true", method: .get)
            #expect(recall.status == .ok)
            #expect(voiceFiles(t) == ["2026-11-23/\(ticket.number)-1-r.wav", "2026-11-23/\(ticket.number)-1.wav"])
        }
    }

    @Test("earlier days' announcements are deleted: on the new day's first call and by the purge service")
    func dailyPurge() async throws {
        let t = try await TestHall()
        let stale = t.directory + "/voice/2026-11-20"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: stale + "/A001-1.wav", contents: Data("RIFF".utf8))
        _ = try await t.hall.execute(.setPresence(staffID: "zhang-wei", presence: Presence(status: .onDuty, note: nil)))
        let service = VoicePurgeService(hall: t.hall, directory: t.directory + "/voice", logger: t.runtime.logger)
        await service.purgeOnce()
        #expect(!FileManager.default.fileExists(atPath: stale), "yesterday's folder is gone")

        FileManager.default.createFile(atPath: t.directory + "/voice/stray.wav", contents: Data("RIFF".utf8))
        try await app(t).test(.router) { client in
            let ticket = try await client.ticket("pension")
            let clerk = try await client.login("clerk1", "clerk12345", window: 1)
            try await client.json(.post, "/api/v1/windows/1/open", cookie: clerk)
            try await client.json(.post, "/api/v1/windows/1/call-next", cookie: clerk)
            #expect(try await client.execute(uri: "/api/v1/voice/calls/\(ticket.number)/1", method: .get).status == .ok)
            #expect(voiceFiles(t) == ["2026-11-23/\(ticket.number)-1.wav"])
        }
    }

    /// A stand-in for espeak-ng in a fresh folder: `body` is shell, `$6` is the WAV path to write.
    func fakeSpeaker(_ body: String) throws -> (program: String, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("voice-fake-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let program = folder + "/speak"
        try "#!/bin/sh\nd=$(dirname \"$0\")\n\(body)\n".write(toFile: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        return (program, folder)
    }

    @Test("a synthesis that hangs is killed after the timeout and answered as unavailable")
    func hungSynthesisKilled() async throws {
        let fake = try fakeSpeaker("echo $$ > \"$d/pid\"\nexec sleep 120")
        defer { try? FileManager.default.removeItem(atPath: fake.folder) }
        var limits = VoiceCache.Limits()
        limits.timeout = .seconds(2)
        let cache = VoiceCache(directory: fake.folder + "/voice", limits: limits, espeak: fake.program)
        let call = try #require(CallAnnouncement(number: "A001", window: 1, recall: false))
        await #expect(throws: VoiceCache.Unavailable.self) { try await cache.file(for: call, day: LocalDate("2026-11-23")!) }
        let pid = try #require(
            Int32(String(contentsOfFile: fake.folder + "/pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the speech process \(pid) is gone")
    }

    @Test("at most two syntheses run at once, and a day's cache keeps a bounded number of files")
    func boundedConcurrencyAndSize() async throws {
        // Each run notes its start and end; a run lasts long enough for the others to pile up.
        let fake = try fakeSpeaker("echo start >> \"$d/log\"\nsleep 0.3\nprintf RIFF > \"$6\"\necho end >> \"$d/log\"")
        defer { try? FileManager.default.removeItem(atPath: fake.folder) }
        var limits = VoiceCache.Limits()
        limits.files = 3
        let cache = VoiceCache(directory: fake.folder + "/voice", limits: limits, espeak: fake.program)
        let day = LocalDate("2026-11-23")!
        try await withThrowingTaskGroup(of: String.self) { group in
            for n in 1...6 {
                let call = try #require(CallAnnouncement(number: "A00\(n)", window: 1, recall: false))
                group.addTask { try await cache.file(for: call, day: day) }
            }
            for try await _ in group {}
        }
        let log = try String(contentsOfFile: fake.folder + "/log", encoding: .utf8).split(separator: "\n")
        var running = 0
        var most = 0
        for line in log {
            running += line == "start" ? 1 : -1
            most = max(most, running)
        }
        #expect(log.count == 12)
        #expect(most == 2, "at most two at once: \(log)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: fake.folder + "/voice/2026-11-23").filter { $0.hasSuffix(".wav") }
        #expect(kept.count == 3, "\(kept)")
    }
}
