import Foundation
import SystemPackage

/// A job on its way to a printer: the encoded bytes, and the document for transports that render it.
public struct PrintJob: Sendable, Hashable, Identifiable {
    public var id: String
    public var bytes: [UInt8]
    public var document: PrintDocument

    public init(id: String, bytes: [UInt8], document: PrintDocument) {
        self.id = id
        self.bytes = bytes
        self.document = document
    }
}

/// Why a job did not reach the printer, with the status that follows from it.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: DeviceStatus
    public var message: String

    public init(_ status: DeviceStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.rawValue): \(message)" }
}

/// A way to reach a printer: libusb, the usblp device file, CUPS, TCP 9100, or the virtual printer.
///
/// Calls block for at most the transport's timeouts; call them off the cooperative pool
/// (the `PrintQueue` does).
public protocol PrinterTransport: Sendable {
    /// For logs and `hall devices`: "usb:0416:5011", "cups:KIOSK", "tcp:10.0.0.5:9100" …
    var name: String { get }
    /// Sends the whole job or throws `TransportError`.
    func send(_ job: PrintJob) throws
    /// The printer's current status; `.unknown` when it cannot tell.
    func status() -> DeviceStatus
}

/// Milliseconds since an arbitrary start, monotonic.
func monotonicMilliseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
}

/// The C library's words for an `errno` value (swift-system's `Errno`).
func errnoText(_ code: Int32) -> String { Errno(rawValue: code).description }
