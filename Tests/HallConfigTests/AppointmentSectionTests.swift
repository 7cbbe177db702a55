import Foundation
import HallConfig
import HallCore
import Testing

/// The hall file's `appointments:` (预约) and the `guide` account role: read with their lines,
/// written back by the hall to an equal file.
@Suite struct AppointmentSectionTests {
    static let section = """
        appointments:
          grace_minutes: 10
          services:
            - {service: social-security, per_half_hour: 3, days_ahead: 5}
        windows:
        """

    func withAppointments(_ body: String = AppointmentSectionTests.section) -> String {
        hall(replacing: "windows:\n", with: body + "\n")
    }

    @Test func theSectionIsReadAndWrittenBack() throws {
        let text = withAppointments()
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        let policy = try #require(file.configuration.appointments)
        #expect(policy.graceMinutes == 10)
        #expect(policy.rules == [AppointmentPolicy.Rule(serviceID: "social-security", perHalfHour: 3, daysAhead: 5)])
        let again = try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: file), file: "written.yaml")
        #expect(again == file)
    }

    @Test func withoutTheSectionNothingIsBookable() throws {
        let file = try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml")
        #expect(file.configuration.appointments == nil)
        #expect(file.configuration.appointmentPolicy.rules.isEmpty)
        #expect(!HallFileWriter.yaml(for: file).contains("appointments:"))
    }

    @Test func anUnknownServiceAZeroCapacityAndATwiceBookableServiceAreReportedOnTheirLines() {
        let text = withAppointments(
            """
            appointments:
              services:
                - {service: social-securty, per_half_hour: 2}
                - {service: civil-affairs, per_half_hour: 0}
                - {service: social-security, per_half_hour: 1}
                - {service: social-security, per_half_hour: 1}
            windows:
            """)
        let found = problems(in: text)
        expectProblem(found, in: text, onLineOf: "social-securty", saying: "not under 'services' (did you mean 'social-security'?)")
        expectProblem(found, in: text, onLineOf: "per_half_hour: 0", saying: "must be at least 1")
        let twice = found.filter { $0.message.contains("bookable twice") }
        #expect(twice.count == 1)
        #expect(twice.first?.line == line(of: "per_half_hour: 1}", in: text) + 1)
    }

    @Test func aGuideAccountIsReadWithoutWindowsAndWrittenBack() throws {
        let text = hall(
            replacing: "  - {username: admin, role: admin, password: admin12345}",
            with: "  - {username: admin, role: admin, password: admin12345}\n  - {username: guide1, role: guide, password: guide12345}")
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        #expect(file.accounts.map(\.role) == [.admin, .guide, .clerk])
        #expect(try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: file), file: "written.yaml") == file)
        let bound = hall(replacing: "role: guide, password", with: "role: guide, windows: [1], password", in: text)
        expectProblem(problems(in: bound), in: bound, onLineOf: "role: guide", saying: "only clerks are bound to windows")
    }
}
