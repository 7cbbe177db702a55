import Foundation
import HallConfig
import HallCore
import HallStore
import Hummingbird
import Logging
import NIOCore

/// One problem of a rejected hall file, for the admin page to list and jump to.
struct HallFileProblemView: Codable {
    var line: Int
    var column: Int
    var message: String
}

/// The 400 answer to a hall file with problems: the usual error body plus every problem.
struct HallFileRejection: Codable {
    var error: String
    var message: String
    var message_en: String
    var problems: [HallFileProblemView]
}

/// What a saved hall file changed.
struct HallFileSaved: Codable {
    var saved: Bool
    var services: Int
    var windows: Int
    var staff: Int
    var accounts: Int
    /// Parts that take effect only when the hall is restarted (the rate limit, the devices).
    var appliesAfterRestart: [String]
    var message: String
    var message_en: String
}

struct PhotoSaved: Codable {
    var staff: String
    var photo: String
    var url: String
}

extension HallRuntime {
    /// The largest hall file or photo accepted.
    static let adminUploadLimit = 1_048_576

    /// The configuration as the administrator edits it: the hall file (GET/PUT
    /// `/api/v1/config/hall-file`) and staff photos (POST `/api/v1/staff/{id}/photo`).
    func addAdminConfigRoutes(to api: RouterGroup<HallRequestContext>, settings: ScreenSettings) {
        api.get("config/hall-file") { _, context in
            _ = try context.requireAdmin()
            let yaml = HallFileWriter.yaml(for: try await currentHallFile())
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }

        api.put("config/hall-file") { request, context in
            _ = try context.requireAdmin()
            let body = try await Self.collectUpload(request)
            let yaml = String(decoding: body.readableBytesView, as: UTF8.self)
            let file: HallFile
            let profiles = try? devices.catalog.knownProfiles()
            do throws(ConfigErrors) {
                file = try HallFileLoader.parse(yaml: yaml, file: "hall.yaml", profiles: profiles)
            } catch {
                let problems = error.problems.map { HallFileProblemView(line: $0.line, column: $0.column, message: $0.message) }
                let first = problems.first.map { "第\($0.line)行：\($0.message)" } ?? ""
                return try JSON.response(
                    HallFileRejection(
                        error: "hall_file_invalid", message: "配置文件有\(problems.count)处问题，未保存。\(first)",
                        message_en: "The hall file has \(problems.count) problem(s); nothing was saved.", problems: problems),
                    status: .badRequest)
            }
            var accounts: [AccountRecord] = []
            for seed in file.accounts {
                let hash: String =
                    switch seed.password {
                    case .bcrypt(let hash): hash
                    case .plain(let password): try await Sessions.hash(password)
                    }
                accounts.append(
                    AccountRecord(username: seed.username, passwordHash: hash, role: seed.role == .admin ? .admin : .clerk, staffID: seed.staffID))
            }
            let before = try await currentHallFile()
            let database = self.database
            try await hall.applyConfiguration(file.configuration) {
                try database.replaceHall(
                    configuration: file.configuration, accounts: accounts, evaluatorTokens: file.evaluatorTokens,
                    settings: ["issueRateLimit": file.issueRateLimit, HallBootstrap.devicesSettingKey: file.devices])
            }
            var later: [String] = []
            if before.issueRateLimit != file.issueRateLimit { later.append("issue_rate_limit") }
            if before.devices != file.devices { later.append("devices") }
            logger.notice("hall file saved by the administrator", metadata: ["services": "\(file.configuration.services.count)"])
            let note = later.isEmpty ? "" : "（\(later.joined(separator: "、"))在重启后生效）"
            return try JSON.response(
                HallFileSaved(
                    saved: true, services: file.configuration.services.count, windows: file.configuration.windows.count,
                    staff: file.configuration.staff.count, accounts: accounts.count, appliesAfterRestart: later,
                    message: "配置已保存并生效\(note)",
                    message_en: later.isEmpty
                        ? "Configuration saved and in effect"
                        : "Configuration saved and in effect (\(later.joined(separator: ", ")) after a restart)"))
        }

        api.post("staff/:id/photo") { request, context in
            _ = try context.requireAdmin()
            let id = try context.parameters.require("id")
            guard await hall.configuration.staffMember(id) != nil else {
                throw APIError(.notFound, "unknown_staff", zh: "没有这位工作人员", en: "There is no staff member '\(id)'")
            }
            let body = try await Self.collectUpload(request)
            let data = Data(body.readableBytesView)
            let declared = request.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard let ext = Self.imageExtension(of: data, declared: declared) else {
                throw APIError(
                    .badRequest, "bad_image", zh: "只接受PNG、JPEG或SVG图片（不超过1MB），且内容须与类型一致",
                    en: "Send a PNG, JPEG or SVG image (at most 1 MB) whose content matches its Content-Type")
            }
            let directory = settings.uploadedPhotosDirectory
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let name = "\(id)-\(Int(Date().timeIntervalSince1970 * 1000)).\(ext)"
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o644]) else {
                throw APIError(.internalServerError, "photo_not_saved", zh: "照片保存失败", en: "The photo could not be saved")
            }
            var configuration = await hall.configuration
            guard let index = configuration.staff.firstIndex(where: { $0.id == id }) else {
                throw APIError(.notFound, "unknown_staff", zh: "没有这位工作人员", en: "There is no staff member '\(id)'")
            }
            configuration.staff[index].photo = Self.uploadedPhotoPrefix + name
            let database = self.database
            let updated = configuration
            try await hall.applyConfiguration(updated) { try database.saveConfiguration(updated) }
            return try JSON.response(
                PhotoSaved(staff: id, photo: Self.uploadedPhotoPrefix + name, url: "/api/v1/staff/\(id)/photo?v=\(name)"),
                status: .created)
        }
    }

    /// The request body, at most ``adminUploadLimit`` bytes (413 beyond).
    static func collectUpload(_ request: Request) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: adminUploadLimit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "too_large", zh: "文件超过1MB", en: "The upload is larger than 1 MB")
        }
    }

    /// The hall file the hall runs on now: configuration, accounts (with their stored bcrypt
    /// hashes), evaluator tokens, the issue limit and the devices section.
    func currentHallFile() async throws -> HallFile {
        let accounts = try database.accounts().map {
            AccountSeed(username: $0.username, role: $0.role == .admin ? .admin : .clerk, staffID: $0.staffID, password: .bcrypt($0.passwordHash))
        }
        return HallFile(
            configuration: await hall.configuration, accounts: accounts, evaluatorTokens: try database.evaluatorTokens(),
            issueRateLimit: try database.setting("issueRateLimit", as: RateLimit.self) ?? .default,
            devices: try database.setting(HallBootstrap.devicesSettingKey, as: DeviceSetup.self) ?? .none)
    }

    /// The file extension for an image whose first bytes match `declared`, or nil.
    static func imageExtension(of data: Data, declared: String?) -> String? {
        guard !data.isEmpty, data.count <= adminUploadLimit else { return nil }
        let bytes = [UInt8](data.prefix(16))
        switch declared {
        case "image/png":
            return bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png" : nil
        case "image/jpeg":
            return bytes.starts(with: [0xFF, 0xD8, 0xFF]) ? "jpg" : nil
        case "image/svg+xml":
            guard let text = String(data: data, encoding: .utf8) else { return nil }
            let trimmed = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }.lowercased()
            guard trimmed.hasPrefix("<svg") || trimmed.hasPrefix("<?xml"), trimmed.contains("<svg") else { return nil }
            // The photo is served from the hall's own origin: no scripts in it.
            let lowered = text.lowercased()
            if lowered.contains("<script") || lowered.contains("javascript:") || lowered.contains("<foreignobject")
                || lowered.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil
            {
                return nil
            }
            return "svg"
        default:
            return nil
        }
    }
}
