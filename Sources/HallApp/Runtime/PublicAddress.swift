import Foundation
import HallCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The hall's public address (`base_url`), which the QR codes on tickets and receipts open:
/// `hall.base_url` from the hall file, else this machine's LAN address with the port the server
/// listens on, found when the server starts.
///
/// ```swift
/// PublicAddress.baseURL(configuration)   // "http://192.168.1.20:8080"
/// ```
public enum PublicAddress {
    private static let fallback = Mutex<String?>(nil)

    /// Remembers the LAN address and `port` as the default, once the server listens.
    public static func serverStarted(port: Int) {
        let address = "http://\(lanAddress() ?? "127.0.0.1"):\(port)"
        fallback.withLock { $0 = address }
    }

    /// The base URL without a trailing slash.
    public static func baseURL(_ configuration: HallConfiguration) -> String {
        let url = configuration.baseURL ?? fallback.withLock { $0 } ?? "http://\(lanAddress() ?? "127.0.0.1"):8080"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The page of a case: `<base_url>/c/<code>`.
    static func casePage(_ code: String, _ configuration: HallConfiguration) -> String { "\(baseURL(configuration))/c/\(code)" }

    /// The page of a ticket: `<base_url>/t/<code>`.
    static func ticketPage(_ code: String, _ configuration: HallConfiguration) -> String { "\(baseURL(configuration))/t/\(code)" }

    /// The first IPv4 address of an interface that is up and not the loopback, e.g. `192.168.1.20`.
    static func lanAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = entry.pointee.ifa_flags
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == UInt16(AF_INET),
                flags & UInt32(IFF_UP) != 0, flags & UInt32(IFF_LOOPBACK) == 0
            else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(MemoryLayout<sockaddr_in>.size)
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}
