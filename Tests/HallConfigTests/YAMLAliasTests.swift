import Foundation
import HallConfig
import Testing

/// Anchors and aliases are refused: a hall file says each value where it is used, and a
/// billion-laughs document cannot make the editor or `hall check-config` expand it.
@Suite struct YAMLAliasTests {
    @Test func anAnchorAndItsAliasAreRefusedAtTheAnchor() {
        var text = hall(replacing: "    mon: [\"08:30-12:00\", \"14:00-17:30\"]", with: "    mon: &day [\"08:30-12:00\", \"14:00-17:30\"]")
        text = hall(replacing: "    tue: [\"08:30-12:00\", \"14:00-17:30\"]", with: "    tue: *day", in: text)
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "mon: &day", in: text))
        #expect(found.first?.message.contains("anchors and aliases") == true, "\(ConfigErrors(found))")
        #expect(found.first?.message.contains("&day") == true)
        #expect(found.first?.description.hasPrefix("test-hall.yaml:\(line(of: "mon: &day", in: text)):") == true)
    }

    @Test func aMergeKeyIsRefused() {
        let text = hall(
            replacing: "  - id: civil-affairs\n    prefix: B\n",
            with: "  - &base\n    id: civil-affairs\n    prefix: B\n  - <<: *base\n    id: other\n    prefix: C\n")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.message.contains("anchors and aliases") == true, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "- &base", in: text))
    }

    @Test(.timeLimit(.minutes(1)))
    func aBillionLaughsDocumentIsRefusedWithoutExpanding() {
        // 10 levels of 10 aliases each: 10^10 scalars if expanded.
        var text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...10 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        text += "hall: *a10\n"
        let found = problems(in: text)
        #expect(found.first?.line == 1)
        #expect(found.contains { $0.message.contains("anchors and aliases") }, "\(ConfigErrors(found))")
    }
}
