import Hummingbird
import NIOCore

extension Request {
    /// The largest hall file or photo an administrator may upload.
    static let adminUploadLimit = 1_048_576

    /// A raw upload (a hall file, a photo), at most ``adminUploadLimit`` bytes (413 beyond).
    func collectUpload() async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: Self.adminUploadLimit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "too_large", zh: "文件超过1MB", en: "The upload is larger than 1 MB")
        }
    }
}
