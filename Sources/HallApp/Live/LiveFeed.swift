import Foundation
import HallCore
import HallStore
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

extension HallRuntime {
    /// `GET /api/v1/hall` and `GET /api/v1/live` (WebSocket): the hall as screens draw it, and the feed
    /// that keeps that picture current.
    ///
    /// The feed sends a snapshot, then with every committed event the views it changed
    /// (``PictureChange``); a screen replaces those parts of its picture by key and never re-derives
    /// the hall from events. A screen that reconnects with `?since=` (the last `seq` it saw) gets what
    /// it missed from the feed's memory, then the hall's current opening figures; when the memory
    /// cannot say (a restart, a reset, too far behind, or `since` above the journal's head after a
    /// restore) it gets a fresh snapshot.
    ///
    /// Both answer the public picture (``FeedAudience``) to a request without a session, and the staff
    /// picture to a clerk's or administrator's session (the console follows the feed once logged in).
    /// `?audience=staff` insists on the staff picture (401 without a session); `?audience=public` asks
    /// for the public one whoever asks.
    ///
    /// The feed is bounded (``LiveFeedLimits``): beyond the connections one address or all together
    /// may hold, the upgrade answers 503 with the reason (or, when another connection took the last
    /// slot in between, the socket is closed with it); a connection whose peer takes no message for
    /// the write timeout is dropped.
    func addLiveFeed(to api: RouterGroup<HallRequestContext>) {
        api.get("hall") { request, context in
            let audience = try HallRuntime.audience(of: request, context)
            let body = try LiveJSON.encoder.encode(await hall.snapshot(for: audience))
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }

        api.ws(
            "live",
            shouldUpgrade: { request, context in
                _ = try HallRuntime.audience(of: request, context)
                if let refusal = hall.bus.connections.refusal(for: context.clientKey) { throw refusal }
                // A plain GET would otherwise get an empty 200 that no screen can use.
                guard request.headers[.upgrade]?.lowercased().contains("websocket") == true else { throw APIError.webSocketRequired }
                return .upgrade([:])
            }
        ) { inbound, outbound, context in
            let request = context.request
            let connections = hall.bus.connections
            let address = context.requestContext.clientKey
            let channel = context.requestContext.channel
            if let refusal = connections.admit(address) {
                try await outbound.close(.policyViolation, reason: refusal.code)
                return
            }
            defer { connections.release(address) }
            let writeTimeout = connections.limits.writeTimeout
            let watch = WriteWatch()
            let audience = (try? HallRuntime.audience(of: request, context.requestContext)) ?? .public
            let since = request.uri.queryParameters["since"].flatMap { Int64($0) }
            // Subscribe in the same instant as reading the feed's memory, so nothing falls in between.
            let (missed, stream) = hall.bus.subscribe(audience, since: since)
            // MARK: account-3: a staff screen gets the alerts that concern its session only.
            var alerts: AlertScope?
            if audience == .staff {
                let session = context.requestContext
                alerts = AlertScope(role: session.account?.role, window: session.session?.window, current: await hall.alerts)
            }
            var last: Int64
            if let missed, let since {
                last = since
                for message in missed {
                    if let entry = message.entry, alerts?.admits(entry.event) == false {
                        last = message.seq
                        continue
                    }
                    try await outbound.write(.text(message.json))
                    last = message.seq
                }
                try await outbound.write(.text(await hall.headerMessage(seq: last)))
            } else {
                let snapshot = await hall.snapshot(for: audience)
                try await outbound.write(.text(LiveJSON.text(SnapshotMessage(seq: snapshot.seq, hall: snapshot))))
                last = snapshot.seq
            }
            let start = last
            let startAlerts = alerts
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Ends when the screen goes away.
                    for try await _ in inbound {}
                }
                group.addTask {
                    // Drops a peer that stopped reading: its writes wait on a full socket, and so would
                    // the WebSocket's close frame, so the socket itself is closed.
                    while !watch.stalled(longerThan: writeTimeout) { try await Task.sleep(for: writeTimeout / 4) }
                    channel.close(mode: .all, promise: nil)
                    throw LiveFeedStalled()
                }
                group.addTask {
                    var last = start
                    var alerts = startAlerts
                    for await message in stream {
                        if message.entry != nil && message.seq <= last { continue }
                        if let entry = message.entry, alerts?.admits(entry.event) == false {
                            last = message.seq
                            continue
                        }
                        try await watch.watch { try await outbound.write(.text(message.json)) }
                        if message.entry != nil { last = message.seq }
                    }
                    // Cut off for falling behind: the screen reconnects with `since`.
                    try await outbound.close(.goingAway, reason: "catch up with ?since=\(last)")
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The audience a request asks for: `?audience=staff` needs a session (401 without one);
    /// `?audience=public` is always allowed; without the parameter, a session gets the staff picture.
    static func audience(of request: Request, _ context: HallRequestContext) throws -> FeedAudience {
        switch request.uri.queryParameters["audience"].map(String.init) {
        case "staff"?:
            guard context.session != nil else { throw APIError.loginRequired }
            return .staff
        case "public"?:
            return .public
        case nil:
            return context.session != nil ? .staff : .public
        case let other?:
            throw APIError(
                .badRequest, "bad_audience", zh: "未知的受众：\(other)（可选 public 或 staff）", en: "Unknown audience \(other): public or staff")
        }
    }
}

extension APIError {
    /// A plain request to the live feed, which speaks only WebSocket.
    static let webSocketRequired = APIError(
        .upgradeRequired, "websocket_required", zh: "实时数据仅通过WebSocket连接提供",
        en: "The live feed is a WebSocket: connect with an Upgrade request")
}
