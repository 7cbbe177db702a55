import Foundation
import HallCore
import HallYAML
import Yams

/// Reads a hall file (YAML) into a ``HallFile``, or reports everything wrong with it at once.
///
/// ```swift
/// do {
///     let hall = try HallFileLoader.load(path: "Halls/demo-hall.yaml")
/// } catch {
///     print(error)  // Halls/demo-hall.yaml:42:14: window 3 names unknown service 'civil-afairs'
/// }
/// ```
///
/// The format is described in `docs/hall-file.md`; `Halls/demo-hall.yaml` is a complete example.
public enum HallFileLoader {
    /// Reads and checks the hall file at `path`.
    ///
    /// Besides everything ``parse(yaml:file:)`` checks, relative photo paths are resolved against the
    /// file's folder and must exist.
    public static func load(path: String, profiles: KnownDeviceProfiles? = nil) throws(ConfigErrors) -> HallFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([
                ConfigProblem(
                    file: path, line: 1, column: 1, message: "cannot read the hall file: \(error.localizedDescription)")
            ])
        }
        var reader = NodeReader(file: path)
        var parsed = read(yaml: text, into: &reader, profiles: profiles)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        if let sane = parsed?.file?.devices.saneConfigDirectory, !sane.hasPrefix("/") {
            parsed?.file?.devices.saneConfigDirectory = folder.appendingPathComponent(sane).standardizedFileURL.path
        }
        for photo in parsed?.photos ?? [] where !photo.value.contains("://") {
            let url =
                photo.value.hasPrefix("/")
                ? URL(fileURLWithPath: photo.value) : folder.appendingPathComponent(photo.value)
            if !FileManager.default.fileExists(atPath: url.path) {
                reader.report("photo '\(photo.value)' not found (looked for \(url.path))", at: photo.position)
            }
        }
        guard reader.problems.isEmpty, let file = parsed?.file else { throw ConfigErrors(reader.problems.map(ConfigProblem.init)) }
        return file
    }

    /// Reads and checks hall-file text; `file` names it in the problems reported.
    ///
    /// Pure: touches no file, so photo paths are not checked here.
    public static func parse(yaml: String, file: String = "hall.yaml", profiles: KnownDeviceProfiles? = nil) throws(ConfigErrors)
        -> HallFile
    {
        var reader = NodeReader(file: file)
        let parsed = read(yaml: yaml, into: &reader, profiles: profiles)
        guard reader.problems.isEmpty, let hall = parsed?.file else { throw ConfigErrors(reader.problems.map(ConfigProblem.init)) }
        return hall
    }

    /// Resolves a staff photo path the way ``load(path:)`` checks it: relative to the hall file's folder.
    public static func resolve(photo: String, relativeToHallFile hallFile: String) -> String {
        if photo.contains("://") || photo.hasPrefix("/") { return photo }
        return URL(fileURLWithPath: hallFile).deletingLastPathComponent().appendingPathComponent(photo).path
    }

    private static func read(yaml: String, into reader: inout NodeReader, profiles: KnownDeviceProfiles?) -> ParsedHallFile? {
        let empty = "the hall file is empty; see Halls/demo-hall.yaml for a complete example"
        guard let root = reader.compose(yaml, empty: empty) else { return nil }
        return reader.hallFile(root, profiles: profiles)
    }
}

/// A hall file read from YAML, with the photo paths and where they were written.
struct ParsedHallFile {
    /// Nil when the file has problems.
    var file: HallFile?
    var photos: [Located<String>]
}
