import Foundation
import HallConfig
import HallCore
import HallStore
import Hummingbird
import Logging
import NIOCore

/// The configuration as the administrator reads and edits it: `GET /config` (the hall as JSON) and
/// the hall file (`GET`/`PUT /config/hall-file`, YAML). A saved file takes effect at once, except
/// the parts named in `appliesAfterRestart`.
struct ConfigurationController {
    let runtime: HallRuntime

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("config", use: configuration)
            .get("config/hall-file", use: hallFile)
            .put("config/hall-file", use: saveHallFile)
    }

    @Sendable func configuration(_ request: Request, context: HallRequestContext) async throws -> HallConfiguration {
        _ = try context.requireAdmin()
        return await runtime.hall.configuration
    }

    @Sendable func hallFile(_ request: Request, context: HallRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let yaml = HallFileWriter.yaml(for: try await runtime.currentHallFile())
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }

    /// A YAML body: every problem answered 400 with its line, else saved and applied.
    @Sendable func saveHallFile(_ request: Request, context: HallRequestContext) async throws -> HallFileAnswer {
        _ = try context.requireAdmin()
        let yaml = String(buffer: try await request.collectUpload())
        let file: HallFile
        do throws(ConfigErrors) {
            file = try HallFileLoader.parse(yaml: yaml, file: "hall.yaml", profiles: try? runtime.devices.catalog.knownProfiles())
        } catch {
            let problems = error.problems.map { HallFileProblemView(line: $0.line, column: $0.column, message: $0.message) }
            let first = problems.first.map { "第\($0.line)行：\($0.message)" } ?? ""
            return .rejected(
                HallFileRejection(
                    error: "hall_file_invalid", message: "配置文件有\(problems.count)处问题，未保存。\(first)",
                    message_en: "The hall file has \(problems.count) problem(s); nothing was saved.", problems: problems))
        }
        var accounts: [AccountRecord] = []
        for seed in file.accounts {
            let hash: String =
                switch seed.password {
                case .bcrypt(let hash): hash
                case .plain(let password): try await Sessions.hash(password)
                }
            accounts.append(
                AccountRecord(
                    username: seed.username, passwordHash: hash, role: AccountRecord.Role(rawValue: seed.role.rawValue) ?? .clerk,
                    staffID: seed.staffID,
                    windows: seed.windows))
        }
        let before = try await runtime.currentHallFile()
        let database = runtime.database
        try await runtime.hall.applyConfiguration(file.configuration) {
            try database.replaceHall(
                configuration: file.configuration, accounts: accounts, evaluatorTokens: file.evaluatorTokens,
                settings: [
                    "issueRateLimit": file.issueRateLimit, HallBootstrap.devicesSettingKey: file.devices,
                    HallBootstrap.limitsSettingKey: file.limits,
                ])
            // MARK: county (县级汇聚): the forwarding link, read at the next start.
            try database.setCountyLink(file.county)
        }
        var later: [String] = []
        if before.issueRateLimit != file.issueRateLimit { later.append("issue_rate_limit") }
        if before.devices != file.devices { later.append("devices") }
        if before.county != file.county { later.append("county") }
        if before.limits != file.limits { later.append("limits") }
        runtime.logger.notice("hall file saved by the administrator", metadata: ["services": "\(file.configuration.services.count)"])
        let note = later.isEmpty ? "" : "（\(later.joined(separator: "、"))在重启后生效）"
        return .saved(
            HallFileSaved(
                saved: true, services: file.configuration.services.count, windows: file.configuration.windows.count,
                staff: file.configuration.staff.count, accounts: accounts.count, appliesAfterRestart: later,
                message: "配置已保存并生效\(note)",
                message_en: later.isEmpty
                    ? "Configuration saved and in effect"
                    : "Configuration saved and in effect (\(later.joined(separator: ", ")) after a restart)"))
    }
}

/// The configuration answers as it is stored.
extension HallConfiguration: ResponseEncodable {}

extension HallRuntime {
    /// The hall file the hall runs on now: configuration, accounts (with their stored bcrypt
    /// hashes), evaluator tokens, the issue limit and the devices section.
    func currentHallFile() async throws -> HallFile {
        let accounts = try database.accounts().map {
            AccountSeed(
                username: $0.username, role: AccountRole(rawValue: $0.role.rawValue) ?? .clerk, staffID: $0.staffID,
                password: .bcrypt($0.passwordHash),
                windows: $0.windows)
        }
        return HallFile(
            configuration: await hall.configuration, accounts: accounts, evaluatorTokens: try database.evaluatorTokens(),
            issueRateLimit: try database.setting("issueRateLimit", as: RateLimit.self) ?? .default,
            devices: try database.setting(HallBootstrap.devicesSettingKey, as: DeviceSetup.self) ?? .none,
            county: try database.setting(HallDatabase.countyLinkKey, as: CountyLink.self),
            limits: try database.setting(HallBootstrap.limitsSettingKey, as: HallLimits.self) ?? .default)
    }
}
