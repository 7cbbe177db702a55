import Foundation
import Glibc
import HallPOSIX

/// Raw TCP (JetDirect, port 9100) with connect and write timeouts.
public struct TCPTransport: PrinterTransport {
    public var host: String
    public var port: UInt16
    public var connectTimeoutMilliseconds: Int
    public var writeTimeoutMilliseconds: Int
    /// Ask `DLE EOT` over the connection (the profile says the printer answers).
    public var realtimeStatus: Bool

    public init(
        host: String, port: UInt16 = 9100, connectTimeoutMilliseconds: Int = 1500, writeTimeoutMilliseconds: Int = 5000,
        realtimeStatus: Bool = true
    ) {
        self.host = host
        self.port = port
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.writeTimeoutMilliseconds = writeTimeoutMilliseconds
        self.realtimeStatus = realtimeStatus
    }

    public var name: String { "tcp:\(host):\(port)" }

    public func send(_ job: PrintJob) throws {
        let fd = try connect()
        defer { close(fd) }
        var sent = 0
        let deadline = monotonicMilliseconds() + writeTimeoutMilliseconds
        try job.bytes.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = retryingEINTR { Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL)) }
                if n > 0 { sent += n; continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    guard try waitFor(fd, events: Int16(POLLOUT), until: deadline) else {
                        throw TransportError(.offline, "\(name): write timed out after \(sent) of \(raw.count) bytes")
                    }
                    continue
                }
                throw TransportError(.offline, "\(name): write failed: \(errnoText(errno))")
            }
        }
        shutdown(fd, Int32(SHUT_WR))
    }

    public func status() -> DeviceStatus {
        guard let fd = try? connect() else { return .offline }
        defer { close(fd) }
        guard realtimeStatus else { return .ok }
        var channel = SocketStatusChannel(fd: fd)
        return (try? channel.queryRealtimeStatus()) ?? .unknown
    }

    /// A non-blocking connected socket, or `TransportError(.offline, …)`.
    func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw TransportError(.offline, "\(name): cannot resolve: \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(
            first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TransportError(.offline, "\(name): socket: \(errnoText(errno))") }
        let r = retryingEINTR { Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) }
        if r != 0 && errno != EINPROGRESS {
            let e = errno
            close(fd)
            throw TransportError(.offline, "\(name): connect: \(errnoText(e))")
        }
        if r != 0 {
            let ok = (try? waitFor(fd, events: Int16(POLLOUT), until: monotonicMilliseconds() + connectTimeoutMilliseconds)) ?? false
            guard ok else {
                close(fd)
                throw TransportError(.offline, "\(name): connect timed out after \(connectTimeoutMilliseconds) ms")
            }
            var soError: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
            if soError != 0 {
                close(fd)
                throw TransportError(.offline, "\(name): connect: \(errnoText(soError))")
            }
        }
        return fd
    }
}

/// Polls `fd` until `events` or the deadline; false on timeout.
func waitFor(_ fd: Int32, events: Int16, until deadline: Int) throws -> Bool {
    var p = pollfd(fd: fd, events: events, revents: 0)
    let r = retryingEINTR { poll(&p, 1, Int32(max(deadline - monotonicMilliseconds(), 0))) }
    if r < 0 { throw TransportError(.offline, "poll: \(errnoText(errno))") }
    return r > 0
}

struct SocketStatusChannel: StatusChannel {
    let fd: Int32

    mutating func write(_ bytes: [UInt8]) throws {
        let n = bytes.withUnsafeBytes { raw in retryingEINTR { Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) } }
        if n != bytes.count { throw TransportError(.offline, "status write: \(errnoText(errno))") }
    }

    mutating func readByte(timeoutMilliseconds: Int) throws -> UInt8? {
        guard try waitFor(fd, events: Int16(POLLIN), until: monotonicMilliseconds() + timeoutMilliseconds) else { return nil }
        var b: UInt8 = 0
        let n = retryingEINTR { recv(fd, &b, 1, 0) }
        return n == 1 ? b : nil
    }
}
