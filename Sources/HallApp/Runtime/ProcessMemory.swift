/// How the hall's process hands memory back over months of days.
///
/// Limiting glibc's arenas (`mallopt(M_ARENA_MAX, 2)`) was measured too, alternating runs of
/// `hall-bench` with and without it: no difference in the resident memory after the kiosk load or
/// a realistic week, nor in the 30-day soak, so the hall leaves glibc's default.
enum ProcessMemory {
    /// Returns the heap's free pages to the system (after a day is done).
    static func trim() { _ = malloc_trim(0) }
}

/// glibc's `malloc_trim` (malloc.h, which the Glibc module leaves out).
@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
