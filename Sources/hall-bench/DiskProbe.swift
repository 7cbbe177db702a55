import Foundation
import Glibc
import Synchronization

/// The disk's own stalls while a load runs: a thread of its own writes one page and `fdatasync`s it
/// every 20 ms, in a file beside the hall's database, and keeps how long each took. Every answer the
/// hall gives waits for a commit, so a commit that waits for the disk shows in the answers' p99; the
/// probe tells whether the disk stalled in the same seconds (this machine's virtual disk, alone and
/// idle, has taken up to 800 ms for a one-page `fdatasync` a few times a minute).
final class DiskProbe: Sendable {
    private let samples = Mutex<[Double]>([])
    private let running = Atomic<Bool>(true)

    init(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(".disk-probe-\(UUID().uuidString)")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("disk probe: cannot create \(path): \(String(cString: strerror(errno)))") }
        unlink(path)  // written and synced while open; nothing is left behind
        let page = [UInt8](repeating: 0x2A, count: 4_096)
        let thread = Thread { [self] in
            var offset: off_t = 0
            while self.running.load(ordering: .relaxed) {
                let begin = ContinuousClock.now
                _ = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, offset) }
                _ = fdatasync(fd)
                let took = (ContinuousClock.now - begin).milliseconds
                self.samples.withLock { $0.append(took) }
                offset = (offset + 4_096) % (256 * 4_096)
                usleep(20_000)
            }
            close(fd)
        }
        thread.start()
    }

    /// Stops the probe; what it saw: `fdatasync` p99, how many took over 20 ms, the longest.
    func stop() -> String {
        running.store(false, ordering: .relaxed)
        let stats = Stats(samples.withLock { $0 })
        let stalls = stats.sorted.filter { $0 > 20 }.count
        return String(
            format: "disk alone in the same seconds: fdatasync p99 %.2f ms, %d over 20 ms, longest %.0f ms (n=%d)", stats.p99, stalls,
            stats.sorted.last ?? .nan, stats.sorted.count)
    }
}
