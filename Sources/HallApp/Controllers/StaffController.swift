import Foundation
import HallCore
import HallStore
import Hummingbird

/// The staff: where each one is (`PUT /staff/{id}/presence`, the presence board's 去向) and their
/// photo (`GET`, and `POST` for an administrator's upload).
struct StaffController {
    let hall: Hall
    let database: HallDatabase
    let settings: ScreenSettings

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .put(":id/presence", use: setPresence)
            .get(":id/photo", use: photo)
            .post(":id/photo", use: uploadPhoto)
    }

    /// `{"status": "meeting", "note": "县里开会"}`: a clerk for themself, an administrator for anyone.
    @Sendable func setPresence(_ request: Request, context: HallRequestContext) async throws -> ActionResult {
        let id = try context.parameters.require("id")
        let account = try context.requireLogin()
        guard account.role == .admin || account.staffID == id else {
            throw APIError(.forbidden, "not_yourself", zh: "只能更新本人的去向", en: "Clerks update their own presence only")
        }
        let body = try await request.decode(as: PresenceRequest.self, context: context)
        let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        let presence = Presence(status: body.status, note: note?.isEmpty == true ? nil : note)
        return ActionResult(try await hall.execute(.setPresence(staffID: id, presence: presence)))
    }

    /// The staff member's photo file, cached five minutes.
    @Sendable func photo(_ request: Request, context: HallRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let photo = await hall.configuration.staffMember(id)?.photo, let path = StaffPhotos.path(of: photo, settings) else {
            throw APIError(.notFound, "no_photo", zh: "没有照片", en: "No photo for this staff member")
        }
        // Sandboxed: a photo opened on its own, at the hall's origin, can run no script.
        return try SafeFile.response(path: path, cache: 300, extra: SecurityHeaders.photo)
    }

    /// A PNG or JPEG body (its `Content-Type` must match its bytes) becomes the member's photo → 201;
    /// an SVG is refused (400, `svg_refused`) by name.
    @Sendable func uploadPhoto(_ request: Request, context: HallRequestContext) async throws -> EditedResponse<PhotoSaved> {
        _ = try context.requireAdmin()
        let id = try context.parameters.require("id")
        guard await hall.configuration.staffMember(id) != nil else { throw Self.unknownStaff(id) }
        let data = Data(try await request.collectUpload().readableBytesView)
        let declared = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if StaffPhotos.isSVG(data, declared: declared) {
            throw APIError(
                .badRequest, "svg_refused", zh: "不接受SVG图片（可能含有脚本），请上传PNG或JPEG照片",
                en: "SVG images are not accepted (they can carry script): upload a PNG or JPEG photo")
        }
        guard let ext = StaffPhotos.imageExtension(of: data, declared: declared) else {
            throw APIError(
                .badRequest, "bad_image", zh: "只接受PNG或JPEG图片（不超过1MB），且内容须与类型一致",
                en: "Send a PNG or JPEG image (at most 1 MB) whose content matches its Content-Type")
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
        guard let index = configuration.staff.firstIndex(where: { $0.id == id }) else { throw Self.unknownStaff(id) }
        configuration.staff[index].photo = StaffPhotos.uploadedPrefix + name
        let (database, updated) = (self.database, configuration)
        try await hall.applyConfiguration(updated) { try database.saveConfiguration(updated) }
        return EditedResponse(
            status: .created,
            response: PhotoSaved(staff: id, photo: StaffPhotos.uploadedPrefix + name, url: "/api/v1/staff/\(id)/photo?v=\(name)"))
    }

    static func unknownStaff(_ id: String) -> APIError {
        APIError(.notFound, "unknown_staff", zh: "没有这位工作人员", en: "There is no staff member '\(id)'")
    }
}

struct PresenceRequest: Decodable {
    var status: PresenceStatus
    var note: String?
}

struct PhotoSaved: ResponseEncodable {
    var staff: String
    var photo: String
    var url: String
}
