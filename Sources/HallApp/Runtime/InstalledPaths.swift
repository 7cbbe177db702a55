import Foundation

/// Where the hall's files are: the installed layout of the Debian package, or a source checkout.
///
/// Found at run time from where the running program is, never from where the source was compiled:
///
/// - **Installed**: the program is `<prefix>/bin/hall` and `<prefix>/share/servicehall` exists
///   (the package installs `/usr/bin/hall`). The hall file is `/etc/servicehall/hall.yaml`, the data
///   folder `/var/lib/servicehall`, layouts, device profiles and the demo hall are in
///   `/usr/share/servicehall`.
/// - **Checkout**: the repository's folders, as `make run` and `swift test` use them: `Layouts/`,
///   `Devices/`, `Halls/demo-hall.yaml` and `data/` — relative to the working directory when it is
///   the repository, else to the repository that holds the program (`.build/debug/hall`).
///
/// ```swift
/// let paths = InstalledPaths.current
/// paths.hallFile      // "/etc/servicehall/hall.yaml" or "Halls/demo-hall.yaml"
/// ```
public struct InstalledPaths: Sendable, Equatable {
    public enum Kind: String, Sendable { case installed, checkout }

    public var kind: Kind
    /// The hall file `hall serve` seeds an empty database from.
    public var hallFile: String
    /// The folder of `hall.sqlite`, the spool, the scans and the voice cache.
    public var dataDirectory: String
    /// Ticket layouts and the screens (`screens/`).
    public var layoutsDirectory: String
    /// Device profiles: `printers/`, `buttons/`, `scanners/`.
    public var devicesDirectory: String
    /// The udev rules the package installs (or the checked-in copy).
    public var udevRules: String
    /// `openapi.yaml` when installed; nil in a checkout, where it is the HallApp module's resource.
    public var openAPIFile: String?

    /// The package's name for its folders under `share`, `/etc` and `/var/lib`.
    public static let packageName = "servicehall"

    /// The paths for this process, from `/proc/self/exe` and the working directory.
    public static let current: InstalledPaths = resolve(
        executable: executablePath(), workingDirectory: FileManager.default.currentDirectoryPath,
        exists: { FileManager.default.fileExists(atPath: $0) })

    /// The paths for a program at `executable`: a pure function of its arguments, so tests can ask
    /// for any layout.
    public static func resolve(executable: String?, workingDirectory: String, exists: (String) -> Bool) -> InstalledPaths {
        if let executable {
            let bin = (executable as NSString).deletingLastPathComponent
            let prefix = (bin as NSString).deletingLastPathComponent
            let share = (prefix as NSString).appendingPathComponent("share/\(packageName)")
            if (bin as NSString).lastPathComponent == "bin", exists(share + "/Layouts") {
                let etc = prefix == "/usr" ? "/etc" : (prefix as NSString).appendingPathComponent("etc")
                return InstalledPaths(
                    kind: .installed,
                    hallFile: "\(etc)/\(packageName)/hall.yaml",
                    dataDirectory: "/var/lib/\(packageName)",
                    layoutsDirectory: share + "/Layouts",
                    devicesDirectory: share + "/Devices",
                    udevRules: (prefix == "/usr" ? "/usr/lib" : prefix + "/lib") + "/udev/rules.d/99-servicehall.rules",
                    openAPIFile: share + "/openapi.yaml")
            }
        }
        let root = checkoutRoot(executable: executable, workingDirectory: workingDirectory, exists: exists)
        func inRoot(_ path: String) -> String { root.map { ($0 as NSString).appendingPathComponent(path) } ?? path }
        return InstalledPaths(
            kind: .checkout, hallFile: inRoot("Halls/demo-hall.yaml"), dataDirectory: inRoot("data"), layoutsDirectory: inRoot("Layouts"),
            devicesDirectory: inRoot("Devices"), udevRules: inRoot("udev/99-servicehall.rules"), openAPIFile: nil)
    }

    /// nil when the working directory is the repository (paths stay relative, as they always were);
    /// else the nearest folder above the program that holds `Devices/printers` and `Layouts`.
    static func checkoutRoot(executable: String?, workingDirectory: String, exists: (String) -> Bool) -> String? {
        func isRepository(_ folder: String) -> Bool { exists(folder + "/Devices/printers") && exists(folder + "/Layouts") }
        if isRepository(workingDirectory) { return nil }
        var folder = executable.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        while folder.count > 1 {
            if isRepository(folder) { return folder }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// The running program, links resolved (`/proc/self/exe` on Linux).
    static func executablePath() -> String? {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }
}
