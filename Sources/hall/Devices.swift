import ArgumentParser
import Foundation
import HallApp
import HallDevices

/// `hall devices`: what is plugged in, and which profile each device matches.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List USB printers (with the matching profile), input devices and scanners.")

    @Option(help: "A SANE configuration directory (e.g. Devices/scanners/sane-test for the virtual scanner).")
    var saneConfig: String?

    func run() throws {
        let catalog = DeviceCatalog()
        let printerProfiles = try catalog.printerProfiles()
        print("USB printers (interface class 7):")
        let printers = USBPrinterDiscovery.printers(profiles: printerProfiles)
        if printers.isEmpty { print("  none") }
        for (device, profile) in printers {
            let ids = String(format: "%04x:%04x", device.vendorID, device.productID)
            let name = [device.manufacturer, device.product].compactMap { $0 }.joined(separator: " ")
            print(
                "  bus \(device.bus) address \(device.address)  \(ids)  \(name)  → \(profile.map { "profile \($0.id)" } ?? "no profile matches")"
            )
        }
        let buttonProfiles = try catalog.buttonProfiles()
        print("Input devices:")
        let inputs = EvdevDiscovery.devices()
        if inputs.isEmpty { print("  none readable (is the service user in the group of udev/99-servicehall.rules?)") }
        for (path, identity) in inputs {
            let match = buttonProfiles.first { $0.evdevMatch?.matches(identity) == true }
            print("  \(path)  \(identity)  → \(match.map { "profile \($0.id)" } ?? "-")")
        }
        print("Scanners (local, SANE):")
        do {
            let system = try ScannerSystem(configDirectory: saneConfig)
            defer { system.shutdown() }
            let scanners = try system.devices()
            if scanners.isEmpty { print("  none") }
            for s in scanners { print("  \(s.name)  \(s.vendor) \(s.model) (\(s.type))") }
        } catch {
            print("  cannot ask SANE: \(error)")
        }
    }
}

/// `hall print-test`: a sample ticket on a printer, or into a folder through the virtual printer.
struct PrintTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print-test", abstract: "Print a sample ticket (to the virtual printer's folder when no printer is named).")

    @Option(
        help: """
            The printer: a profile id from Devices/printers (via libusb), usblp:/dev/usb/lp0, cups:QUEUE or tcp:HOST[:PORT] \
            (with --profile). Default: the virtual printer.
            """)
    var printer: String?

    @Option(help: "The printer profile for usblp:, cups: and tcp: printers.")
    var profile: String?

    @Option(help: "Where the virtual printer writes its paper (paper-NNNNNN.bin, its jobs named in paper-NNNNNN.jobs) and print-test.png.")
    var output = "data/spool/print-test"

    func run() throws {
        let catalog = DeviceCatalog()
        let layout = try Layout.load(from: catalog.layoutsDirectory.appendingPathComponent("ticket.layout"))
        let document = try layout.document(.sampleTicket)
        let transport: any PrinterTransport
        let printerProfile: PrinterProfile
        switch printer {
        case nil:
            printerProfile = try profile.map { try catalog.printerProfile($0) } ?? .virtual80
            transport = VirtualPrinter(directory: URL(fileURLWithPath: output), profile: printerProfile)
        case let name? where name.hasPrefix("usblp:"):
            printerProfile = try catalog.printerProfile(profile ?? "generic-58mm")
            transport = UsbLpTransport(path: String(name.dropFirst(6)), realtimeStatus: printerProfile.realtimeStatus)
        case let name? where name.hasPrefix("cups:"):
            printerProfile = try catalog.printerProfile(profile ?? "generic-58mm")
            transport = CupsTransport(queue: String(name.dropFirst(5)))
        case let name? where name.hasPrefix("tcp:"):
            printerProfile = try catalog.printerProfile(profile ?? "generic-58mm")
            let parts = name.dropFirst(4).split(separator: ":")
            transport = TCPTransport(host: String(parts[0]), port: parts.count > 1 ? UInt16(parts[1]) ?? 9100 : 9100)
        case let name?:
            printerProfile = try catalog.printerProfile(name)
            transport = LibUSBTransport(profile: printerProfile)
        }
        let bytes = try EscPosEncoder(profile: printerProfile).encode(document)
        try transport.send(PrintJob(id: "print-test", bytes: bytes, document: document))
        print(
            "printed a sample ticket (\(bytes.count) bytes) on \(transport.name) with profile \(printerProfile.id); status: \(transport.status().rawValue)"
        )
    }
}

/// `hall udev-rules`: the rules for every printer and button profile, one file.
struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules", abstract: "Write udev rules for the printers' and buttons' profiles (udev/99-servicehall.rules).")

    @Option(help: "Where to write the rules; - for standard output.")
    var output = DeviceRules.checkedInPath

    @Option(help: "The group the hall service runs in.")
    var group = "servicehall"

    func run() throws {
        let text = try DeviceRules.generate(group: group)
        if output == "-" {
            print(text, terminator: "")
        } else {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            print("wrote \(output)")
        }
    }
}

/// `hall scan-test`: scans what a scanner holds into one PDF.
struct ScanTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan-test", abstract: "Scan every page a scanner holds into one PDF.")

    @Option(help: "The SANE device name (hall devices lists them); default: the first local scanner.")
    var device: String?

    @Option(help: "The PDF to write (mode 0600).")
    var output: String

    @Option(help: "A SANE configuration directory, e.g. Devices/scanners/sane-test for the virtual scanner test:0.")
    var saneConfig: String?

    @Option(help: "feeder or flatbed; default: the device's selected source.")
    var source: String?

    @Option(help: "Dots per inch.")
    var resolution = 150

    func run() async throws {
        var settings = ScanSettings(resolution: resolution, mode: .gray)
        switch source {
        case "feeder": settings.source = .feeder
        case "flatbed": settings.source = .flatbed
        case nil: break
        default: throw ValidationError("--source must be feeder or flatbed")
        }
        do {
            let report = try await scanToPDF(
                device: device, output: output, settings: settings, configDirectory: saneConfig, createdAt: Date()
            ) {
                print("page \($0.page): \($0.bytesRead) bytes")
            }
            print(
                "\(report.device): \(report.document.pages.count) page(s) → \(report.document.path) (\(report.document.byteCount) bytes, SANE \(report.saneVersion))"
            )
        } catch let error as ScanError {
            print("\(error.chineseMessage) — \(error.englishMessage)")
            throw ExitCode(1)
        }
    }
}
