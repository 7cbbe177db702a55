import Foundation
import HallConfig
import Testing

/// The windows a clerk account may take (`windows: [1, 2]`), and the evaluator tokens' strength.
struct AccountWindowsTests {
    let clerkLine = "{username: zhangwei, role: clerk, staff: zhang-wei, password: clerk12345}"

    @Test func aClerksWindowsAreReadAndWrittenBack() throws {
        let text = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [2, 1], staff: zhang-wei, password: clerk12345}")
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        #expect(file.accounts.first { $0.username == "zhangwei" }?.windows == [2, 1])
        #expect(file.accounts.first { $0.username == "admin" }?.windows == nil)
        let again = try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: file), file: "written.yaml")
        #expect(again.accounts.first { $0.username == "zhangwei" }?.windows == [2, 1])
        // Made administrator (as in the hall-file editor), the account is written without windows and still loads.
        var promoted = file
        promoted.accounts = file.accounts.map {
            var a = $0; a.role = .admin; return a
        }
        let written = try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: promoted), file: "promoted.yaml")
        #expect(written.accounts.allSatisfy { $0.windows == nil })
    }

    @Test func aClerkWithoutWindowsMayTakeAnyWindow() throws {
        let file = try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml")
        #expect(file.accounts.first { $0.username == "zhangwei" }?.windows == nil)
    }

    @Test func anEmptyWindowListIsReported() {
        let text = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [], staff: zhang-wei, password: clerk12345}")
        expectOnlyProblem(in: text, onLineOf: "username: zhangwei", saying: "'windows' of account 'zhangwei' is empty")
    }

    @Test func aWindowListedTwiceOrNotANumberIsReported() {
        let twice = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [1, 1], staff: zhang-wei, password: clerk12345}")
        expectOnlyProblem(in: twice, onLineOf: "username: zhangwei", saying: "window 1 is listed twice")
        let word = hall(
            replacing: clerkLine, with: "{username: zhangwei, role: clerk, windows: [one], staff: zhang-wei, password: clerk12345}")
        expectOnlyProblem(in: word, onLineOf: "username: zhangwei", saying: "must be a whole number")
    }

    @Test func anAdministratorWithWindowsIsReported() {
        let text = hall(
            replacing: "{username: admin, role: admin, password: admin12345}",
            with: "{username: admin, role: admin, windows: [1], password: admin12345}")
        expectOnlyProblem(in: text, onLineOf: "username: admin", saying: "only clerks are bound to windows")
    }

    @Test func aShortEvaluatorTokenIsRefusedWithItsLine() {
        let text = hall(replacing: "evaluator_token: evaluator-token-two-0002", with: "evaluator_token: demo-evaluator-2")
        expectOnlyProblem(in: text, onLineOf: "evaluator_token: demo-evaluator-2", saying: "at least 20 letters, digits, '-' or '_'")
        let found = problems(in: text)
        #expect(!(found.first?.message.contains("demo-evaluator-2") ?? true), "the token itself is not printed")
    }

    @Test func anEvaluatorTokenWithOtherCharactersIsRefused() {
        let text = hall(replacing: "evaluator_token: evaluator-token-two-0002", with: "evaluator_token: \"evaluator token two 0002\"")
        expectOnlyProblem(in: text, onLineOf: "evaluator_token: \"evaluator token", saying: "at least 20 letters, digits, '-' or '_'")
        let wide = hall(replacing: "evaluator_token: evaluator-token-two-0002", with: "evaluator_token: 评价器令牌评价器令牌评价器令牌评价器令牌评价")
        expectOnlyProblem(in: wide, onLineOf: "evaluator_token: 评价器", saying: "at least 20 letters")
    }

    @Test func aTwentyCharacterTokenIsAccepted() throws {
        let text = hall(replacing: "evaluator_token: evaluator-token-two-0002", with: "evaluator_token: abcdefghij_0123456789")
        let file = try HallFileLoader.parse(yaml: text, file: "test-hall.yaml")
        #expect(file.evaluatorTokens[2] == "abcdefghij_0123456789")
    }
}
