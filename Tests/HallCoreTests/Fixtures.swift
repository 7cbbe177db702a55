import Foundation
import HallCore

/// A small hall for scripted days: three services, three windows with AB posts, four staff.
enum Fixture {
    static let social = Service(id: "social", prefix: "A", name: .init(zh: "社会保障", en: "Social security"), expectedMinutes: 10)
    static let civil = Service(id: "civil", prefix: "B", name: .init(zh: "民政", en: "Civil affairs"), expectedMinutes: 6)
    static let land = Service(id: "land", prefix: "C", name: .init(zh: "农村经济", en: "Rural economy"), timeLimitDays: 20, expectedMinutes: 15)

    static func configuration(policy: HallPolicy = HallPolicy()) -> HallConfiguration {
        let workday = [OpeningPeriod("08:30-12:00")!, OpeningPeriod("14:00-17:30")!]
        return HallConfiguration(
            name: .init(zh: "青山镇便民服务中心", en: "Qingshan Town Service Center"),
            services: [social, civil, land],
            windows: [
                Window(
                    number: 1, name: .init(zh: "社保窗口", en: "Social"), primaryServices: ["social"], backupServices: ["civil"],
                    staffID: "zhang"),
                Window(
                    number: 2, name: .init(zh: "民政窗口", en: "Civil"), primaryServices: ["civil"], backupServices: ["social"], staffID: "li"),
                Window(number: 3, name: .init(zh: "农经窗口", en: "Land"), primaryServices: ["land"], staffID: "wang"),
            ],
            staff: [
                Staff(id: "zhang", name: "张伟", department: "社会保障", title: "科员", phone: "13800000001"),
                Staff(id: "li", name: "李娜", department: "民政", title: "科员", phone: "13800000002"),
                Staff(id: "wang", name: "王强", department: "农村经济", title: "站长", phone: "13800000003"),
                Staff(id: "zhao", name: "赵敏", department: "综合", title: "科员", phone: "13800000004"),
            ],
            schedule: HallSchedule(
                weekly: [1: workday, 2: workday, 3: workday, 4: workday, 5: workday],
                marketDaysOfMonth: [1, 4, 7, 11, 14, 17, 21, 24, 27], marketDayHours: [OpeningPeriod("08:00-12:00")!],
                holidays: [LocalDate("2026-12-31")!], extraWorkdays: [LocalDate("2026-11-29")!]),
            policy: policy)
    }

    /// `2026-11-23 09:00` China time is `instant("2026-11-23", "09:00")`.
    static func instant(_ day: String, _ time: String) -> Date {
        LocalDate(day)!.instant(minute: OpeningPeriod.minute(time)!, utcOffsetMinutes: 480)
    }
}

/// Drives a state through a day the way the runtime does: advance, then handle, at a given time.
struct Script {
    var state: HallState
    var day: String
    var now: Date

    init(_ configuration: HallConfiguration = Fixture.configuration(), day: String = "2026-11-23", at time: String = "08:30") {
        state = HallState(configuration: configuration)
        self.day = day
        now = Fixture.instant(day, time)
        _ = state.advance(to: now)
    }

    /// Moves the clock; returns the time-driven events.
    @discardableResult
    mutating func at(_ time: String, day: String? = nil) -> [HallEvent] {
        if let day { self.day = day }
        now = Fixture.instant(self.day, time)
        return state.advance(to: now)
    }

    @discardableResult
    mutating func run(_ command: HallCommand) throws(HallError) -> [HallEvent] {
        try state.handle(command, at: now)
    }

    /// Issues a ticket and returns its number.
    @discardableResult
    mutating func issue(_ service: String, _ priority: Priority = .normal, secret: String = "CODE", by: String? = nil) throws(HallError)
        -> String
    {
        guard case .ticketIssued(let t) = try run(.issueTicket(serviceID: service, priority: priority, secret: secret, by: by)).first else {
            fatalError("no ticket")
        }
        return t.number
    }

    /// Calls next at `window` and returns the number called.
    mutating func callNext(_ window: Int) throws(HallError) -> String {
        guard case .visitCalled(_, let number, _, _, _) = try run(.callNext(window: window)).first else { fatalError("no call") }
        return number
    }

    mutating func openAll() throws(HallError) {
        for w in state.configuration.windows { try run(.open(window: w.number, staffID: nil)) }
    }

    func visit(_ number: String) -> Visit? { state.visits.values.first { $0.number == number } }

    func id(_ number: String) -> String { visit(number)!.id }
}
