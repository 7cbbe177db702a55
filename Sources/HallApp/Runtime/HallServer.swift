import Foundation
import HallCore
import HallStore
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// Builds the HTTP application: the API under `/api/v1`, the live feed, health and metrics.
public enum HallServer {
    public static func router(runtime: HallRuntime, screens: ScreenSettings = ScreenSettings()) -> Router<HallRequestContext> {
        let router = Router(context: HallRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware())
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(SessionMiddleware(sessions: runtime.sessions))
        let api = router.group("api/v1")
        runtime.addPublicRoutes(to: api)
        runtime.addWindowRoutes(to: api)
        runtime.addPrintRoutes(to: api)
        runtime.addScanRoutes(to: api)
        runtime.addStaffRoutes(to: api)
        runtime.addLiveFeed(to: api)
        runtime.addVoiceRoutes(to: api, settings: screens)
        runtime.addQueueStatsRoutes(to: api)
        runtime.addAdminConfigRoutes(to: api, settings: screens)
        runtime.addScreenRoutes(to: router, settings: screens)
        runtime.addEvaluatorRoutes(to: router, settings: screens)
        runtime.addHealthRoutes(to: router)
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: .init(string: HallServer.indexPage)))
        }
        return router
    }

    /// The application serving `runtime` on `host:port`, with the ticker and (unless `attachDevices`
    /// is false, as for benchmarks) the device services: printing, buttons, scan retention.
    public static func application(
        runtime: HallRuntime, host: String = "0.0.0.0", port: Int, screens: ScreenSettings = ScreenSettings(),
        attachDevices: Bool = true, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(runtime: runtime, screens: screens),
            server: HTTPServerBuilder.http1WebSocketUpgrade(
                webSocketRouter: router(runtime: runtime),
                configuration: .init(autoPing: .enabled(timePeriod: .seconds(30)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "ServiceHall"),
            onServerRunning: { await onServerRunning($0.localAddress?.port ?? port) },
            logger: runtime.logger)
        app.addServices(HallTicker(hall: runtime.hall, logger: runtime.logger))
        if attachDevices { app.addServices(runtime.deviceServices()) }
        return app
    }

    static let indexPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>便民服务中心 ServiceHall</title>
        <body style="font:20px sans-serif;max-width:40em;margin:2em auto">
        <h1>便民服务中心 · ServiceHall</h1>
        <p>办事大厅服务正在运行。The hall service is running.</p>
        <ul><li><a href="/kiosk">/kiosk</a> 取号机 Kiosk · <a href="/clerk">/clerk</a> 窗口 Clerk · <a href="/admin">/admin</a> 管理 Admin</li>
        <li><a href="/board">/board</a> 叫号屏 Call board · <a href="/board/window/1">/board/window/1</a> 窗口屏 Window board ·
        <a href="/board/presence">/board/presence</a> 去向公示 Presence · <a href="/board/info">/board/info</a> 政务公开 Information</li>
        <li><a href="/api/v1/hall">/api/v1/hall</a> 大厅状态 Hall snapshot</li>
        <li><a href="/api/v1/services">/api/v1/services</a> 业务与等候 Services and waiting</li>
        <li><a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a> 接口文档 API description</li>
        <li><a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></li></ul></body></html>
        """
}

/// Advances the hall's clock once a second: day rollover, ratings whose time ran out.
struct HallTicker: ServiceLifecycle.Service {
    let hall: Hall
    let logger: Logger

    func run() async throws {
        // Graceful shutdown cancels the sleep: that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                do { try await hall.tick() } catch { logger.error("tick failed", metadata: ["error": "\(error)"]) }
            }
        }
    }
}
