import Foundation
import Glibc
import HallPOSIX

/// One job on a virtual printer's paper: where its bytes lie on a roll, and when it was printed.
public struct SpooledJob: Sendable, Hashable {
    /// The job's name (its id, with anything but letters, digits, `-` and `_` made `_`).
    public var name: String
    public var at: Date
    /// The roll's `.bin`.
    public var roll: String
    public var offset: Int
    public var length: Int

    /// The job's ESC/POS bytes, as the printer took them.
    public func bytes() throws -> [UInt8] {
        let fd = open(roll, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(errno: errno, path: roll, operation: "open") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { buffer in
                retryingEINTR { pread(fd, buffer.baseAddress! + done, length - done, off_t(offset + done)) }
            }
            guard n > 0 else { throw FileError(errno: n < 0 ? errno : EIO, path: roll, operation: "read") }
            done += n
        }
        return bytes
    }
}

/// A roll of a virtual printer's paper: `paper-000042.bin` holds its jobs' ESC/POS bytes back to
/// back, as a printer takes them, and `paper-000042.jobs` names them, a line each, written after the
/// job's bytes: `<job>\t<offset>\t<length>\t<milliseconds since 1970>`. A job the list names is
/// whole; bytes after the last job it names are half a job (the power failed while it was written),
/// cut off when the roll is read at start.
struct SpoolRoll: Sendable {
    let number: Int
    var jobs: [SpooledJob] = []

    static let prefix = "paper-"

    static func name(_ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The roll's number when `file` is one of a roll's two files (`ext` "bin" or "jobs").
    static func number(of file: String, ext: String) -> Int? {
        guard file.hasPrefix(prefix), file.hasSuffix("." + ext) else { return nil }
        return Int(file.dropFirst(prefix.count).dropLast(ext.count + 1))
    }

    /// The line that names a job in the roll's list.
    static func line(_ job: SpooledJob) -> String {
        "\(job.name)\t\(job.offset)\t\(job.length)\t\(Int64((job.at.timeIntervalSince1970 * 1_000).rounded()))\n"
    }

    /// Reads roll `number` in `folder`: the whole jobs its list names, and how many bytes of its
    /// `.bin` and `.jobs` they take (what follows is half a job or half a line).
    static func read(_ number: Int, in folder: String) -> (roll: SpoolRoll, binEnd: Int, listEnd: Int) {
        let base = folder + "/" + name(number)
        var roll = SpoolRoll(number: number)
        guard let list = FileManager.default.contents(atPath: base + ".jobs") else { return (roll, 0, 0) }
        var info = stat()
        let binSize = stat(base + ".bin", &info) == 0 ? Int(info.st_size) : 0
        var binEnd = 0
        var listEnd = 0
        var lineStart = list.startIndex
        for i in list.indices where list[i] == UInt8(ascii: "\n") {
            defer { lineStart = i + 1 }
            let fields = String(decoding: list[lineStart..<i], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, !fields[0].isEmpty, let offset = Int(fields[1]), let length = Int(fields[2]),
                let ms = Int64(fields[3]), offset == binEnd, length >= 0, offset + length <= binSize
            else { break }
            roll.jobs.append(
                SpooledJob(
                    name: String(fields[0]), at: Date(timeIntervalSince1970: Double(ms) / 1_000), roll: base + ".bin", offset: offset,
                    length: length))
            binEnd = offset + length
            listEnd = i + 1 - list.startIndex
        }
        return (roll, binEnd, listEnd)
    }
}
