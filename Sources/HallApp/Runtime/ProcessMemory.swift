/// How the hall's process keeps its heap small over months of days.
///
/// glibc gives every thread that allocates an arena of its own, up to eight per core: the hall's
/// threads (Swift's pool, NIO's event loops, one per printer, scanner and input reader) each kept
/// the peak of its own arena, and a busy day's memory stayed for good. Two arenas serve a hall PC's
/// two cores; a new day hands the free pages back (``trim()``).
public enum ProcessMemory {
    /// Limits glibc to two arenas: call first thing in the process, before other threads start.
    public static func configure() {
        // M_ARENA_MAX in malloc.h.
        _ = mallopt(-8, 2)
    }

    /// Returns the heap's free pages to the system (after a day is done).
    static func trim() { _ = malloc_trim(0) }
}

/// glibc's `mallopt` and `malloc_trim` (malloc.h, which the Glibc module leaves out).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
