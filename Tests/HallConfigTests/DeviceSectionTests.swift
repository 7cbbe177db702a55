import Foundation
import HallConfig
import Testing

/// The `devices:` section: printers, buttons, buses, scanners, each problem at its line.
@Suite struct DeviceSectionTests {
    static let known = KnownDeviceProfiles(
        printers: ["epson-tm-t20ii", "rongta-rp"],
        buttons: ["caller-f1-f8-usb": "evdev", "evaluator-5key-usb": "evdev", "rs485-caller-evaluator": "rs485"])

    static let section = """
        devices:
          printers:
            - {id: kiosk-printer, role: kiosk, profile: rongta-rp, transport: usblp /dev/usb/lp0}
            - {id: w1-printer, role: window 1, profile: epson-tm-t20ii, transport: "tcp 192.168.1.31"}
            - {id: w2-printer, role: window 2, profile: virtual, transport: virtual}
          buttons:
            - {id: w1-keypad, window: 1, profile: caller-f1-f8-usb, device: /dev/input/by-id/usb-Caller-event-kbd}
            - {id: w1-evaluator, window: 1, profile: evaluator-5key-usb}
          buses:
            - {id: bus0, path: /dev/ttyUSB0, profile: rs485-caller-evaluator, addresses: {7: 2}}
          scanners:
            - {window: 1, device: "test:0"}
          scan_retention_days: 30

        """

    func withDevices(_ section: String = section) -> String { validHall + "\n" + section }

    func problems(_ text: String) -> [ConfigProblem] {
        do {
            _ = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml", profiles: Self.known)
            Issue.record("expected problems, but the file loaded")
            return []
        } catch { return error.problems }
    }

    @Test func aFullSectionLoads() throws {
        let file = try HallFileLoader.parse(yaml: withDevices(), file: "test-hall.yaml", profiles: Self.known)
        let d = file.devices
        #expect(d.printers.map(\.role) == [.kiosk, .window(1), .window(2)])
        #expect(d.printers.map(\.transport) == [.usblp(path: "/dev/usb/lp0"), .tcp(host: "192.168.1.31", port: 9100), .virtual])
        #expect(
            d.buttons == [
                ButtonDeviceSetup(id: "w1-keypad", window: 1, profile: "caller-f1-f8-usb", device: "/dev/input/by-id/usb-Caller-event-kbd"),
                ButtonDeviceSetup(id: "w1-evaluator", window: 1, profile: "evaluator-5key-usb", device: nil),
            ])
        #expect(d.buses == [BusSetup(id: "bus0", path: "/dev/ttyUSB0", profile: "rs485-caller-evaluator", addresses: [7: 2])])
        #expect(d.scanners == [ScannerSetup(window: 1, device: "test:0")])
        #expect(d.scanRetentionDays == 30)
        // It survives the trip through the database's JSON.
        #expect(try JSONDecoder().decode(DeviceSetup.self, from: JSONEncoder().encode(d)) == d)
    }

    @Test func withoutTheSectionThereAreNoDevices() throws {
        #expect(try HallFileLoader.parse(yaml: validHall).devices == .none)
    }

    @Test func aMisspeltProfileIsReportedWithTheOneMeant() {
        let text = withDevices(Self.section.replacingOccurrences(of: "profile: rongta-rp", with: "profile: rongta-pr"))
        let found = problems(text)
        expectProblem(found, in: text, onLineOf: "rongta-pr", saying: "unknown printer profile 'rongta-pr' (did you mean 'rongta-rp'?)")
        #expect(found.count == 1)
    }

    @Test func aBadTransportRoleOrWindowIsReportedAtItsLine() {
        var section = Self.section.replacingOccurrences(of: "transport: usblp /dev/usb/lp0", with: "transport: serial /dev/ttyS0")
        section = section.replacingOccurrences(of: "role: window 2", with: "role: window 9")
        section = section.replacingOccurrences(of: "{window: 1, device: \"test:0\"}", with: "{window: 5, device: \"test:0\"}")
        let text = withDevices(section)
        let found = problems(text)
        expectProblem(found, in: text, onLineOf: "serial /dev/ttyS0", saying: "must be 'virtual', 'usb', 'usblp /dev/usb/lpN'")
        expectProblem(found, in: text, onLineOf: "window 9", saying: "stands at window 9, which the hall does not have")
        expectProblem(found, in: text, onLineOf: "window: 5", saying: "names window 5, which the hall does not have")
        #expect(found.count == 3, "\(ConfigErrors(found))")
    }

    @Test func aBusProfileUnderButtonsAndADuplicateIdAreReported() {
        var section = Self.section.replacingOccurrences(
            of: "{id: w1-evaluator, window: 1, profile: evaluator-5key-usb}",
            with: "{id: w1-evaluator, window: 1, profile: rs485-caller-evaluator}")
        section = section.replacingOccurrences(of: "{id: bus0,", with: "{id: w1-keypad,")
        section = section.replacingOccurrences(of: "addresses: {7: 2}", with: "addresses: {7: 4, 300: 1}")
        let text = withDevices(section)
        let found = problems(text)
        expectProblem(found, in: text, onLineOf: "w1-evaluator", saying: "is an rs485 device: name it under 'buses'")
        expectProblem(found, in: text, onLineOf: "path: /dev/ttyUSB0", saying: "duplicate device id 'w1-keypad'")
        expectProblem(found, in: text, onLineOf: "path: /dev/ttyUSB0", saying: "names window 4, which the hall does not have")
        expectProblem(found, in: text, onLineOf: "path: /dev/ttyUSB0", saying: "bus address 300")
        #expect(found.count == 4, "\(ConfigErrors(found))")
    }

    @Test func twoPrintersForOneRoleAreReported() {
        let text = withDevices(Self.section.replacingOccurrences(of: "role: window 2", with: "role: kiosk"))
        let found = problems(text)
        expectProblem(found, in: text, onLineOf: "w2-printer", saying: "a second printer for the kiosk")
        #expect(found.count == 1)
    }

    @Test func theDemoHallUsesVirtualDevicesAndTheTestScanner() throws {
        let file = try HallFileLoader.load(path: DemoHallTests.path)
        #expect(file.devices.printers.allSatisfy { $0.transport == .virtual })
        #expect(file.devices.printers.contains { $0.role == .kiosk })
        #expect(file.devices.scanners.first == ScannerSetup(window: 1, device: "test:0"))
        let sane = try #require(file.devices.saneConfigDirectory)
        #expect(sane.hasPrefix("/"))
        #expect(FileManager.default.fileExists(atPath: sane + "/dll.conf"))
    }
}
