import Foundation
import HallCore
import HallStore
import Hummingbird
import Prometheus

/// `GET /healthz` (is the journal durable?) and `GET /metrics` (Prometheus gauges of the hall).
struct HealthController {
    let hall: Hall
    let database: HallDatabase
    let metrics: PrometheusCollectorRegistry

    var endpoints: RouteCollection<HallRequestContext> {
        let waiting = { @Sendable (service: String) in
            metrics.makeGauge(name: "hall_waiting", labels: [("service", service)], help: "Visits waiting per service")
        }
        let openWindows = metrics.makeGauge(name: "hall_windows_open", help: "Windows open now")
        let subscribers = metrics.makeGauge(name: "hall_live_subscribers", help: "Live feed connections")
        let acknowledged = metrics.makeGauge(name: "hall_commands_acknowledged", help: "Commands acknowledged since start")
        let commits = metrics.makeGauge(name: "hall_journal_commits", help: "Journal transactions committed since start")
        let seq = metrics.makeGauge(name: "hall_journal_seq", help: "Latest journal sequence number")
        return RouteCollection(context: HallRequestContext.self)
            .get("healthz", use: health)
            .get("metrics") { [hall, metrics] _, _ in
                let gauges = await hall.gauges()
                for (service, count) in gauges.waiting { waiting(service).set(Double(count)) }
                openWindows.set(Double(gauges.openWindows))
                subscribers.set(Double(hall.bus.subscriberCount))
                acknowledged.set(Double(await hall.commandsAcknowledged))
                commits.set(Double(await hall.commits))
                seq.set(Double(await hall.seq))
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: .init(bytes: metrics.emitToBuffer())))
            }
    }

    /// 200 `ok` when the journal is in WAL mode with `synchronous = FULL`, else 503 `degraded`.
    @Sendable func health(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<Health> {
        let (mode, sync) = try database.durability()
        let problems = await HealthProblems(hall)
        let ok = mode == "wal" && sync == 2 && problems.isEmpty
        var health = Health(
            status: ok ? .ok : .degraded, journalMode: mode, synchronous: sync, seq: await hall.seq, day: await hall.day, problems: problems
        )
        // MARK: county (县级汇聚): the forwarding lag, when the hall forwards.
        health.county = try database.countyLag(now: await hall.now).map(CountyLagView.init)
        return EditedResponse(status: ok ? .ok : .serviceUnavailable, response: health)
    }
}

/// The answer of `/healthz`.
struct Health: ResponseEncodable {
    enum Status: String, Encodable {
        /// Every acknowledged command survives a power cut.
        case ok
        /// The journal is not as durable as the hall promises.
        case degraded
    }

    var status: Status
    var journalMode: String
    var synchronous: Int
    var seq: Int64
    var day: LocalDate?
    /// A journal outage, stopped in-process subscribers (``HealthProblems``).
    var problems: HealthProblems
    // MARK: county (县级汇聚)
    /// How far the county is behind; absent when the hall forwards nothing.
    var county: CountyLagView?
}

/// The forwarding lag in `/healthz` (the county's password or address never appear).
struct CountyLagView: Encodable {
    var hallID: String
    /// Journal entries the county has not yet committed.
    var events: Int64
    /// Seconds since the oldest entry the county lacks was journaled.
    var seconds: Int
    var forwardedSeq: Int64
    /// The last failure to reach the county, absent after a success.
    var error: String?

    init(_ lag: CountyLag) {
        hallID = lag.hallID
        events = lag.events
        seconds = lag.seconds
        forwardedSeq = lag.forwardedSeq
        error = lag.error
    }
}
