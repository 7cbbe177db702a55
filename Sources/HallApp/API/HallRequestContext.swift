import Foundation
import HallStore
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: who is asking (session, device) and from where.
public struct HallRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<HallRequestContext>
    public let remoteAddress: SocketAddress?
    /// The connection the request came on: the live feed's watchdog closes it when its peer stops
    /// reading (a write blocked on a full socket can only be ended by closing the socket).
    let channel: any Channel
    /// The logged-in session, set by ``SessionMiddleware``.
    public var session: SessionRecord?
    public var account: AccountRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The client's address without the port, for rate limits.
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }

    /// JSON bodies are small (``HallRequestDecoder/jsonBodyLimit``); uploads have their own limit.
    public var maxUploadSize: Int { HallRequestDecoder.jsonBodyLimit }

    /// Request bodies are JSON, read with the errors a client can act on.
    public var requestDecoder: HallRequestDecoder { HallRequestDecoder() }

    /// Answers are the hall's JSON (``JSON/encoder``).
    public var responseEncoder: JSONEncoder { JSON.encoder }
}
