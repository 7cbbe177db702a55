import Foundation

/// A thread of its own for blocking calls: libusb transfers with their timeouts, a `write` to a
/// printer that stopped reading, a TCP connect, a SANE scan, an evdev or serial read loop.
///
/// Swift's cooperative pool has one thread per core (two on a hall PC); a blocking call there stops
/// every other task that would run on it. Work given to ``run(_:)`` runs on this object's thread, in
/// the order given, while the awaiting task is suspended. The thread ends when the object is
/// released and the work given so far is done.
///
/// ```swift
/// let line = BlockingThread(name: "printer-kiosk")     // one per printer: its calls stay in order
/// try await line.run { try transport.send(job) }
/// let end = await BlockingThread.runOnce(name: "input") { session() }  // a thread for one long call
/// ```
///
/// The house's one way to leave the pool: the print queues, the input readers and the scanner use it.
public final class BlockingThread: Sendable {
    private let mailbox = Mailbox()
    public let name: String

    /// How a thread competes for the processor.
    public enum Priority: Sendable {
        /// As every other thread of the hall.
        case normal
        /// The lowest share of the processor (nice 19): work that may wait, such as drawing the
        /// picture of a virtual printer's paper, takes little time from the residents' and clerks'
        /// requests while they keep the processor busy, and all it wants while they do not.
        case background
    }

    /// Starts the thread; `name` shows in `top -H` and debuggers (Linux keeps its first 15 bytes).
    public init(name: String, priority: Priority = .normal) {
        self.name = name
        let thread = Thread { [mailbox] in
            // Linux keeps the nice value per thread: `who` 0 is this thread, not the process.
            if priority == .background { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) }
            // A write here to a printer or a pipe whose reader went away must fail with EPIPE, not
            // end the hall. SIGPIPE is ignored process-wide (`hall serve`), but libsane's reader
            // threads (started from the scanner's thread, inheriting this mask) put its action back
            // to the default; blocked here, it never reaches this thread or theirs.
            var brokenPipe = sigset_t()
            sigemptyset(&brokenPipe)
            sigaddset(&brokenPipe, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &brokenPipe, nil)
            mailbox.serve()
        }
        thread.name = name
        thread.start()
    }

    deinit { mailbox.close() }

    /// Runs `body` on this thread after the work given before it, and returns what it returns or
    /// throws what it throws. Cancelling the awaiting task does not interrupt `body`: give blocking
    /// calls their own timeouts or a way to be woken (a self-pipe).
    public func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            mailbox.post { continuation.resume(returning: Result { () throws(E) -> T in try body() }) }
        }
        return try result.get()
    }

    /// Runs `body` on a new thread of its own that ends with it: for one long blocking call (a
    /// reader's session, a scan).
    public static func runOnce<T: Sendable, E: Error>(name: String, _ body: @escaping @Sendable () throws(E) -> T)
        async throws(E) -> T
    {
        try await BlockingThread(name: name).run(body)
    }
}

/// The work waiting for one thread, guarded by a condition.
private final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: [@Sendable () -> Void] = []
    private var closed = false

    func post(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        work.append(job)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// The thread's body: runs work in order until closed and empty.
    func serve() {
        while true {
            condition.lock()
            while work.isEmpty && !closed { condition.wait() }
            if work.isEmpty {
                condition.unlock()
                return
            }
            let job = work.removeFirst()
            condition.unlock()
            job()
        }
    }
}
