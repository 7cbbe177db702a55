import Foundation
import Testing

@testable import HallDevices

@Suite("Printer profiles and udev rules")
struct PrinterProfileTests {
    @Test func sixRealModelsLoad() throws {
        let profiles = try PrinterProfile.loadAll(from: TestPaths.printerProfiles)
        let ids = Dictionary(uniqueKeysWithValues: profiles.map { ($0.id, $0) })
        #expect(profiles.count >= 6)
        let expected: [(String, UInt16, UInt16)] = [
            ("epson-tm-t20ii", 0x04B8, 0x0E15), ("epson-tm-t88", 0x04B8, 0x0202), ("gprinter-gp58", 0x6868, 0x0200),
            ("xprinter-xp58", 0x0483, 0x5743), ("generic-58mm", 0x0416, 0x5011), ("rongta-rp", 0x0FE6, 0x811E),
        ]
        for (id, vendor, product) in expected {
            let p = try #require(ids[id], "\(id) missing")
            #expect(p.match.vendorID == vendor && p.match.productID == product && p.match.interfaceClass == 7)
        }
        #expect(ids["gprinter-gp58"]?.text == TextCapabilities(chineseEncoding: .gb18030, kanjiMode: true))
        #expect(ids["gprinter-gp58"]?.detachKernelDriver == true)
        #expect(ids["xprinter-xp58"]?.text.chineseEncoding == .gbk)
        #expect(ids["generic-58mm"]?.nativeQRCode == false && ids["generic-58mm"]?.rasterMaxRows == 256)
        #expect(ids["epson-tm-t20ii"]?.widthDots == 576 && ids["epson-tm-t20ii"]?.cut == .partial)
        #expect(ids["gprinter-gp58"]?.cut == nil)
    }

    @Test(arguments: [
        ("missing-width.yaml", 1, "missing required key 'width_dots'"),
        ("bad-encoding.yaml", 7, "encoding must be gb18030 or gbk, not 'big5'"),
        ("bad-vendor.yaml", 3, "USB id of four hex digits"),
        ("unknown-key.yaml", 5, "unknown key 'cutter'"),
        ("not-yaml.yaml", 3, "not valid YAML"),
    ])
    func aBadProfileIsRejectedWithFileLineAndReason(file: String, line: Int, reason: String) {
        let url = TestPaths.fixtures.appendingPathComponent("bad-profiles/\(file)")
        do {
            _ = try PrinterProfile.load(from: url)
            Issue.record("\(file) was accepted")
        } catch let error as FileFormatError {
            #expect(error.file == url.path)
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error.reason)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aTypoInAProfileIsAnsweredWithTheKeyOrChoiceMeant() {
        let head = "name: T\nmatch: {vendor: \"04b8\"}\nwidth_dots: 576\n"
        let cases: [(String, Int, String)] = [
            (head + "ctu: partial\n", 4, "unknown key 'ctu' in the profile (did you mean 'cut'?)"),
            (head + "barcode: natve\n", 4, "'barcode' must be one of native, raster, not 'natve' (did you mean 'native'?)"),
        ]
        for (yaml, line, reason) in cases {
            #expect {
                try PrinterProfile.parse(yaml, id: "typo", file: "Devices/printers/typo.yaml")
            } throws: { error in
                guard let error = error as? FileFormatError else { return false }
                return error.file == "Devices/printers/typo.yaml" && error.line == line && error.reason.hasPrefix(reason)
            }
        }
    }

    @Test func matchingUsesClassIdsAndStrings() throws {
        let profiles = try PrinterProfile.loadAll(from: TestPaths.printerProfiles)
        let xp = USBDeviceInfo(
            vendorID: 0x0483, productID: 0x5743, interfaceClasses: [7], manufacturer: "STMicroelectronics", product: "USB Printer P")
        #expect(PrinterProfile.bestMatch(for: xp, in: profiles)?.id == "xprinter-xp58")
        var stmBoard = xp
        stmBoard.product = "Virtual COM Port"
        #expect(PrinterProfile.bestMatch(for: stmBoard, in: profiles) == nil, "same chip ids, not a printer")
        let noPrinterClass = USBDeviceInfo(vendorID: 0x0416, productID: 0x5011, interfaceClasses: [3])
        #expect(PrinterProfile.bestMatch(for: noPrinterClass, in: profiles) == nil)
        let epson = USBDeviceInfo(vendorID: 0x04B8, productID: 0x0E15, interfaceClasses: [7, 255], manufacturer: "EPSON")
        #expect(PrinterProfile.bestMatch(for: epson, in: profiles)?.id == "epson-tm-t20ii")
    }

    @Test func udevRulesComeFromTheProfiles() throws {
        let profiles = try PrinterProfile.loadAll(from: TestPaths.printerProfiles)
        let rules = UdevRules.generate(for: profiles, group: "hall")
        #expect(
            rules.contains(
                #"SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="04b8", ATTR{idProduct}=="0e15", ATTR{manufacturer}=="*[Ee][Pp][Ss][Oo][Nn]*", MODE="0660", GROUP="hall", SYMLINK+="hall/printer-epson-tm-t20ii""#
            ))
        #expect(
            rules.contains(
                #"SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", ATTRS{idVendor}=="0416", ATTRS{idProduct}=="5011", MODE="0660", GROUP="hall", SYMLINK+="hall/lp-generic-58mm""#
            ))
        #expect(rules.components(separatedBy: "SYMLINK+=").count - 1 == profiles.count * 2)
        #expect(UdevRules.generate(for: profiles.reversed(), group: "hall") == rules, "stable order")
    }
}
