/// One frame of the RS-485 caller/evaluator bus: `FF 68 L L 68 ADDR FUNC DATA… CS 16`.
///
/// `L` = 2 + data length; `CS` = (ADDR + FUNC + data) mod 256. The leading `FF` wakes the line;
/// the decoder accepts frames with or without it.
///
/// ```swift
/// BusFrame(address: 3, function: 0x0C).encoded  // FF 68 02 02 68 03 0C 0F 16
/// ```
public struct BusFrame: Sendable, Hashable, CustomStringConvertible {
    public static let preamble: UInt8 = 0xFF
    public static let start: UInt8 = 0x68
    public static let end: UInt8 = 0x16
    /// The longest data part the decoder accepts; longer lengths are taken for noise.
    public static let maximumDataLength = 64

    public var address: UInt8
    public var function: UInt8
    public var data: [UInt8]

    public init(address: UInt8, function: UInt8, data: [UInt8] = []) {
        precondition(data.count <= Self.maximumDataLength, "bus frame data longer than \(Self.maximumDataLength) bytes")
        self.address = address
        self.function = function
        self.data = data
    }

    /// (ADDR + FUNC + data) mod 256.
    public var checksum: UInt8 { Self.checksum(of: [address, function] + data) }

    static func checksum(of bytes: some Sequence<UInt8>) -> UInt8 {
        bytes.reduce(0) { $0 &+ $1 }
    }

    /// The bytes on the wire, preamble included.
    public var encoded: [UInt8] {
        let length = UInt8(2 + data.count)
        return [Self.preamble, Self.start, length, length, Self.start, address, function] + data + [checksum, Self.end]
    }

    public var description: String {
        "BusFrame(addr \(address), func 0x\(String(function, radix: 16)), data \(data.map { String($0, radix: 16) }))"
    }
}
