import Foundation
import Testing

@testable import HallDevices

/// A virtual printer's spool stays within its limits, and its pictures come after the paper.
@Suite("The virtual printer's spool")
struct SpoolKeeperTests {
    static let document = PrintDocument([.text("取号 A001", TextStyle())])

    @Test("past max_jobs the oldest jobs go, bytes and picture together; the newest stay")
    func count() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-count")
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = VirtualPrinter(directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 10))
        for i in 0..<100 { try printer.send(PrintJob(id: String(format: "ticket-%03d", i), bytes: [0x1B, 0x40], document: Self.document)) }
        await printer.keeper.settle()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let jobs = Set(files.map { ($0 as NSString).deletingPathExtension })
        // Trimmed every few jobs, never left far beyond the limit.
        #expect(jobs.count <= 10 + 8, "\(jobs.count) jobs kept")
        #expect(jobs.isSuperset(of: (90..<100).map { String(format: "ticket-%03d", $0) }))
        #expect(!jobs.contains("ticket-000"))
        #expect(files.contains("ticket-099.png"))
        // Every job kept has its bytes.
        #expect(jobs.allSatisfy { files.contains("\($0).bin") })
    }

    @Test("jobs older than max_age go")
    func age() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-age")
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = VirtualPrinter(directory: dir, limits: SpoolLimits(maxJobs: 100, maxAge: 86_400))
        try printer.send(PrintJob(id: "old", bytes: [0x1B, 0x40], document: Self.document))
        try printer.send(PrintJob(id: "new", bytes: [0x1B, 0x40], document: Self.document))
        let lastWeek = Date().addingTimeInterval(-7 * 86_400)
        for ext in ["bin", "png"] {
            try FileManager.default.setAttributes(
                [.modificationDate: lastWeek], ofItemAtPath: dir.appendingPathComponent("old.\(ext)").path)
        }
        printer.keeper.trim()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["new.bin", "new.png"])
    }

    @Test("a job printed again counts as new; what an earlier run left is trimmed to the limits before new jobs")
    func reprintAndEarlierRun() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-again")
        defer { try? FileManager.default.removeItem(at: dir) }
        let earlier = VirtualPrinter(directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 1_000))
        for i in 0..<30 { try earlier.send(PrintJob(id: String(format: "old-%02d", i), bytes: [0x1B, 0x40], document: Self.document)) }
        await earlier.keeper.settle()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".bin") }.count == 30)

        // The next run keeps 10: the earlier run's newest 10 until new jobs come.
        let printer = VirtualPrinter(directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 10))
        await printer.keeper.settle()
        func jobs() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).map { ($0 as NSString).deletingPathExtension })
        }
        #expect(try jobs().count == 10)
        for i in 0..<40 {
            try printer.send(PrintJob(id: String(format: "new-%02d", i), bytes: [0x1B, 0x40], document: Self.document))
            // new-00 is printed again after every job: it is always among the newest.
            try printer.send(PrintJob(id: "new-00", bytes: [0x1B, 0x40], document: Self.document))
        }
        await printer.keeper.settle()
        let kept = try jobs()
        #expect(kept.contains("new-00"))
        #expect(kept.contains("new-39"))
        #expect(!kept.contains { $0.hasPrefix("old-") })
        #expect(kept.count <= 10 + 8, "\(kept.count) jobs kept")
    }

    @Test("the paper and its picture are the hall's user's alone (a ticket shows its rating code); a removed folder comes back")
    func privateFiles() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-modes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ticket = PrintDocument([.text("取号 A001", TextStyle()), .text("评价码 K7Q2", TextStyle())])
        for preview in [VirtualPrinter.Preview.inline, .background] {
            let printer = VirtualPrinter(directory: dir, preview: preview)
            try FileManager.default.removeItem(at: dir)
            try printer.send(PrintJob(id: "ticket-\(preview)", bytes: [0x1B, 0x40], document: ticket))
            await printer.keeper.settle()
            for ext in ["bin", "png"] {
                #expect(mode(of: dir.path + "/ticket-\(preview).\(ext)") == 0o600, "\(preview) .\(ext)")
            }
        }
    }

    @Test("a picture waits until the printer has been quiet; settle() draws it at once")
    func picturesWaitForQuiet() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-quiet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let busy = VirtualPrinter(directory: dir.appendingPathComponent("busy"), preview: .background, quiet: .seconds(3_600))
        try busy.send(PrintJob(id: "ticket-A001", bytes: [0x1B, 0x40], document: Self.document))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/busy/ticket-A001.bin"), "the paper is there at once")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/busy/ticket-A001.png"), "no picture within the hour of quiet")
        await busy.keeper.settle()
        #expect(FileManager.default.fileExists(atPath: dir.path + "/busy/ticket-A001.png"))
        // That a picture then comes by itself, on the pictures' thread, is seen in a running hall
        // (Tests/e2e/test_cases.py waits for the refusal notice's picture). Waiting for it here meant
        // spinning on the pool while the nice-19 thread it waited for got no processor.
    }

    @Test("trimmed jobs' files are written again for new jobs rather than created, each with exactly its own bytes")
    func sparesAreReused() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-spares")
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = VirtualPrinter(directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 20), quiet: .seconds(3_600))
        defer { try? FileManager.default.removeItem(atPath: printer.keeper.spareFolder) }
        let long = [UInt8](repeating: 0x41, count: 4_000)
        func spares() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: printer.keeper.spareFolder).count }
        for i in 0..<40 { try printer.send(PrintJob(id: String(format: "ticket-%03d", i), bytes: long, document: Self.document)) }
        await printer.keeper.trimmed()
        let waiting = try spares()
        #expect(waiting > 0, "the trimmed jobs' files were unlinked, not kept")
        // A short ticket written into a long one's file holds its own three bytes only.
        try printer.send(PrintJob(id: "ticket-short", bytes: [0x1B, 0x40, 0x0A], document: Self.document))
        #expect(try spares() == waiting - 1, "the new job's file was created, not taken from the spares")
        #expect(try Data(contentsOf: dir.appendingPathComponent("ticket-short.bin")) == Data([0x1B, 0x40, 0x0A]))
        #expect(mode(of: dir.path + "/ticket-short.bin") == 0o600)

        func bytes(_ i: Int) -> [UInt8] { [0x1B, 0x40] + Array(repeating: UInt8(i % 251), count: i % 2 == 0 ? 4_000 : 3) }
        for i in 40..<400 {
            try printer.send(PrintJob(id: String(format: "ticket-%03d", i), bytes: bytes(i), document: Self.document))
            if i % 8 == 7 { await printer.keeper.trimmed() }
        }
        await printer.keeper.trimmed()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let kept = names.filter { $0.hasSuffix(".bin") }
        #expect(kept.count <= 20 + 8)
        for name in kept where name != "ticket-short.bin" {
            let i = try #require(Int(name.dropFirst("ticket-".count).dropLast(".bin".count)))
            #expect(try Data(contentsOf: dir.appendingPathComponent(name)) == Data(bytes(i)), "\(name) holds another job's bytes")
        }
        #expect(try spares() <= printer.keeper.spareLimit)
        #expect(!names.contains { $0.contains(".tmp-") }, "no temporary file left")
    }

    @Test("a spare never keeps a job's paper past max_age: jobs trimmed for their age are unlinked, and so are spares that age")
    func sparesAge() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-spare-age")
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = VirtualPrinter(
            directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 2, maxAge: 86_400), quiet: .seconds(3_600))
        defer { try? FileManager.default.removeItem(atPath: printer.keeper.spareFolder) }
        func spares() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: printer.keeper.spareFolder)) ?? [] }

        try printer.send(PrintJob(id: "old", bytes: [0x1B, 0x40], document: Self.document))
        let lastWeek = Date().addingTimeInterval(-7 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: lastWeek], ofItemAtPath: dir.appendingPathComponent("old.bin").path)
        printer.keeper.trim()
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("old.bin").path))
        #expect(spares().isEmpty, "a job trimmed for its age was kept as a spare")

        // Trimmed for the count, a job's file waits as a spare — until its job is past max_age.
        for id in ["a", "b", "c", "d"] { try printer.send(PrintJob(id: id, bytes: [0x1B, 0x40], document: Self.document)) }
        printer.keeper.trim()
        #expect(!spares().isEmpty)
        printer.keeper.trim(now: Date().addingTimeInterval(2 * 86_400))
        #expect(spares().isEmpty, "spares outlived max_age: \(spares())")
    }

    @Test("a spare folder removed under the printer is made again, and the spool stays within its limit")
    func spareFolderRemoved() async throws {
        let dir = try TestPaths.temporaryDirectory("spool-spare-gone")
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = VirtualPrinter(directory: dir, preview: .background, limits: SpoolLimits(maxJobs: 10), quiet: .seconds(3_600))
        defer { try? FileManager.default.removeItem(atPath: printer.keeper.spareFolder) }
        for i in 0..<30 { try printer.send(PrintJob(id: "first-\(i)", bytes: [0x1B, 0x40], document: Self.document)) }
        await printer.keeper.trimmed()
        try FileManager.default.removeItem(atPath: printer.keeper.spareFolder)
        for i in 0..<60 {
            try printer.send(PrintJob(id: "then-\(i)", bytes: [0x1B, 0x40], document: Self.document))
            if i % 8 == 7 { await printer.keeper.trimmed() }
        }
        await printer.keeper.trimmed()
        let bins = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".bin") }
        #expect(bins.count <= 10 + 8, "\(bins.count) jobs kept")
        #expect(FileManager.default.fileExists(atPath: printer.keeper.spareFolder))
    }
}
