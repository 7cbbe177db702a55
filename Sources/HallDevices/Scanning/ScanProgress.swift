/// How far a scan has come, reported after every block libsane hands over.
public struct ScanProgress: Hashable, Sendable {
    /// The page being read, from 1.
    public var page: Int
    /// Bytes of this page read so far (all its frames).
    public var bytesRead: Int
    /// Bytes this page will have, when the device knows its height in advance.
    public var bytesExpected: Int?
    /// Pages finished before this one.
    public var pagesCompleted: Int

    public init(page: Int, bytesRead: Int, bytesExpected: Int?, pagesCompleted: Int) {
        self.page = page
        self.bytesRead = bytesRead
        self.bytesExpected = bytesExpected
        self.pagesCompleted = pagesCompleted
    }

    /// 0…1 for this page, when the size is known.
    public var pageFraction: Double? {
        guard let bytesExpected, bytesExpected > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(bytesExpected))
    }
}
