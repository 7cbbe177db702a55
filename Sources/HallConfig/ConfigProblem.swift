import HallYAML

/// One thing wrong with a hall file, at the place an administrator has to edit.
///
/// Its description reads like a compiler diagnostic, so editors and terminals can jump to it:
///
/// ```text
/// halls/qingshan.yaml:42:14: window 3 names unknown service 'civil-afairs'
/// ```
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the administrator named it (or the name given to ``HallFileLoader/parse(yaml:file:)``).
    public var file: String
    /// The line, starting from 1.
    public var line: Int
    /// The column, starting from 1, counted in Unicode scalars.
    public var column: Int
    /// What is wrong, in words an administrator can act on.
    public var message: String

    /// A problem at `line` and `column` (both from 1) of `file`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A problem found by the YAML reader the hall file shares with the device profiles.
    init(_ problem: YAMLProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every problem found in a hall file, in the order they appear in the file.
///
/// The loader never stops at the first problem: an administrator fixes the whole file in one pass.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, sorted by line and column.
    public var problems: [ConfigProblem]

    /// Collects `problems`, sorting them by position in the file.
    public init(_ problems: [ConfigProblem]) {
        self.problems = problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// One problem per line, each as `file:line:column: message`.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
