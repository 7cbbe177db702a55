import Foundation

/// What happens next in a simulated day: steps ordered by time, then by the order they were planned
/// (a binary heap, so a day of thousands of steps stays cheap).
struct Agenda<Step> {
    private struct Entry {
        var at: Date
        var order: Int
        var step: Step
        func precedes(_ other: Entry) -> Bool { at < other.at || (at == other.at && order < other.order) }
    }

    private var heap: [Entry] = []
    private var planned = 0

    var isEmpty: Bool { heap.isEmpty }

    mutating func plan(_ step: Step, at: Date) {
        planned += 1
        heap.append(Entry(at: at, order: planned, step: step))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest step and its time.
    mutating func next() -> (at: Date, step: Step)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var least = parent
            if left < heap.count && heap[left].precedes(heap[least]) { least = left }
            if right < heap.count && heap[right].precedes(heap[least]) { least = right }
            guard least != parent else { break }
            heap.swapAt(parent, least)
            parent = least
        }
        return (first.at, first.step)
    }
}
