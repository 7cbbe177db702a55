import HallConfig
import Testing

/// Problems between entries: duplicates, references that do not resolve, services nobody serves.
@Suite struct CrossReferenceProblemTests {
    @Test func aDuplicateServiceIdPointsBackToTheFirst() {
        var text = hall(replacing: "- id: civil-affairs", with: "- id: social-security")
        text = hall(replacing: "[civil-affairs]", with: "[social-security]", in: text)
        let found = problems(in: text)
        #expect(found.count == 2, "\(ConfigErrors(found))")
        let first = line(of: "- id: social-security", in: text)
        let duplicate = found.first { $0.message.contains("duplicate service id 'social-security'") }
        #expect(duplicate?.line == line(of: "prefix: B", in: text) - 1)
        #expect(duplicate?.message.hasSuffix("(first used on line \(first))") == true)
        // window 1 now lists social-security as both primary and backup
        expectProblem(
            found, in: text, onLineOf: "backup: [social-security]",
            saying: "window 1 lists service 'social-security' twice")
    }

    @Test func aDuplicatePrefixIsReported() {
        let text = hall(replacing: "prefix: B", with: "prefix: A")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "name: {zh: 民政", in: text) - 1)
        #expect(
            found.first?.message
                == "duplicate ticket prefix 'A' (first used on line \(line(of: "prefix: A", in: text)))")
    }

    @Test func aDuplicateWindowNumberIsReported() {
        let text = hall(replacing: "- number: 2", with: "- number: 1")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "name: {zh: 二号窗口", in: text) - 1)
        #expect(
            found.first?.message
                == "duplicate window number '1' (first used on line \(line(of: "- number: 1", in: text)))")
    }

    @Test func aDuplicateStaffIdIsReported() {
        let text = hall(replacing: "{id: li-na,", with: "{id: zhang-wei,")
        expectOnlyProblem(in: text, onLineOf: "name: 李娜", saying: "duplicate staff id 'zhang-wei'")
    }

    @Test func aDuplicateUsernameIsReported() {
        let text = hall(replacing: "{username: zhangwei,", with: "{username: admin,")
        expectOnlyProblem(in: text, onLineOf: "role: clerk", saying: "duplicate username 'admin'")
    }

    @Test func aDuplicateEvaluatorTokenIsReportedWithoutPrintingIt() {
        let text = hall(replacing: "evaluator_token: evaluator-token-two-0002", with: "evaluator_token: evaluator-token-one-0001")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        // The second window's token, on the line after its 'primary' list.
        #expect(found.first?.line == line(of: "    primary: [civil-affairs]", in: text) + 1)
        #expect(found.first?.message == "duplicate evaluator token (first used on line \(line(of: "evaluator-token-one-0001", in: text)))")
    }

    @Test func aWindowNamingAnUnknownServiceIsReported() {
        let text = hall(replacing: "backup: [civil-affairs]", with: "backup: [civil-afairs]")
        expectOnlyProblem(
            in: text, onLineOf: "backup: [civil-afairs]",
            saying: "window 1 names unknown service 'civil-afairs' (did you mean 'civil-affairs'?)")
        #expect(problems(in: text).first?.column == 14)
    }

    @Test func aWindowNamingUnknownStaffIsReported() {
        let text = hall(replacing: "staff: zhang-wei\n", with: "staff: zhang-wie\n")
        expectOnlyProblem(
            in: text, onLineOf: "staff: zhang-wie",
            saying: "window 1 names unknown staff 'zhang-wie' (did you mean 'zhang-wei'?)")
    }

    @Test func aServiceNoWindowServesIsReported() {
        let text = hall(
            replacing: "windows:",
            with: "  - id: disability\n    prefix: C\n    name: {zh: 残联, en: Disability}\nwindows:"
        )
        expectOnlyProblem(in: text, onLineOf: "- id: disability", saying: "no window serves service 'disability'")
    }

    @Test func aClerkNamingUnknownStaffIsReported() {
        let text = hall(replacing: "role: clerk, staff: zhang-wei", with: "role: clerk, staff: wang-fang")
        expectOnlyProblem(
            in: text, onLineOf: "staff: wang-fang", saying: "account 'zhangwei' names unknown staff 'wang-fang'")
    }

    @Test func aHallWithoutAnAdministratorIsReported() {
        let text = hall(
            replacing: "{username: admin, role: admin,", with: "{username: admin, role: clerk, staff: li-na,")
        expectOnlyProblem(in: text, onLineOf: "accounts:", saying: "no account has role 'admin'")
    }

    @Test func severalProblemsAreReportedAtOnceInFileOrder() {
        var text = hall(replacing: "prefix: B", with: "prefix: b")
        text = hall(replacing: "staff: zhang-wei\n", with: "staff: nobody\n", in: text)
        text = hall(replacing: "mon: [\"08:30-12:00\"", with: "mon: [\"12:00-08:30\"", in: text)
        text = hall(replacing: "password: admin12345", with: "password: short", in: text)
        let found = problems(in: text)
        #expect(found.count == 4, "\(ConfigErrors(found))")
        #expect(found.map(\.line) == found.map(\.line).sorted())
        expectProblem(found, in: text, onLineOf: "prefix: b", saying: "prefix 'b'")
        expectProblem(found, in: text, onLineOf: "staff: nobody", saying: "unknown staff 'nobody'")
        expectProblem(found, in: text, onLineOf: "12:00-08:30", saying: "opening period '12:00-08:30'")
        expectProblem(found, in: text, onLineOf: "password: short", saying: "shorter than 8 characters")
        let error = ConfigErrors(found)
        #expect(error.description.split(separator: "\n").count == 4)
        #expect(error.description.hasPrefix("test-hall.yaml:6:"))
    }
}
