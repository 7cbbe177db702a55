import Foundation
import NIOCore
import NIOPosix

/// A minimal keep-alive HTTP/1.1 client for load generation: one connection, one request at a
/// time, responses framed by Content-Length. Light enough that the load generator does not eat
/// the CPU the server is being measured on. Also used by the crash-recovery test.
public struct RawHTTPClient {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()

    /// Opens a connection, runs `body` with a client on it, and closes it.
    public static func withConnection<T: Sendable>(
        host: String, port: Int, _ body: (inout RawHTTPClient) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = RawHTTPClient(iterator: inbound.makeAsyncIterator(), writer: outbound)
            return try await body(&client)
        }
    }

    /// Sends a request and returns the status code and body.
    public mutating func send(method: String, path: String, body: String? = nil, headers: [String] = []) async throws -> (
        status: Int, body: String
    ) {
        let response = try await exchange(method: method, path: path, body: body, headers: headers)
        return (response.status, response.body)
    }

    /// Sends a request and returns the status, the headers (names lower-cased) and the body.
    public mutating func exchange(
        method: String, path: String, body: String? = nil, headers: [String] = []
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for header in headers { head += header + "\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        } else {
            head += "Content-Length: 0\r\n\r\n"
        }
        try await writer.write(ByteBuffer(string: head))
        while true {
            if let response = parse() { return response }
            guard let more = try await iterator.next() else { throw ClientError.closed }
            buffer.writeImmutableBuffer(more)
        }
    }

    private mutating func parse() -> (status: Int, headers: [String: String], body: String)? {
        let view = buffer.readableBytesView
        guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        let headerBytes = end.upperBound - view.startIndex
        guard buffer.readableBytes >= headerBytes + length else { return nil }
        buffer.moveReaderIndex(forwardBy: headerBytes)
        let body = buffer.readString(length: length) ?? ""
        buffer.discardReadBytes()
        return (status, headers, body)
    }

    public enum ClientError: Error { case closed }
}
