import Foundation
import Hummingbird

/// Staff photos: where a configured photo lies, and which uploads are accepted as one.
enum StaffPhotos {
    /// How the configuration names a photo the administrator uploaded: `uploaded/zhang-wei-1700000000.png`.
    static let uploadedPrefix = "uploaded/"

    /// A configured photo as a file path: an uploaded photo in the data folder's `photos/`, an
    /// image (by extension) inside the photos folder, or an absolute path the hall file named. URLs
    /// are not fetched.
    static func path(of photo: String, _ settings: ScreenSettings) -> String? {
        guard !photo.contains("://"), ["svg", "png", "jpg", "jpeg", "webp"].contains((photo as NSString).pathExtension.lowercased()) else {
            return nil
        }
        if photo.hasPrefix(uploadedPrefix) {
            let name = String(photo.dropFirst(uploadedPrefix.count))
            return SafeFile.resolve(name, in: settings.uploadedPhotosDirectory)
        }
        if photo.hasPrefix("/") {
            return SafeFile.contained(photo, in: (photo as NSString).deletingLastPathComponent)
        }
        return SafeFile.contained((settings.photosBase as NSString).appendingPathComponent(photo), in: settings.photosBase)
    }

    /// The file extension for an image whose first bytes match `declared`, or nil. Only PNG and
    /// JPEG: an SVG is a document that can carry script, and no filter of its text is safe enough
    /// for a file served from the hall's own origin.
    static func imageExtension(of data: Data, declared: String?) -> String? {
        guard !data.isEmpty, data.count <= Request.adminUploadLimit else { return nil }
        let bytes = [UInt8](data.prefix(16))
        switch declared {
        case "image/png":
            return bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png" : nil
        case "image/jpeg":
            return bytes.starts(with: [0xFF, 0xD8, 0xFF]) ? "jpg" : nil
        default:
            return nil
        }
    }

    /// Whether an upload is an SVG (by its declared type or by its text), to be refused by name.
    static func isSVG(_ data: Data, declared: String?) -> Bool {
        if declared == "image/svg+xml" { return true }
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        return head.contains("<svg")
    }
}
