import Foundation
import HallCore
import Testing

@Suite("Changing the configuration while the hall runs")
struct ReconfigureTests {
    @Test("a window serving a visit and a service with open visits cannot be removed; idle ones can")
    func conflicts() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        try s.issue("social")
        _ = try s.callNext(1)
        try s.issue("land")

        var withoutWindow1 = Fixture.configuration()
        withoutWindow1.windows.removeAll { $0.number == 1 }
        #expect(s.state.reconfigureConflict(withoutWindow1)?.code == "window_in_use")

        var withoutLand = Fixture.configuration()
        withoutLand.services.removeAll { $0.id == "land" }
        withoutLand.windows[2].primaryServices = ["civil"]
        #expect(s.state.reconfigureConflict(withoutLand)?.code == "service_in_use")

        // Window 2 is open but idle, and no visit is open for 'civil' beyond the line: it may go.
        var withoutWindow2 = Fixture.configuration()
        withoutWindow2.windows.removeAll { $0.number == 2 }
        #expect(s.state.reconfigureConflict(withoutWindow2) == nil)
        s.state.reconfigure(withoutWindow2)
        #expect(s.state.windows[2] == nil)
        #expect(s.state.windows[1]?.current != nil)
    }

    @Test("a new service and window are usable at once; removed staff leave the presence board")
    func additions() throws {
        var s = Script(at: "08:31")
        var changed = Fixture.configuration()
        changed.services.append(Service(id: "tax", prefix: "T", name: .init(zh: "税务咨询", en: "Tax advice")))
        changed.windows.append(Window(number: 4, name: .init(zh: "税务窗口", en: "Tax"), primaryServices: ["tax"]))
        changed.staff.removeAll { $0.id == "zhao" }
        #expect(s.state.reconfigureConflict(changed) == nil)
        s.state.reconfigure(changed)
        #expect(s.state.presence["zhao"] == nil)
        try s.openAll()
        try s.issue("tax")
        #expect(try s.callNext(4) == "T001")
    }

    @Test("swapping two services' prefixes mid-day never issues a number twice (each prefix counts on)")
    func prefixSwap() throws {
        var s = Script(at: "08:31")
        try s.openAll()
        #expect(try s.issue("social") == "A001")
        #expect(try s.issue("social") == "A002")
        #expect(try s.issue("civil") == "B001")

        var swapped = Fixture.configuration()
        swapped.services = swapped.services.map { service in
            var service = service
            if service.id == "social" { service.prefix = "B" } else if service.id == "civil" { service.prefix = "A" }
            return service
        }
        #expect(s.state.reconfigureConflict(swapped) == nil)
        s.state.reconfigure(swapped)
        // Civil affairs now prints A and continues after A002; social security continues after B001.
        #expect(try s.issue("civil") == "A003")
        #expect(try s.issue("social") == "B002")
        #expect(Set(s.state.visits.keys).count == 5)
        #expect(s.state.visits.values.map(\.number).sorted() == ["A001", "A002", "A003", "B001", "B002"])
        #expect(s.state.issuedToday == ["A": 3, "B": 2])
    }
}
