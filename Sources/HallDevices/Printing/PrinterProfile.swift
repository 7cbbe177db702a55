/// How a printer model behaves, read from `Devices/printers/<id>.yaml`.
public struct PrinterProfile: Sendable, Hashable {
    /// The file name without `.yaml`; stable, used for udev symlinks (`/dev/hall-printer-<id>`).
    public var id: String
    /// A human-readable model name.
    public var name: String
    public var match: USBMatchRule
    /// Printable width in dots (384 for 58 mm, 576 for 80 mm at 203 dpi).
    public var widthDots: Int
    public var text: TextCapabilities
    /// The cut the printer can do; `nil` = no cutter (tear bar).
    public var cut: CutMode?
    /// Lines fed before cutting, so the last line clears the cutter.
    public var feedBeforeCut: Int
    /// QR codes with `GS ( k` (native) or as a raster image.
    public var nativeQRCode: Bool
    /// Barcodes with `GS k` (native) or drawn here and sent as a raster image (bars and text).
    public var nativeBarcode: Bool
    /// The printer answers `DLE EOT n` real-time status requests.
    public var realtimeStatus: Bool
    /// Most rows one `GS v 0` command may carry (firmware buffers differ).
    public var rasterMaxRows: Int
    /// Detach the usblp kernel driver before claiming the interface with libusb.
    public var detachKernelDriver: Bool

    public init(
        id: String, name: String, match: USBMatchRule, widthDots: Int, text: TextCapabilities,
        cut: CutMode? = .partial, feedBeforeCut: Int = 4, nativeQRCode: Bool = true, nativeBarcode: Bool = true,
        realtimeStatus: Bool = true, rasterMaxRows: Int = 1024, detachKernelDriver: Bool = false
    ) {
        self.id = id
        self.name = name
        self.match = match
        self.widthDots = widthDots
        self.text = text
        self.cut = cut
        self.feedBeforeCut = feedBeforeCut
        self.nativeQRCode = nativeQRCode
        self.nativeBarcode = nativeBarcode
        self.realtimeStatus = realtimeStatus
        self.rasterMaxRows = rasterMaxRows
        self.detachKernelDriver = detachKernelDriver
    }

    /// Columns of the printer's font A (12 dots wide) at magnification 1.
    public var columns: Int { widthDots / 12 }
}

/// The printer's text capabilities.
public struct TextCapabilities: Sendable, Hashable {
    /// Encoding of the printer's own double-byte font, `nil` when it has no Chinese font.
    public var chineseEncoding: ChineseEncoding?
    /// Send `FS &` / `FS .` around double-byte text.
    public var kanjiMode: Bool
    /// `ESC t n` code page for single-byte text, if one must be selected.
    public var codePage: UInt8?

    public init(chineseEncoding: ChineseEncoding? = nil, kanjiMode: Bool = false, codePage: UInt8? = nil) {
        self.chineseEncoding = chineseEncoding
        self.kanjiMode = kanjiMode
        self.codePage = codePage
    }
}

/// Double-byte encodings of Chinese printer fonts.
public enum ChineseEncoding: String, Sendable, Hashable, CaseIterable {
    case gb18030, gbk
}

/// Which USB devices a profile describes. Chinese printers reuse chip makers' vendor ids, so the
/// interface class and the descriptor strings take part in the match.
public struct USBMatchRule: Sendable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16?
    /// USB interface class; 7 = printer.
    public var interfaceClass: UInt8
    /// Substring of the manufacturer string (case-insensitive), if the profile requires one.
    public var manufacturer: String?
    /// Substring of the product string (case-insensitive), if the profile requires one.
    public var product: String?

    public init(
        vendorID: UInt16, productID: UInt16?, interfaceClass: UInt8 = 7, manufacturer: String? = nil,
        product: String? = nil
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.interfaceClass = interfaceClass
        self.manufacturer = manufacturer
        self.product = product
    }

    /// How specifically this rule matches `device` (higher is better), or `nil` when it does not.
    public func score(_ device: USBDeviceInfo) -> Int? {
        guard device.vendorID == vendorID, device.interfaceClasses.contains(interfaceClass) else { return nil }
        var score = 1
        if let productID {
            guard device.productID == productID else { return nil }
            score += 2
        }
        if let manufacturer {
            guard let m = device.manufacturer, m.lowercased().contains(manufacturer.lowercased()) else { return nil }
            score += 1
        }
        if let product {
            guard let p = device.product, p.lowercased().contains(product.lowercased()) else { return nil }
            score += 1
        }
        return score
    }
}

/// What is known about a plugged-in USB device, from its descriptors.
public struct USBDeviceInfo: Sendable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16
    public var interfaceClasses: [UInt8]
    public var manufacturer: String?
    public var product: String?
    public var serial: String?
    public var bus: Int
    public var address: Int

    public init(
        vendorID: UInt16, productID: UInt16, interfaceClasses: [UInt8], manufacturer: String? = nil,
        product: String? = nil, serial: String? = nil, bus: Int = 0, address: Int = 0
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.interfaceClasses = interfaceClasses
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.bus = bus
        self.address = address
    }
}

extension PrinterProfile {
    /// The best-matching profile for a device, or `nil`.
    public static func bestMatch(for device: USBDeviceInfo, in profiles: [PrinterProfile]) -> PrinterProfile? {
        profiles.compactMap { p in p.match.score(device).map { (p, $0) } }
            .max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.id > $1.0.id) }?.0
    }

    /// A profile for the virtual printer and for tests: 80 mm with a GB18030 Chinese font (as most
    /// thermal printers sold in China have), native QR, status. With the font, a ticket's bytes are
    /// text, not a Pango raster of every Chinese line: the virtual printer keeps pace with the kiosk
    /// (issue 14); its picture is drawn from the same plan either way.
    public static let virtual80 = PrinterProfile(
        id: "virtual", name: "Virtual 80 mm printer", match: USBMatchRule(vendorID: 0, productID: 0),
        widthDots: 576, text: TextCapabilities(chineseEncoding: .gb18030, kanjiMode: true))
}
