import Foundation
import Glibc
import HallConfig
import Testing

/// A `usblp` printer path must be a character device: a ticket is never written into a file, a
/// directory or a FIFO because the hall file said so.
@Suite struct UsbLpPathTests {
    func hallWithPrinter(_ path: String) -> String {
        validHall + "\n" + """
            devices:
              printers:
                - {id: kiosk-printer, role: kiosk, profile: virtual, transport: usblp \(path)}

            """
    }

    func refusal(_ path: String) -> ConfigProblem? {
        let text = hallWithPrinter(path)
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "transport: usblp", in: text))
        return found.first
    }

    @Test func aRegularFileOutsideDevIsRefused() {
        let problem = refusal("/etc/passwd")
        #expect(
            problem?.message.contains("/etc/passwd is a regular file, not a printer's character device") == true,
            "\(String(describing: problem))")
    }

    @Test func aDirectoryAFifoAndAFileUnderDevAreRefused() throws {
        let folder = "/dev/shm/hall-usblp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data("x".utf8)))
        #expect(refusal(folder)?.message.contains("is a directory") == true)
        #expect(refusal(folder + "/fifo")?.message.contains("is a FIFO") == true)
        #expect(refusal(folder + "/file")?.message.contains("is a regular file") == true)
    }

    @Test func aMissingPathOutsideDevIsRefused() {
        #expect(refusal("/tmp/no-such-printer")?.message.contains("must be a device under /dev/") == true)
    }

    @Test func aCharacterDeviceOrAnUnpluggedPrinterUnderDevIsAccepted() throws {
        // /dev/null is a character device; /dev/usb/lp9 is a printer not plugged in right now.
        let profiles = KnownDeviceProfiles(printers: [], buttons: [:])
        let null = try HallFileLoader.parse(yaml: hallWithPrinter("/dev/null"), file: "test-hall.yaml", profiles: profiles)
        #expect(null.devices.printers.map(\.transport) == [.usblp(path: "/dev/null")])
        let unplugged = try HallFileLoader.parse(yaml: hallWithPrinter("/dev/usb/lp9"), file: "test-hall.yaml", profiles: profiles)
        #expect(unplugged.devices.printers.map(\.transport) == [.usblp(path: "/dev/usb/lp9")])
    }
}
