import CLibUSB

/// A libusb status code with libusb's own name for it.
public struct LibUSBError: Error, RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let noDevice = LibUSBError(rawValue: LIBUSB_ERROR_NO_DEVICE.rawValue)
    public static let timeout = LibUSBError(rawValue: LIBUSB_ERROR_TIMEOUT.rawValue)
    public static let access = LibUSBError(rawValue: LIBUSB_ERROR_ACCESS.rawValue)
    public static let busy = LibUSBError(rawValue: LIBUSB_ERROR_BUSY.rawValue)

    public var description: String { String(cString: libusb_error_name(rawValue)) }

    /// The device status this failure means.
    var deviceStatus: DeviceStatus {
        switch self {
        case .noDevice: return .unplugged
        default: return .offline
        }
    }
}

/// A printer-class USB interface found in the descriptors.
struct USBPrinterInterface {
    var number: Int32
    var bulkOut: UInt8
    var bulkIn: UInt8?
}

/// Printers on the USB bus through libusb: interface class 7 plus a profile's match, endpoints from
/// the descriptors, the kernel's usblp driver detached only when the profile says so.
public struct LibUSBTransport: PrinterTransport {
    public var profile: PrinterProfile
    /// A particular device (bus, address); `nil` = the first that matches the profile.
    public var location: (bus: Int, address: Int)?
    public var timeoutMilliseconds: Int
    public var statusTimeoutMilliseconds: Int

    public init(
        profile: PrinterProfile, location: (bus: Int, address: Int)? = nil, timeoutMilliseconds: Int = 5000,
        statusTimeoutMilliseconds: Int = 150
    ) {
        self.profile = profile
        self.location = location
        self.timeoutMilliseconds = timeoutMilliseconds
        self.statusTimeoutMilliseconds = statusTimeoutMilliseconds
    }

    public var name: String {
        "usb:\(UdevRules.hex(profile.match.vendorID)):\(profile.match.productID.map(UdevRules.hex) ?? "*")"
    }

    public func send(_ job: PrintJob) throws {
        try withClaimedPrinter { handle, iface in
            if profile.realtimeStatus, iface.bulkIn != nil {
                var channel = USBStatusChannel(handle: handle, iface: iface, timeout: statusTimeoutMilliseconds)
                let st = try channel.queryRealtimeStatus(timeoutMilliseconds: statusTimeoutMilliseconds)
                if st != .unknown && !st.canPrint { throw TransportError(st, "\(name): printer reports \(st.rawValue)") }
            }
            var offset = 0
            var bytes = job.bytes
            while offset < bytes.count {
                let chunk = min(4096, bytes.count - offset)
                var sent: Int32 = 0
                let r = bytes.withUnsafeMutableBufferPointer {
                    libusb_bulk_transfer(handle, iface.bulkOut, $0.baseAddress! + offset, Int32(chunk), &sent, UInt32(timeoutMilliseconds))
                }
                offset += Int(sent)
                if r != 0 {
                    let e = LibUSBError(rawValue: r)
                    throw TransportError(e.deviceStatus, "\(name): bulk write failed after \(offset) of \(bytes.count) bytes: \(e)")
                }
            }
        }
    }

    public func status() -> DeviceStatus {
        do {
            return try withClaimedPrinter { handle, iface in
                if profile.realtimeStatus, iface.bulkIn != nil {
                    var channel = USBStatusChannel(handle: handle, iface: iface, timeout: statusTimeoutMilliseconds)
                    let st = try channel.queryRealtimeStatus(timeoutMilliseconds: statusTimeoutMilliseconds)
                    if st != .unknown { return st }
                }
                // Printer class GET_PORT_STATUS: the same bits usblp's LPGETSTATUS reports.
                var byte: UInt8 = 0
                let r = libusb_control_transfer(handle, 0xA1, 1, 0, UInt16(iface.number) << 8, &byte, 1, UInt32(statusTimeoutMilliseconds))
                return r == 1 ? RealtimeStatus.interpretPortStatus(Int32(byte)) : .unknown
            }
        } catch let e as TransportError {
            return e.status
        } catch {
            return .unknown
        }
    }

    func withClaimedPrinter<T>(_ body: (OpaquePointer, USBPrinterInterface) throws -> T) throws -> T {
        try LibUSBContext.with { ctx in
            guard let (device, iface) = try findDevice(ctx) else {
                throw TransportError(.unplugged, "\(name): no matching printer on the bus")
            }
            var handle: OpaquePointer?
            var r = libusb_open(device, &handle)
            guard r == 0, let handle else {
                throw TransportError(LibUSBError(rawValue: r).deviceStatus, "\(name): open: \(LibUSBError(rawValue: r))")
            }
            defer { libusb_close(handle) }
            if profile.detachKernelDriver, libusb_kernel_driver_active(handle, iface.number) == 1 {
                r = libusb_detach_kernel_driver(handle, iface.number)
                if r != 0 { throw TransportError(.offline, "\(name): detach kernel driver: \(LibUSBError(rawValue: r))") }
            }
            r = libusb_claim_interface(handle, iface.number)
            guard r == 0 else {
                throw TransportError(
                    LibUSBError(rawValue: r).deviceStatus, "\(name): claim interface \(iface.number): \(LibUSBError(rawValue: r))")
            }
            defer { libusb_release_interface(handle, iface.number) }
            return try body(handle, iface)
        }
    }

    func findDevice(_ ctx: OpaquePointer?) throws -> (OpaquePointer, USBPrinterInterface)? {
        for (device, info) in USBPrinterDiscovery.enumerate(ctx) {
            if let location, location.bus != info.bus || location.address != info.address { continue }
            guard profile.match.score(info) != nil, let iface = USBPrinterDiscovery.printerInterface(device) else { continue }
            return (device, iface)
        }
        return nil
    }
}

/// `DLE EOT` over the bulk endpoints.
struct USBStatusChannel: StatusChannel {
    let handle: OpaquePointer
    let iface: USBPrinterInterface
    let timeout: Int

    mutating func write(_ bytes: [UInt8]) throws {
        var b = bytes, sent: Int32 = 0
        let r = libusb_bulk_transfer(handle, iface.bulkOut, &b, Int32(b.count), &sent, UInt32(timeout))
        if r != 0 { throw TransportError(LibUSBError(rawValue: r).deviceStatus, "status write: \(LibUSBError(rawValue: r))") }
    }

    mutating func readByte(timeoutMilliseconds: Int) throws -> UInt8? {
        guard let ep = iface.bulkIn else { return nil }
        var buf = [UInt8](repeating: 0, count: 64), got: Int32 = 0
        let r = libusb_bulk_transfer(handle, ep, &buf, 64, &got, UInt32(max(timeoutMilliseconds, 1)))
        if r == LIBUSB_ERROR_TIMEOUT.rawValue { return nil }
        if r != 0 { throw TransportError(LibUSBError(rawValue: r).deviceStatus, "status read: \(LibUSBError(rawValue: r))") }
        return got > 0 ? buf[Int(got) - 1] : nil
    }
}

/// One libusb context per operation, closed exactly once.
enum LibUSBContext {
    static func with<T>(_ body: (OpaquePointer?) throws -> T) throws -> T {
        var ctx: OpaquePointer?
        let r = libusb_init(&ctx)
        guard r == 0 else { throw TransportError(.offline, "libusb_init: \(LibUSBError(rawValue: r))") }
        defer { libusb_exit(ctx) }
        return try body(ctx)
    }
}

/// What is plugged in, for `hall devices`.
public enum USBPrinterDiscovery {
    /// Every USB device with its ids, interface classes and (when it can be opened) strings.
    public static func devices() -> [USBDeviceInfo] {
        (try? LibUSBContext.with { ctx in enumerate(ctx).map(\.1) }) ?? []
    }

    /// Each printer-class device with the profile that matches it best (or none).
    public static func printers(profiles: [PrinterProfile]) -> [(device: USBDeviceInfo, profile: PrinterProfile?)] {
        devices().filter { $0.interfaceClasses.contains(7) }.map { ($0, PrinterProfile.bestMatch(for: $0, in: profiles)) }
    }

    /// Devices of the list (valid while the context lives).
    static func enumerate(_ ctx: OpaquePointer?) -> [(OpaquePointer, USBDeviceInfo)] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let n = libusb_get_device_list(ctx, &list)
        guard n > 0, let list else { return [] }
        defer { libusb_free_device_list(list, 0) }
        var out: [(OpaquePointer, USBDeviceInfo)] = []
        for i in 0..<n {
            guard let device = list[i] else { continue }
            var dd = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &dd) == 0 else { continue }
            var info = USBDeviceInfo(
                vendorID: dd.idVendor, productID: dd.idProduct, interfaceClasses: interfaceClasses(device),
                bus: Int(libusb_get_bus_number(device)), address: Int(libusb_get_device_address(device)))
            var handle: OpaquePointer?
            if libusb_open(device, &handle) == 0, let handle {
                info.manufacturer = string(handle, dd.iManufacturer)
                info.product = string(handle, dd.iProduct)
                info.serial = string(handle, dd.iSerialNumber)
                libusb_close(handle)
            }
            out.append((device, info))
        }
        return out
    }

    static func string(_ handle: OpaquePointer, _ index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buf = [UInt8](repeating: 0, count: 256)
        let n = libusb_get_string_descriptor_ascii(handle, index, &buf, 256)
        return n > 0 ? String(decoding: buf.prefix(Int(n)), as: UTF8.self) : nil
    }

    static func interfaceClasses(_ device: OpaquePointer) -> [UInt8] {
        var cfg: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &cfg) == 0 || libusb_get_config_descriptor(device, 0, &cfg) == 0,
            let cfg
        else { return [] }
        defer { libusb_free_config_descriptor(cfg) }
        return (0..<Int(cfg.pointee.bNumInterfaces)).flatMap { i in
            let itf = cfg.pointee.interface[i]
            return (0..<Int(itf.num_altsetting)).map { itf.altsetting[$0].bInterfaceClass }
        }
    }

    /// The first printer-class interface with a bulk OUT endpoint, read from the descriptors.
    static func printerInterface(_ device: OpaquePointer) -> USBPrinterInterface? {
        var cfg: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &cfg) == 0 || libusb_get_config_descriptor(device, 0, &cfg) == 0,
            let cfg
        else { return nil }
        defer { libusb_free_config_descriptor(cfg) }
        for i in 0..<Int(cfg.pointee.bNumInterfaces) {
            let itf = cfg.pointee.interface[i]
            for a in 0..<Int(itf.num_altsetting) {
                let alt = itf.altsetting[a]
                guard alt.bInterfaceClass == UInt8(LIBUSB_CLASS_PRINTER.rawValue) else { continue }
                var out: UInt8?, inp: UInt8?
                for e in 0..<Int(alt.bNumEndpoints) {
                    let ep = alt.endpoint[e]
                    guard ep.bmAttributes & 3 == UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue) else { continue }
                    if ep.bEndpointAddress & 0x80 == 0 { out = out ?? ep.bEndpointAddress } else { inp = inp ?? ep.bEndpointAddress }
                }
                if let out { return USBPrinterInterface(number: Int32(alt.bInterfaceNumber), bulkOut: out, bulkIn: inp) }
            }
        }
        return nil
    }
}
