import Foundation
import HallCore
import Hummingbird

extension HallRuntime {
    /// The pages people look at (kiosk, clerk console, admin, boards), their styles and scripts from
    /// `Layouts/screens/`, and staff photos. Pages are plain HTML with JavaScript modules; they read
    /// the JSON API and follow `/api/v1/live`.
    func addScreenRoutes(to router: Router<HallRequestContext>, settings: ScreenSettings) {
        let pages: [(String, String)] = [
            ("kiosk", "kiosk.html"), ("clerk", "clerk.html"), ("admin", "admin.html"), ("board", "board.html"),
            ("board/presence", "presence.html"), ("board/info", "info.html"),
        ]
        for (path, file) in pages {
            router.get(RouterPath(stringLiteral: path)) { _, _ in try page(file, settings) }
        }
        router.get("board/window/:number") { _, context in
            guard let number = Int(try context.parameters.require("number")), await hall.configuration.window(number) != nil else {
                throw APIError(.notFound, "unknown_window", zh: "没有这个窗口", en: "There is no such window")
            }
            return try page("window-board.html", settings)
        }
        router.get("screens/:file") { _, context in
            guard let path = SafeFile.resolve(try context.parameters.require("file"), in: settings.screensDirectory) else {
                throw SafeFile.notFound
            }
            return try SafeFile.response(path: path)
        }
        router.get("api/v1/staff/:id/photo") { _, context in
            let id = try context.parameters.require("id")
            guard let photo = await hall.configuration.staffMember(id)?.photo, let path = photoPath(photo, settings) else {
                throw APIError(.notFound, "no_photo", zh: "没有照片", en: "No photo for this staff member")
            }
            return try SafeFile.response(path: path, cache: 300)
        }
    }

    private func page(_ file: String, _ settings: ScreenSettings) throws -> Response {
        guard let path = SafeFile.resolve(file, in: settings.screensDirectory) else {
            throw APIError(.notFound, "no_page", zh: "页面模板缺失：\(file)", en: "The page template \(file) is missing from the layouts folder")
        }
        return try SafeFile.response(path: path)
    }

    /// How the configuration names a photo the administrator uploaded: `uploaded/zhang-wei-1700000000.png`.
    static let uploadedPhotoPrefix = "uploaded/"

    /// A configured photo as a file path: an uploaded photo in the data folder's `photos/`, an
    /// image (by extension) inside the photos folder, or an absolute path the hall file named. URLs
    /// are not fetched.
    func photoPath(_ photo: String, _ settings: ScreenSettings) -> String? {
        guard !photo.contains("://"), ["svg", "png", "jpg", "jpeg", "webp"].contains((photo as NSString).pathExtension.lowercased()) else {
            return nil
        }
        if photo.hasPrefix(Self.uploadedPhotoPrefix) {
            let name = String(photo.dropFirst(Self.uploadedPhotoPrefix.count))
            return SafeFile.resolve(name, in: settings.uploadedPhotosDirectory)
        }
        if photo.hasPrefix("/") {
            return SafeFile.contained(photo, in: (photo as NSString).deletingLastPathComponent)
        }
        return SafeFile.contained((settings.photosBase as NSString).appendingPathComponent(photo), in: settings.photosBase)
    }
}
