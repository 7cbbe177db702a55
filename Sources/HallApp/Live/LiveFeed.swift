import Foundation
import HallCore
import HallStore
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// The first message a screen receives: the whole hall as of `seq`.
struct SnapshotMessage: Encodable {
    var kind = "snapshot"
    var seq: Int64
    var hall: HallSnapshot
}

extension HallRuntime {
    /// Entries further behind than this are not replayed: the screen gets a fresh snapshot instead.
    static let catchUpLimit = 5_000

    /// `GET /api/v1/live[?since=SEQ]` (WebSocket). Sends a snapshot (or, with `since`, every event
    /// after it from the journal), then every committed event in order. A screen that reconnects
    /// with the last `seq` it saw misses nothing.
    func addLiveFeed(to api: RouterGroup<HallRequestContext>) {
        // The hall as screens draw it: the same picture the feed starts with.
        api.get("hall") { _, _ in try JSON.response(await hall.snapshot()) }

        api.ws("live") { inbound, outbound, context in
            let since = context.request.uri.queryParameters["since"].flatMap { Int64($0) }
            // Subscribe before reading the snapshot or the journal, so nothing falls in between.
            let stream = hall.bus.subscribe()
            var last: Int64
            if let since, since >= 0, let missed = try? database.entries(after: since, limit: HallRuntime.catchUpLimit),
                missed.count < HallRuntime.catchUpLimit
            {
                last = since
                for entry in missed {
                    try await outbound.write(.text(EventBus.json(for: entry)))
                    last = entry.seq
                }
            } else {
                let snapshot = await hall.snapshot()
                let text = String(decoding: try JSON.encoder.encode(SnapshotMessage(seq: snapshot.seq, hall: snapshot)), as: UTF8.self)
                try await outbound.write(.text(text))
                last = snapshot.seq
            }
            let start = last
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Ends when the screen goes away.
                    for try await _ in inbound {}
                }
                group.addTask {
                    var last = start
                    for await message in stream {
                        if message.entry != nil && message.seq <= last { continue }
                        try await outbound.write(.text(message.json))
                        last = message.seq
                    }
                    // Cut off for falling behind: the screen reconnects with `since`.
                    try await outbound.close(.goingAway, reason: "catch up with ?since=\(last)")
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
