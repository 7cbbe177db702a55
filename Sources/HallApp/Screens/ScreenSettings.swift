import Foundation

/// Where the screens' files live: the editable layouts, the voice cache and the staff photos.
///
/// ```swift
/// let screens = ScreenSettings(layoutsDirectory: "Layouts", dataDirectory: "data", photosBase: "Halls")
/// ```
public struct ScreenSettings: Sendable {
    /// The Layouts folder; pages and their styles and scripts are read from `screens/` inside it on
    /// every request, so an administrator's edit shows on the next load.
    public var layoutsDirectory: String
    /// Generated call announcements (WAV) are cached in `voice/` inside the hall's data folder.
    public var voiceDirectory: String
    /// Relative staff photo paths are resolved against this folder (the hall file's folder).
    public var photosBase: String
    /// Photos uploaded by the administrator, in `photos/` inside the hall's data folder; the
    /// configuration names them `uploaded/<file>`.
    public var uploadedPhotosDirectory: String

    /// The defaults are the installed folders, or the checkout's `Layouts`, `data` and `Halls` (``InstalledPaths``).
    public init(
        layoutsDirectory: String = InstalledPaths.current.layoutsDirectory, dataDirectory: String = InstalledPaths.current.dataDirectory,
        photosBase: String = (InstalledPaths.current.hallFile as NSString).deletingLastPathComponent
    ) {
        self.layoutsDirectory = layoutsDirectory
        self.voiceDirectory = (dataDirectory as NSString).appendingPathComponent("voice")
        self.photosBase = photosBase
        self.uploadedPhotosDirectory = (dataDirectory as NSString).appendingPathComponent("photos")
    }

    /// The folder the screen pages are served from.
    var screensDirectory: String { (layoutsDirectory as NSString).appendingPathComponent("screens") }
}
