import Foundation
import HallConfig
import HallCore
import Testing

/// The demo hall shipped in `Halls/demo-hall.yaml` loads and is the hall the seeds describe.
@Suite struct DemoHallTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Halls/demo-hall.yaml").path

    let file: HallFile

    init() throws {
        file = try HallFileLoader.load(path: Self.path)
    }

    var hall: HallConfiguration { file.configuration }

    @Test func itHasTheWindowsOfATownshipHall() {
        #expect(hall.name.zh == "青山镇便民服务中心")
        #expect(hall.windows.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(
            hall.windows.map(\.name.zh) == [
                "社会保障窗口", "民政窗口", "残联窗口", "卫生计生窗口", "农村经济窗口", "综合服务（代办）窗口", "咨询引导台",
            ])
        #expect(hall.supervisionPhone == "0838-6201234")
    }

    @Test func itOffersTheServicesTheSeedsName() {
        let expected = [
            "pension": "A", "medical-insurance": "B", "subsistence-allowance": "C", "elderly-allowance": "D",
            "temporary-assistance": "E", "disability-card": "F", "birth-registration": "G", "one-child-reward": "H",
            "land-contract": "J", "homestead": "K", "farm-subsidy": "L", "consultation": "M", "proxy-service": "N",
        ]
        #expect(Dictionary(uniqueKeysWithValues: hall.services.map { ($0.id, $0.prefix) }) == expected)
        #expect(hall.service("homestead")?.timeLimitDays == 20)
        #expect(hall.service("birth-registration")?.timeLimitDays == 0)
        #expect(hall.service("subsistence-allowance")?.materials.contains { $0.zh.contains("家庭经济状况核对授权书") } == true)
        #expect(
            hall.service("disability-card")?.materials.first?.en
                == "Resident ID card or household register, original and copy")
    }

    @Test func everyMatterHasWhatTheBoardsShow() {
        for service in hall.services {
            #expect(!service.name.zh.isEmpty && !service.name.en.isEmpty, "\(service.id)")
            #expect(service.expectedMinutes > 0, "\(service.id)")
            if service.id != "consultation" {
                #expect(service.materials.count >= 2, "\(service.id) lists its materials")
                #expect(service.conditions != nil, "\(service.id) states its conditions")
            }
            for material in service.materials {
                #expect(!material.zh.isEmpty && !material.en.isEmpty, "\(service.id): \(material)")
            }
        }
    }

    @Test func windowsBackEachOtherUp() {
        #expect(
            hall.window(2)?.primaryServices == ["subsistence-allowance", "elderly-allowance", "temporary-assistance"])
        #expect(hall.window(2)?.tier(of: "disability-card") == 2)
        #expect(hall.window(3)?.tier(of: "elderly-allowance") == 2)
        for service in hall.services {
            let tiers = hall.windows.compactMap { $0.tier(of: service.id) }
            #expect(tiers.contains(1), "\(service.id) has a window of its own")
        }
        #expect(hall.windows.filter { !$0.backupServices.isEmpty }.count == 7)
    }

    @Test func staffHoldTheWindowsAndTheirPhotosExist() {
        #expect(hall.staff.count == 9)
        #expect(Set(hall.staff.map(\.department)).count >= 7)
        for staff in hall.staff {
            #expect(staff.photo == "photos/\(staff.id).svg")
            let photo = HallFileLoader.resolve(photo: staff.photo ?? "", relativeToHallFile: Self.path)
            let svg = (try? String(contentsOfFile: photo, encoding: .utf8)) ?? ""
            #expect(svg.contains("<circle") && svg.contains(String(staff.name.prefix(1))), "\(photo)")
        }
        #expect(
            hall.windows.map(\.staffID) == [
                "zhang-wei", "li-na", "wang-fang", "liu-yang", "chen-jie", "yang-li", "zhao-min",
            ])
    }

    @Test func demoAccountsAndEvaluatorsMatchTheWindows() {
        let admin = file.accounts.first { $0.username == "admin" }
        #expect(admin?.role == .admin)
        #expect(admin?.password == .plain("admin12345"))
        for window in hall.windows {
            let clerk = file.accounts.first { $0.username == "clerk\(window.number)" }
            #expect(clerk?.role == .clerk)
            #expect(clerk?.staffID == window.staffID)
            #expect(clerk?.password == .plain("clerk12345"))
            #expect(clerk?.windows?.contains(window.number) == true)
            #expect(file.evaluatorTokens[window.number]?.hasPrefix("demo-evaluator-\(window.number)-") == true)
            #expect((file.evaluatorTokens[window.number]?.count ?? 0) >= 20)
        }
        // An administrator, a clerk per window and the guide desk (咨询引导台, issue 11).
        #expect(file.accounts.count == 9)
        #expect(file.accounts.first { $0.username == "guide1" }?.role == .guide)
        #expect(file.issueRateLimit == .default)
        #expect(hall.policy == HallPolicy())
    }

    @Test func theHallOpensOnMarketDaysAndClosesOnHolidays() {
        let schedule = hall.schedule
        func at(_ date: String, _ minute: Int) -> Date {
            LocalDate(date)!.instant(minute: minute, utcOffsetMinutes: 480)
        }
        // 2026-11-21: a Saturday and a 逢一 market day; open from 08:00.
        #expect(schedule.isOpen(at: at("2026-11-21", 8 * 60 + 10)))
        #expect(!schedule.isOpen(at: at("2026-11-22", 9 * 60)))  // Sunday
        #expect(!schedule.isOpen(at: at("2026-11-23", 8 * 60 + 10)))  // Monday before 08:30
        #expect(schedule.isOpen(at: at("2026-11-23", 8 * 60 + 30)))
        // 2026-10-01 is National Day and a market day: closed.
        #expect(!schedule.isOpen(at: at("2026-10-01", 9 * 60)))
        #expect(!schedule.isOpen(at: at("2026-02-17", 9 * 60)))  // Spring Festival
        #expect(schedule.isOpen(at: at("2026-02-28", 9 * 60)))  // 调休 Saturday
        #expect(schedule.isOpen(at: at("2026-05-31", 9 * 60)))  // the 31st is a 逢一 market day (a Sunday)
        // Every 调休 day falls on a weekend and is no holiday.
        for day in schedule.extraWorkdays {
            #expect(day.weekday >= 6, "\(day)")
        }
    }
}
