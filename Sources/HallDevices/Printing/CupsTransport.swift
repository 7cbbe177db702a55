import CCups
import Foundation

/// Raw jobs to a named CUPS queue through libcups, on its own connection (no global server state).
public struct CupsTransport: PrinterTransport {
    public var queue: String
    /// A server address or socket path; `nil` = libcups' default (`CUPS_SERVER`, client.conf, localhost).
    public var server: String?

    public init(queue: String, server: String? = nil) {
        self.queue = queue
        self.server = server
    }

    public var name: String { "cups:\(queue)" }

    func connect() throws -> OpaquePointer {
        let host = server ?? String(cString: cupsServer())
        guard let http = httpConnect2(host, ippPort(), nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 3000, nil) else {
            throw TransportError(.offline, "\(name): cannot reach CUPS at \(host): \(String(cString: cupsLastErrorString()))")
        }
        return http
    }

    public func send(_ job: PrintJob) throws {
        let http = try connect()
        defer { httpClose(http) }
        let state = queueState(http)
        guard state.canPrint else { throw TransportError(state, "\(name): queue is \(state == .unplugged ? "missing" : "stopped")") }
        let id = cupsCreateJob(http, queue, job.id, 0, nil)
        guard id > 0 else { throw TransportError(.offline, "\(name): create job: \(String(cString: cupsLastErrorString()))") }
        guard cupsStartDocument(http, queue, id, job.id, CUPS_FORMAT_RAW, 1) == HTTP_STATUS_CONTINUE else {
            throw TransportError(.offline, "\(name): start document: \(String(cString: cupsLastErrorString()))")
        }
        let written = job.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { cupsWriteRequestData(http, $0, buf.count) }
        }
        let finished = cupsFinishDocument(http, queue)
        guard written == HTTP_STATUS_CONTINUE, finished.rawValue <= IPP_STATUS_OK_CONFLICTING.rawValue else {
            throw TransportError(.offline, "\(name): send: \(String(cString: cupsLastErrorString()))")
        }
    }

    public func status() -> DeviceStatus {
        guard let http = try? connect() else { return .offline }
        defer { httpClose(http) }
        return queueState(http)
    }

    /// ok for an idle or printing queue, offline for a stopped or rejecting one, unplugged when it does not exist.
    func queueState(_ http: OpaquePointer) -> DeviceStatus {
        guard let dest = cupsGetNamedDest(http, queue, nil) else { return .unplugged }
        defer { cupsFreeDests(1, dest) }
        func option(_ name: String) -> String? {
            cupsGetOption(name, dest.pointee.num_options, dest.pointee.options).map { String(cString: $0) }
        }
        if option("printer-state") == "5" { return .offline }
        if option("printer-is-accepting-jobs") == "false" { return .offline }
        return .ok
    }
}
