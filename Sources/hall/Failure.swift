import ArgumentParser
import Foundation

/// Prints `message` on standard error (no "Error:" prefix, no trace) and gives the exit code to throw.
///
/// ```swift
/// throw failure("数据库已损坏 …\nThe database is damaged …", exitCode: 2)
/// ```
func failure(_ message: String, exitCode: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(exitCode)
}
