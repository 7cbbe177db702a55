/// What a device can tell the hall about itself.
public enum DeviceStatus: String, Sendable, Hashable, CaseIterable {
    case ok, paperNearEnd, paperOut, coverOpen, offline, unplugged
    /// No answer, or an answer of the wrong shape: not known to be fine.
    case unknown

    /// A job may be sent in this state.
    public var canPrint: Bool { self == .ok || self == .paperNearEnd }
}

/// Interprets `DLE EOT n` replies (Epson's real-time status).
///
/// Every reply byte has the shape `0xx1xx10` (bits 1 and 4 set, bits 0 and 7 clear); anything
/// else is noise and means unknown.
public enum RealtimeStatus {
    /// The requests sent, in order: printer (1), offline cause (2), paper sensor (4).
    public static let requests: [UInt8] = [1, 2, 4]

    public static func hasStatusShape(_ byte: UInt8) -> Bool { byte & 0x93 == 0x12 }

    /// The status from the replies to `DLE EOT 1`, `2` and `4`; `nil` = no reply.
    public static func interpret(printer: UInt8?, offlineCause: UInt8?, paper: UInt8?) -> DeviceStatus {
        guard let printer, let offlineCause, let paper,
            hasStatusShape(printer), hasStatusShape(offlineCause), hasStatusShape(paper)
        else { return .unknown }
        if offlineCause & 0x04 != 0 { return .coverOpen }
        if offlineCause & 0x20 != 0 || paper & 0x60 != 0 { return .paperOut }
        if printer & 0x08 != 0 || offlineCause & 0x40 != 0 { return .offline }
        if paper & 0x0C != 0 { return .paperNearEnd }
        return .ok
    }

    /// The status from the printer-class port status byte (usblp `LPGETSTATUS`, USB `GET_PORT_STATUS`):
    /// bit 5 paper empty, bit 4 selected (online), bit 3 no error (active low).
    public static func interpretPortStatus(_ status: Int32) -> DeviceStatus {
        if status & 0x20 != 0 { return .paperOut }
        if status & 0x10 == 0 { return .offline }
        if status & 0x08 == 0 { return .offline }
        return .ok
    }
}

/// A two-way byte channel for real-time status requests: write a request, read one byte.
protocol StatusChannel {
    mutating func write(_ bytes: [UInt8]) throws
    /// One byte if the printer says something within `timeoutMilliseconds`, else nil.
    mutating func readByte(timeoutMilliseconds: Int) throws -> UInt8?
}

extension StatusChannel {
    /// Drains stale bytes, then asks `DLE EOT 1, 2, 4` and interprets the answers.
    mutating func queryRealtimeStatus(timeoutMilliseconds: Int = 150) throws -> DeviceStatus {
        var stale = 0
        while try readByte(timeoutMilliseconds: 0) != nil, stale < 4096 { stale += 1 }
        var replies: [UInt8?] = []
        for n in RealtimeStatus.requests {
            try write(EscPos.realtimeStatus(n))
            let reply = try readByte(timeoutMilliseconds: timeoutMilliseconds)
            guard let reply else { return .unknown }
            replies.append(reply)
        }
        return RealtimeStatus.interpret(printer: replies[0], offlineCause: replies[1], paper: replies[2])
    }
}
