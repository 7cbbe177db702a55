import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves files from a folder without ever leaving it.
///
/// A name is one path component of letters, digits, `.`, `_` and `-`, not starting with a dot, with
/// an extension from ``contentTypes``; after symbolic links are resolved the file must still lie
/// inside the folder. Anything else is answered 404, as if it did not exist.
enum SafeFile {
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
        "woff2": "font/woff2", "wav": "audio/wav", "json": "application/json; charset=utf-8",
    ]

    /// Whether `name` is an acceptable single file name.
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 128, let first = name.unicodeScalars.first, first != "." else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard name.unicodeScalars.allSatisfy({ allowed.contains($0) }), !name.contains("..") else { return false }
        return contentTypes[(name as NSString).pathExtension.lowercased()] != nil
    }

    /// The resolved path of `name` inside `directory`, or nil when it is unsafe or missing.
    static func resolve(_ name: String, in directory: String) -> String? {
        guard isSafeName(name) else { return nil }
        return contained(URL(fileURLWithPath: directory).appendingPathComponent(name).path, in: directory)
    }

    /// `path` with links resolved, if it is a regular file inside `directory` (links resolved too).
    static func contained(_ path: String, in directory: String) -> String? {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard file.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return file
    }

    /// The file as a response with its content type; `cache` seconds of caching (0: revalidate every
    /// time); `extra` headers added (``SecurityHeaders``).
    static func response(path: String, cache: Int = 0, extra: HTTPFields = [:]) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path) else { throw notFound }
        let type = contentTypes[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        var headers: HTTPFields = [
            .contentType: type, .cacheControl: cache > 0 ? "public, max-age=\(cache)" : "no-cache", .xContentTypeOptions: "nosniff",
        ]
        for field in extra where headers[field.name] == nil { headers.append(field) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let notFound = APIError(.notFound, "not_found", zh: "没有这个文件", en: "No such file")
}
