import Foundation
import HallConfig
import HallCore
import Testing

/// Problems within one entry: keys, types, formats, numbers.
@Suite struct StructureProblemTests {
    @Test func theFixtureLoads() throws {
        let file = try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml")
        #expect(file.configuration.services.map(\.id) == ["social-security", "civil-affairs"])
        #expect(file.configuration.windows.map(\.number) == [1, 2])
        #expect(file.configuration.window(1)?.backupServices == ["civil-affairs"])
        #expect(file.configuration.service("social-security")?.materials.first?.en == "ID card")
        #expect(file.evaluatorTokens == [1: "evaluator-token-one-0001", 2: "evaluator-token-two-0002"])
        #expect(file.issueRateLimit == RateLimit(perMinute: 20, burst: 5))
        #expect(file.accounts.map(\.role) == [.admin, .clerk])
        #expect(file.accounts[1].staffID == "zhang-wei")
        #expect(file.accounts[0].password == .plain("admin12345"))
    }

    @Test func aMisspeltKeyIsReportedWithItsLineAndTheKeyMeant() {
        let text = hall(replacing: "    primary: [civil-affairs]", with: "    primay: [civil-affairs]")
        let found = problems(in: text)
        expectProblem(found, in: text, onLineOf: "primay:", saying: "unknown key 'primay' in window 2")
        expectProblem(found, in: text, onLineOf: "primay:", saying: "did you mean 'primary'?")
        // The window then also lacks its required 'primary' list.
        expectProblem(found, in: text, onLineOf: "  - number: 2", saying: "missing required key 'primary' in window 2")
        #expect(found.first { $0.message.contains("primay") }?.column == 5)
    }

    @Test func aMisspeltKeyNamesTheEntryItIsIn() {
        let text = hall(replacing: "    prefix: B", with: "    prefx: B")
        let found = problems(in: text)
        #expect(found.count == 2, "\(ConfigErrors(found))")
        expectProblem(
            found, in: text, onLineOf: "prefx: B",
            saying:
                "unknown key 'prefx' in service 'civil-affairs' (did you mean 'prefix'?); known keys: 'id', 'prefix'"
        )
        expectProblem(found, in: text, onLineOf: "- id: civil-affairs", saying: "missing required key 'prefix'")
    }

    @Test func anUnknownTopLevelKeyIsReported() {
        let text = validHall + "\nservice_hours: 8\n"
        expectOnlyProblem(in: text, onLineOf: "service_hours", saying: "unknown key 'service_hours' in the hall file")
    }

    @Test func aMissingRequiredKeyIsReportedAtItsEntry() {
        let text = hall(replacing: "    prefix: B\n", with: "")
        expectOnlyProblem(
            in: text, onLineOf: "- id: civil-affairs",
            saying: "missing required key 'prefix' in service 'civil-affairs'")
    }

    @Test func aMissingSectionIsReported() {
        let accounts = validHall.range(of: "accounts:")!.lowerBound
        let text = String(validHall[..<accounts])
        expectOnlyProblem(in: text, onLineOf: "hall:", saying: "missing required key 'accounts' in the hall file")
    }

    @Test func aMissingTranslationIsReported() {
        let text = hall(replacing: "{zh: 民政, en: Civil affairs}", with: "{zh: 民政}")
        expectOnlyProblem(in: text, onLineOf: "{zh: 民政}", saying: "missing required key 'en'")
    }

    @Test func wrongTypesAreReported() {
        var text = hall(replacing: "time_limit_days: 5", with: "time_limit_days: five")
        text = hall(replacing: "    primary: [civil-affairs]", with: "    primary: civil-affairs", in: text)
        text = hall(replacing: "name: {zh: 社会保障, en: Social security}", with: "name: 社会保障", in: text)
        let found = problems(in: text)
        #expect(found.count == 3, "\(ConfigErrors(found))")
        expectProblem(
            found, in: text, onLineOf: "time_limit_days", saying: "must be a whole number, found the value 'five'")
        expectProblem(
            found, in: text, onLineOf: "primary: civil-affairs", saying: "'primary' in window 2 must be a list")
        expectProblem(found, in: text, onLineOf: "name: 社会保障", saying: "must give both languages")
    }

    @Test(arguments: ["AB", "a", "1", "甲"])
    func aPrefixMustBeOneCapitalLetter(prefix: String) {
        let text = hall(replacing: "prefix: B", with: "prefix: \"\(prefix)\"")
        expectOnlyProblem(
            in: text, onLineOf: "prefix: \"\(prefix)\"",
            saying: "prefix '\(prefix)' of service 'civil-affairs' must be a single capital letter A–Z")
    }

    @Test func anIdWithSpacesOrCapitalsIsReported() {
        var text = hall(replacing: "- id: civil-affairs", with: "- id: Civil Affairs")
        text = hall(replacing: "[civil-affairs]", with: "[Civil Affairs]", in: text)
        let found = problems(in: text)
        expectProblem(
            found, in: text, onLineOf: "- id: Civil Affairs",
            saying: "service id 'Civil Affairs' may contain only lower-case letters")
    }

    @Test func negativeNumbersAreReported() {
        var text = hall(replacing: "time_limit_days: 5", with: "time_limit_days: -1")
        text = hall(
            replacing: "services:", with: "policy: {recall_limit: -2}\nissue_rate_limit: {per_minute: -5}\nservices:",
            in: text)
        let found = problems(in: text)
        #expect(found.count == 3, "\(ConfigErrors(found))")
        expectProblem(
            found, in: text, onLineOf: "time_limit_days: -1",
            saying: "'time_limit_days' in service 'social-security' must not be negative, found -1")
        expectProblem(
            found, in: text, onLineOf: "recall_limit: -2", saying: "'recall_limit' in 'policy' must not be negative")
        expectProblem(
            found, in: text, onLineOf: "per_minute: -5",
            saying: "'per_minute' in 'issue_rate_limit' must not be negative")
    }

    @Test func windowNumberZeroIsReported() {
        let text = hall(replacing: "- number: 2", with: "- number: 0")
        expectOnlyProblem(
            in: text, onLineOf: "- number: 0", saying: "'number' in window entry 2 must be at least 1, found 0")
    }

    @Test func windowNumberBeyondTheLargestIsReported() {
        let text = hall(replacing: "- number: 2", with: "- number: 10000")
        expectOnlyProblem(
            in: text, onLineOf: "- number: 10000", saying: "'number' in window 10000 must be at most 9999, found 10000")
    }

    @Test func theRateLimitIsRead() throws {
        let limited = hall(replacing: "services:", with: "issue_rate_limit: {per_minute: 0, burst: 0}\nservices:")
        let file = try HallFileLoader.parse(yaml: limited)
        #expect(file.issueRateLimit.isUnlimited)
        let stuck = hall(replacing: "services:", with: "issue_rate_limit: {per_minute: 10, burst: 0}\nservices:")
        expectOnlyProblem(in: stuck, onLineOf: "burst: 0", saying: "'burst' in 'issue_rate_limit' must be at least 1")
    }

    @Test func aShortPlainPasswordIsReported() {
        let text = hall(replacing: "role: admin, password: admin12345", with: "role: admin, password: admin")
        expectOnlyProblem(
            in: text, onLineOf: "password: admin}",
            saying: "the password of account 'admin' is shorter than 8 characters")
    }

    @Test func aBcryptHashIsAcceptedAndAMalformedOneReported() throws {
        let hash = "$2b$12$" + String(repeating: "a", count: 53)
        let good = hall(replacing: "password: admin12345", with: "password_hash: \"\(hash)\"")
        #expect(try HallFileLoader.parse(yaml: good).accounts[0].password == .bcrypt(hash))
        let bad = hall(replacing: "password: admin12345", with: "password_hash: \"admin12345\"")
        expectOnlyProblem(
            in: bad, onLineOf: "password_hash", saying: "'password_hash' of account 'admin' is not a bcrypt hash")
        let both = hall(replacing: "password: admin12345", with: "password: admin12345, password_hash: \"\(hash)\"")
        expectOnlyProblem(in: both, onLineOf: "password_hash", saying: "gives both 'password' and 'password_hash'")
    }

    @Test func aPlainPasswordIsNeverPrinted() {
        let seed = AccountSeed(username: "admin", role: .admin, password: .plain("admin12345"))
        #expect(!"\(seed)".contains("admin12345"))
    }

    @Test func aClerkWithoutStaffIsReported() {
        let text = hall(replacing: "role: clerk, staff: zhang-wei,", with: "role: clerk,")
        expectOnlyProblem(
            in: text, onLineOf: "username: zhangwei", saying: "clerk account 'zhangwei' must name its staff member")
    }

    @Test func anUnknownRoleIsReported() {
        let text = hall(replacing: "role: clerk", with: "role: clark")
        expectOnlyProblem(
            in: text, onLineOf: "role: clark", saying: "role 'clark' of account 'zhangwei' must be 'admin', 'clerk' or 'guide'")
    }
}
