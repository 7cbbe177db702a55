/// What an evdev device says about itself: the fields a profile matches on.
public struct EvdevIdentity: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var physicalPath: String?
    public var busType: UInt16
    public var vendorID: UInt16
    public var productID: UInt16

    public init(name: String, physicalPath: String? = nil, busType: UInt16 = 0, vendorID: UInt16, productID: UInt16) {
        self.name = name
        self.physicalPath = physicalPath
        self.busType = busType
        self.vendorID = vendorID
        self.productID = productID
    }

    public var description: String {
        "\"\(name)\" \(USBDeviceID(vendorID: vendorID, productID: productID))"
    }
}

/// A USB vendor:product pair, written `1a86:e026`.
public struct USBDeviceID: Sendable, Hashable, CustomStringConvertible {
    public var vendorID: UInt16
    public var productID: UInt16

    public init(vendorID: UInt16, productID: UInt16) {
        self.vendorID = vendorID
        self.productID = productID
    }

    /// Parses `vvvv:pppp` (hex, four digits each).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }),
            let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { return nil }
        self.init(vendorID: vendor, productID: product)
    }

    public var description: String { hex(vendorID) + ":" + hex(productID) }
    private func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
