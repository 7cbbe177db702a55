import Foundation
import HallConfig
import HallCore
import Testing

/// Broken YAML still comes out as `file:line:column: reason`.
@Suite struct SyntaxErrorTests {
    @Test func anUnclosedListIsReportedWhereItStarted() {
        let text = hall(
            replacing: "tue: [\"08:30-12:00\", \"14:00-17:30\"]", with: "tue: [\"08:30-12:00\", \"14:00-17:30\"")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        let problem = found.first
        #expect(problem?.message.hasPrefix("YAML syntax error: did not find expected ',' or ']'") == true)
        #expect(
            problem?.message.contains("while parsing a flow sequence on line \(line(of: "tue:", in: text))") == true)
        #expect(problem?.description.hasPrefix("test-hall.yaml:\(problem?.line ?? 0):") == true)
    }

    @Test func aTabUsedForIndentationIsReportedOnItsLine() {
        let text = hall(replacing: "    prefix: B", with: "\tprefix: B")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.line == line(of: "\tprefix: B", in: text))
        #expect(
            found.first?.message.hasPrefix("YAML syntax error: found a tab character that violates indentation")
                == true, "\(ConfigErrors(found))")
        #expect(found.first?.message.hasSuffix("indent with spaces, YAML does not allow tabs") == true)
    }

    @Test func aKeyGivenTwiceIsReported() {
        let text = hall(replacing: "    prefix: B\n", with: "    prefix: B\n    prefix: C\n")
        let found = problems(in: text)
        #expect(found.count == 1, "\(ConfigErrors(found))")
        #expect(found.first?.message == "duplicate key 'prefix' in the same mapping")
        #expect(found.first?.line == line(of: "prefix: B", in: text))
    }

    @Test func anEmptyFileIsReported() {
        let found = problems(in: "# nothing yet\n")
        #expect(
            found.map(\.description) == [
                "test-hall.yaml:1:1: the hall file is empty; see Halls/demo-hall.yaml for a complete example"
            ])
    }

    @Test func aListAtTheTopIsReported() {
        let found = problems(in: "- hall\n- schedule\n")
        #expect(found.first?.message == "the hall file must be a mapping of keys to values, found a list")
    }

    @Test func aMissingFileIsReportedWithItsPath() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-hall-\(UUID()).yaml").path
        #expect {
            try HallFileLoader.load(path: path)
        } throws: { error in
            let problems = (error as? ConfigErrors)?.problems ?? []
            return problems.count == 1 && problems[0].file == path
                && problems[0].message.hasPrefix("cannot read the hall file")
        }
    }

    @Test func aMissingPhotoIsReportedWhenLoadingFromDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hall-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = hall(
            replacing: "phone: \"13800000001\"}", with: "phone: \"13800000001\", photo: photos/zhang-wei.svg}")
        let path = folder.appendingPathComponent("hall.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        do {
            _ = try HallFileLoader.load(path: path)
            Issue.record("a missing photo must be reported")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.line == line(of: "photos/zhang-wei.svg", in: text))
            #expect(error.problems.first?.message.hasPrefix("photo 'photos/zhang-wei.svg' not found") == true)
        }

        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("photos"), withIntermediateDirectories: true)
        try "<svg/>".write(to: folder.appendingPathComponent("photos/zhang-wei.svg"), atomically: true, encoding: .utf8)
        let file = try HallFileLoader.load(path: path)
        #expect(file.configuration.staffMember("zhang-wei")?.photo == "photos/zhang-wei.svg")
        #expect(
            HallFileLoader.resolve(photo: "photos/zhang-wei.svg", relativeToHallFile: path)
                == folder.appendingPathComponent("photos/zhang-wei.svg").path)
    }
}
