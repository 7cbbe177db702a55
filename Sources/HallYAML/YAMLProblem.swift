/// One thing wrong with a YAML file, at the place its author has to edit.
///
/// Its description reads like a compiler diagnostic, so editors and terminals can jump to it:
///
/// ```text
/// Devices/printers/xprinter-xp58.yaml:5:1: unknown key 'cutter' in the profile (did you mean 'cut'?) …
/// ```
public struct YAMLProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as its author named it.
    public var file: String
    /// The line, starting from 1.
    public var line: Int
    /// The column, starting from 1, counted in Unicode scalars.
    public var column: Int
    /// What is wrong, in words the author can act on.
    public var message: String

    /// A problem at `line` and `column` (both from 1) of `file`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Thrown by a reader that stops at its first problem (``NodeReader/need(_:)``, ``NodeReader/stop(_:at:)``); the problem itself
/// is the last one in ``NodeReader/problems``.
public struct StopReading: Error, Sendable, Hashable {
    public init() {}
}
