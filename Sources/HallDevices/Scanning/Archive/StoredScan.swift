import Foundation

/// A scan set kept in the archive: its manifest (`<id>.json` beside the PDF).
public struct StoredScan: Hashable, Sendable, Codable {
    public var id: String
    /// The opaque key the caller filed it under (a visit id, for the hall).
    public var owner: String
    public var createdAt: Date
    /// The scanner it came from, when known.
    public var device: String?
    public var pages: [ScanPageInfo]
    /// File names inside the owner's directory.
    public var pdfFile: String
    public var thumbnailFiles: [String]
    public var pdfByteCount: Int

    public var pageCount: Int { pages.count }
    var manifestFile: String { id + ".json" }
    var allFiles: [String] { thumbnailFiles + [pdfFile, manifestFile] }
}
