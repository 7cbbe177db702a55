import CPrinterMocks
import Foundation
import Testing

@testable import HallDevices

/// The USB printer and /dev/usb/lp0 emulated by libumockdev (one testbed for the whole process).
enum MockPrinters {
    static let underUmockdev = runsUnderUmockdev("UmockdevPrinterTests")
    static let started: Bool = underUmockdev && printermock_start() == 0

    static func usbCaptured() -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        let n = printermock_usb_captured(&buf, buf.count)
        return Array(buf.prefix(n))
    }

    static func lpCaptured() -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        let n = printermock_lp_captured(&buf, buf.count)
        return Array(buf.prefix(n))
    }

    static func realtime(_ replies: [UInt8], enabled: Bool = true) {
        printermock_set_realtime(replies, enabled ? 1 : 0)
    }
}

@Suite(
    "USB printer (libusb) and usblp file under umockdev", .serialized,
    .enabled(if: MockPrinters.underUmockdev, "runs in a umockdev child process (UmockdevChildRuns)"))
struct UmockdevPrinterTests {
    static let generic = try! PrinterProfile.load(from: TestPaths.printerProfiles.appendingPathComponent("generic-58mm.yaml"))
    static let ticket: PrintDocument = try! Layout.load(from: TestPaths.layouts.appendingPathComponent("ticket.layout")).document(
        .sampleTicket)

    init() throws {
        try #require(MockPrinters.started, "umockdev testbed did not start")
        printermock_reset()
    }

    @Test func discoveryFindsTheClass7PrinterAndItsProfile() throws {
        let profiles = try PrinterProfile.loadAll(from: TestPaths.printerProfiles)
        let found = USBPrinterDiscovery.printers(profiles: profiles)
        #expect(found.count == 1)
        let device = try #require(found.first)
        #expect(device.device.vendorID == 0x0416 && device.device.productID == 0x5011)
        #expect(device.device.product == "POS58 Printer" && device.device.manufacturer == "Winbond Electronics")
        #expect(device.device.interfaceClasses == [7])
        #expect(device.profile?.id == "generic-58mm")
    }

    @Test func theTicketReachesTheBulkEndpointByteForByte() async throws {
        let queue = PrintQueue(profile: Self.generic, transport: LibUSBTransport(profile: Self.generic))
        #expect(try await queue.submit(Self.ticket, id: "A012") == .printed)
        #expect(MockPrinters.usbCaptured() == (try EscPosEncoder(profile: Self.generic).encode(Self.ticket)))
    }

    @Test func aDeviceOfAnotherProfileIsNotUsed() {
        let epson = try! PrinterProfile.load(from: TestPaths.printerProfiles.appendingPathComponent("epson-tm-t20ii.yaml"))
        #expect(throws: TransportError.self) {
            try LibUSBTransport(profile: epson).send(PrintJob(id: "x", bytes: [0x1B, 0x40], document: PrintDocument()))
        }
        #expect(MockPrinters.usbCaptured().isEmpty)
    }

    @Test func usbStatusFromPortStatusAndRealtime() {
        #expect(LibUSBTransport(profile: Self.generic).status() == .ok, "GET_PORT_STATUS 0x18")
        printermock_set_port_status(0x38)
        #expect(LibUSBTransport(profile: Self.generic).status() == .paperOut)
        var rt = Self.generic
        rt.realtimeStatus = true
        printermock_set_port_status(0x18)
        MockPrinters.realtime([0x1E, 0x16, 0x12, 0x12])
        printermock_queue_stale_byte(0x55)
        #expect(LibUSBTransport(profile: rt).status() == .coverOpen, "stale byte drained, DLE EOT 2 says cover open")
        #expect(Array(MockPrinters.usbCaptured().suffix(9)) == [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4])
    }

    @Test func unplugMidJobEndsUnpluggedAndTheJobIsKept() async throws {
        let queue = PrintQueue(profile: Self.generic, transport: LibUSBTransport(profile: Self.generic))
        printermock_set_unplugged(1)
        let outcome = try await queue.submit(Self.ticket, id: "A012")
        guard case .held(.unplugged, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(await queue.pending.map(\.id) == ["A012"])
        printermock_set_unplugged(0)
        #expect(await queue.refreshStatus() == .ok)
        #expect(await queue.pending.isEmpty)
        #expect(MockPrinters.usbCaptured() == (try EscPosEncoder(profile: Self.generic).encode(Self.ticket)))
    }

    @Test func theUsblpFileGetsTheSameBytes() async throws {
        let queue = PrintQueue(profile: Self.generic, transport: UsbLpTransport(path: "/dev/usb/lp0"))
        #expect(try await queue.submit(Self.ticket, id: "A012") == .printed)
        #expect(MockPrinters.lpCaptured() == (try EscPosEncoder(profile: Self.generic).encode(Self.ticket)))
    }

    @Test func usblpPaperOutHoldsTheJobUntilPaperIsBack() async throws {
        printermock_set_port_status(0x38)
        let queue = PrintQueue(profile: Self.generic, transport: UsbLpTransport(path: "/dev/usb/lp0"))
        let outcome = try await queue.submit(Self.ticket, id: "A012")
        #expect(outcome == .held(.paperOut, reason: "usblp:/dev/usb/lp0: printer reports paperOut"))
        #expect(MockPrinters.lpCaptured().isEmpty)
        printermock_set_port_status(0x18)
        #expect(await queue.refreshStatus() == .ok)
        #expect(MockPrinters.lpCaptured() == (try EscPosEncoder(profile: Self.generic).encode(Self.ticket)))
    }

    @Test func usblpRealtimeStatusCoverOpenAndSilence() {
        MockPrinters.realtime([0x1E, 0x16, 0x12, 0x12])
        printermock_queue_stale_byte(0x12)
        #expect(UsbLpTransport(path: "/dev/usb/lp0", realtimeStatus: true).status() == .coverOpen)
        MockPrinters.realtime([0, 0, 0, 0], enabled: false)
        #expect(
            UsbLpTransport(path: "/dev/usb/lp0", realtimeStatus: true, statusTimeoutMilliseconds: 20).status() == .ok,
            "no DLE EOT reply: falls back to LPGETSTATUS")
        MockPrinters.realtime([0x16, 0x12, 0x12, 0x1E])
        #expect(UsbLpTransport(path: "/dev/usb/lp0", realtimeStatus: true).status() == .paperNearEnd)
        #expect(UsbLpTransport(path: "/dev/usb/lp9").status() == .unplugged)
    }
}
