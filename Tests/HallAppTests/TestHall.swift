import Foundation
import HallApp
import HallConfig
import HallCore
import HallStore
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The repository's root, for the demo hall file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Monday 2026-11-23 at `time` in China.
func chinaTime(_ time: String, day: String = "2026-11-23") -> Date {
    LocalDate(day)!.instant(minute: OpeningPeriod.minute(time)!, utcOffsetMinutes: 480)
}

/// The demo hall in a temporary folder, on a clock the test moves.
final class TestHall: Sendable {
    let directory: String
    let clock: ManualHallClock
    let runtime: HallRuntime

    /// The demo hall file with every password re-hashed cheaply (bcrypt cost 4) so tests stay fast.
    static let demoFile: HallFile = {
        var file = try! HallFileLoader.load(path: repositoryRoot.appendingPathComponent("Halls/demo-hall.yaml").path)
        var hashes: [String: String] = [:]
        file.accounts = file.accounts.map { account in
            var account = account
            if case .plain(let password) = account.password {
                let hash = hashes[password] ?? Bcrypt.hash(password, cost: 4)
                hashes[password] = hash
                account.password = .bcrypt(hash)
            }
            return account
        }
        return file
    }()

    /// `devices` replaces the demo hall's `devices:` section; `log` receives what the hall logs
    /// (warnings and worse). `alerts`: whether the demo hall's alerts are raised (journaled as
    /// events of their own, so off unless a test is about them).
    init(
        at time: Date = chinaTime("09:00"), issueLimit: RateLimit = RateLimit(perMinute: 0, burst: 1), devices: DeviceSetup? = nil,
        log: LogRecorder? = nil, alerts: Bool = false
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hallapp-\(UUID().uuidString)").path
        clock = ManualHallClock(time)
        let database = try HallDatabase(path: directory + "/hall.sqlite")
        var file = TestHall.demoFile
        if let devices { file.devices = devices }
        if !alerts, let policy = file.configuration.alerts {
            // As a hall file without `alerts:` says it: the due days stay, no thresholds.
            file.configuration.alerts = AlertPolicy(
                raises: false, followUpDueWorkingDays: policy.followUpDueWorkingDays,
                complaintDueWorkingDays: policy.complaintDueWorkingDays)
        }
        try await HallBootstrap.seed(database, from: file)
        var logger = log.map { recorder in Logger(label: "test") { _ in RecordingLogHandler(recorder: recorder) } } ?? Logger(label: "test")
        logger.logLevel = .warning
        var runtime = try await HallBootstrap.open(
            configPath: nil, dataDir: directory, clock: clock, issueLimitOverride: issueLimit, logger: logger)
        // Kiosk answers wait for the paper as they did before issue 14 made the deadline short, so
        // tests that read the print outcome from the answer do not race a loaded machine;
        // PrintDeadlineTests and KioskPrintFlowTests take the short deadline on purpose.
        runtime.ticketPrintDeadline = .milliseconds(1500)
        self.runtime = runtime
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var hall: Hall { runtime.hall }

    func application() -> some ApplicationProtocol { HallServer.application(runtime: runtime, host: "127.0.0.1", port: 0) }

    /// The hall's routes without its services: no ticker moves the hall on its own, so a test that
    /// moves the clock and calls `hall.tick()` itself knows every message the feed carries.
    func routesOnly() -> some ApplicationProtocol {
        Application(router: HallServer.router(runtime: runtime), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// Every line the hall logged, with its metadata, for tests that check what reaches the log.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        recorder.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

/// JSON helpers for requests and responses.
extension TestClientProtocol {
    @discardableResult
    func json(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, cookie: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], headers: HTTPFields) {
        var headers = extra
        headers[.contentType] = "application/json"
        if let cookie { headers[.cookie] = cookie }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, object, response.headers)
    }

    func array(_ uri: String, cookie: String? = nil) async throws -> [[String: Any]] {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        let response = try await execute(uri: uri, method: .get, headers: headers)
        return (try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [[String: Any]] ?? []
    }

    /// Logs in and returns the `Cookie` header value.
    func login(_ username: String, _ password: String, window: Int? = nil) async throws -> String {
        let body =
            window.map { #"{"username":"\#(username)","password":"\#(password)","window":\#($0)}"# }
            ?? #"{"username":"\#(username)","password":"\#(password)"}"#
        let response = try await json(.post, "/api/v1/session", body)
        #expect(response.status == .ok, "login \(username): \(response.body)")
        let setCookie = try #require(response.headers[.setCookie])
        return String(setCookie.split(separator: ";")[0])
    }

    /// Issues a ticket and returns (visitID, number, ratingCode).
    func ticket(_ service: String, priority: String = "normal") async throws -> (id: String, number: String, code: String) {
        let r = try await json(.post, "/api/v1/tickets", #"{"service":"\#(service)","priority":"\#(priority)"}"#)
        #expect(r.status == .created, "ticket \(service): \(r.body)")
        return (r.body["visitID"] as? String ?? "", r.body["number"] as? String ?? "", r.body["ratingCode"] as? String ?? "")
    }
}
