import Foundation
import Glibc
import Testing

@testable import HallDevices

/// The usblp transport opens only a character device: not a file (the bytes would land in it), not a
/// directory, not a FIFO (whose open blocks the printer's thread until a reader comes).
@Suite("usblp opens only a character device", .timeLimit(.minutes(3)))
struct UsbLpOpenTests {
    @Test func aFileAFifoAndADirectoryAreRefusedAtOpenWithTheReason() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("usblp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        let file = folder + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        var document = PrintDocument()
        document.text("A001")
        let job = PrintJob(id: "A001", bytes: Array("A001".utf8), document: document)
        for path in [folder, folder + "/fifo", file] {
            let transport = UsbLpTransport(path: path)
            #expect(throws: TransportError(.offline, "usblp:\(path): not a character device, refusing to open it")) {
                try transport.send(job)
            }
            #expect(transport.status() != .ok)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).isEmpty, "nothing was written into the regular file")
    }
}
