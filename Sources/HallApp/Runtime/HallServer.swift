import Foundation
import HallConfig
import HallCore
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// The composition root: what the hall serves and which services run, wired to which devices.
/// Read top to bottom: the router (middlewares, then one route collection per resource), the
/// application (server, ticker), then the device services.
public enum HallServer {
    /// Every route of the hall: the JSON API under `/api/v1`, the pages, health and metrics.
    public static func router(runtime: HallRuntime, screens: ScreenSettings = ScreenSettings()) -> Router<HallRequestContext> {
        let router = Router(context: HallRequestContext.self)
        // Every error becomes the JSON error body; every request is counted; another site's requests
        // that would change something are refused; the session cookie is read.
        router.middlewares.add(JSONErrorMiddleware())
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(CrossSiteMiddleware())
        router.middlewares.add(SessionMiddleware(sessions: runtime.sessions))

        let hall = runtime.hall
        let api = router.group("api/v1")
        // The kiosk: services and tickets.
        let tickets = TicketController(
            hall: hall, devices: runtime.devices, issueLimiter: runtime.issueLimiter, clock: runtime.clock,
            printDeadline: runtime.ticketPrintDeadline)
        api.addRoutes(tickets.endpoints)
        // The clerks: their session, their window, what the window prints and scans.
        api.addRoutes(SessionController(hall: hall, sessions: runtime.sessions, logger: runtime.logger).endpoints)
        api.addRoutes(WindowController(hall: hall).endpoints, atPath: "windows")
        api.addRoutes(PrintController(hall: hall, devices: runtime.devices, clock: runtime.clock).endpoints, atPath: "windows")
        // MARK: cases (办件): finishing with an outcome, the cases, and the resident's case page data.
        let printing = PrintController(hall: hall, devices: runtime.devices, clock: runtime.clock)
        api.addRoutes(CaseOutcomeController(hall: hall, printing: printing).endpoints, atPath: "windows")
        api.addRoutes(CaseController(hall: hall).endpoints, atPath: "cases")
        api.addRoutes(PublicCaseController(hall: hall).endpoints, atPath: "public/cases")
        api.addRoutes(
            ScanController(
                hall: hall, database: runtime.database, desk: runtime.devices.scanDesk, clock: runtime.clock, logger: runtime.logger
            )
            .endpoints)
        // Visits, their ratings, the staff and their presence.
        api.addRoutes(VisitController(hall: hall).endpoints, atPath: "visits")
        api.addRoutes(RatingController(hall: hall, database: runtime.database, clock: runtime.clock).endpoints, atPath: "visits")
        api.addRoutes(StaffController(hall: hall, database: runtime.database, settings: screens).endpoints, atPath: "staff")
        // The administrator: figures and configuration.
        api.addRoutes(StatisticsController(hall: hall, database: runtime.database, clock: runtime.clock).endpoints)
        api.addRoutes(ConfigurationController(runtime: runtime).endpoints)
        // MARK: accountability: follow-ups of bad ratings, complaints (public writes limited like tickets), alerts.
        api.addRoutes(FollowUpController(hall: hall).endpoints, atPath: "follow-ups")
        let complaintLimit = RateLimiter(perMinute: runtime.issueLimiter.perMinute, burst: runtime.issueLimiter.burst)
        api.addRoutes(ComplaintController(hall: hall, clock: runtime.clock, limiter: complaintLimit).endpoints, atPath: "complaints")
        api.addRoutes(AlertController(hall: hall).endpoints, atPath: "alerts")
        // MARK: account-3: 公布考核结果 on the information board (public, only when the hall file says so).
        api.addRoutes(
            PublicAppraisalController(hall: hall, database: runtime.database, clock: runtime.clock).endpoints, atPath: "public/appraisal")
        // The screens: the hall's picture and its live feed, the spoken calls, the API's description.
        runtime.addLiveFeed(to: api)
        api.addRoutes(
            VoiceController(hall: hall, cache: VoiceCache(directory: screens.voiceDirectory), logger: runtime.logger).endpoints,
            atPath: "voice")
        api.addRoutes(APIDocumentController().endpoints)
        // MARK: the resident's phone (ticket page, appointments, guide desk)
        let ticketPage = TicketPageController(hall: hall, settings: screens, clock: runtime.clock)
        api.addRoutes(ticketPage.apiEndpoints)
        router.addRoutes(ticketPage.pageEndpoints)
        api.addRoutes(AppointmentController(hall: hall, database: runtime.database, tickets: tickets, clock: runtime.clock).endpoints)
        // MARK: account-3: the resident cancels an appointment with its code.
        api.addRoutes(AppointmentCancelController(hall: hall, clock: runtime.clock).endpoints)
        api.addRoutes(
            GuideController(hall: hall, database: runtime.database, tickets: tickets, clock: runtime.clock).endpoints, atPath: "guide")
        // Outside the API: the pages, health and metrics.
        router.addRoutes(ScreenController(hall: hall, settings: screens).endpoints)
        router.addRoutes(HealthController(hall: hall, database: runtime.database, metrics: runtime.metrics).endpoints)
        return router
    }

    /// The application serving `runtime` on `host:port`: HTTP with the WebSocket upgrade for the
    /// live feed, the ticker, and (unless `attachDevices` is false, as for benchmarks) the device services.
    public static func application(
        runtime: HallRuntime, host: String = "0.0.0.0", port: Int, screens: ScreenSettings = ScreenSettings(),
        attachDevices: Bool = true, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(runtime: runtime, screens: screens),
            server: HTTPServerBuilder.http1WebSocketUpgrade(
                webSocketRouter: router(runtime: runtime),
                configuration: .init(ws: .init(autoPing: .enabled(timePeriod: .seconds(30))))),
            configuration: .init(address: .hostname(host, port: port), serverName: "ServiceHall"),
            onServerRunning: {
                PublicAddress.serverStarted(port: $0.localAddress?.port ?? port)  // cases (办件): the default base_url
                await onServerRunning($0.localAddress?.port ?? port)
            },
            logger: runtime.logger)
        app.addServices(HallTicker(hall: runtime.hall, logger: runtime.logger))
        app.addServices(VoicePurgeService(hall: runtime.hall, directory: screens.voiceDirectory, logger: runtime.logger))
        app.addServices(AppointmentReleaseService(hall: runtime.hall, logger: runtime.logger))  // appointments (预约)
        if attachDevices { app.addServices(deviceServices(runtime)) }
        return app
    }

    /// The device services: printing always (tickets on the kiosk's printer, printer statuses),
    /// buttons when any evaluator, keypad or bus is configured, and scan retention.
    static func deviceServices(_ runtime: HallRuntime) -> [any ServiceLifecycle.Service] {
        let (hall, devices, logger) = (runtime.hall, runtime.devices, runtime.logger)
        var printing = PrintingService(hall: hall, devices: devices, logger: logger)
        printing.hold(runtime.limits.printHold)
        var services: [any ServiceLifecycle.Service] = [printing]
        let buttons = devices.buttonSources(logger: logger)
        if !buttons.isEmpty { services.append(ButtonService(hall: hall, sources: buttons, logger: logger)) }
        services.append(ScanRetentionService(desk: devices.scanDesk, clock: runtime.clock, logger: runtime.logger))
        return services
    }
}
