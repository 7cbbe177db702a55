import Foundation
import HallConfig
import HallCore
import Testing

/// The hall file's reports settings: `policy.wait_target_minutes` and the `appraisal:` weights.
@Suite("The appraisal section and the wait target")
struct AppraisalSectionTests {
    static let section = """

        policy:
          wait_target_minutes: 15
        appraisal:
          satisfaction: 50
          on_time: 10
          attendance: 25
          visits: 15
          bad_rating_penalty: 3
          complaint_penalty: 8
        """

    @Test("the weights and the target are read, and written back to the same values")
    func readAndWritten() throws {
        let file = try HallFileLoader.parse(yaml: validHall + Self.section, file: "test-hall.yaml")
        let policy = file.configuration.policy
        #expect(policy.waitTargetMinutes == 15)
        #expect(
            policy.appraisal
                == AppraisalWeights(satisfaction: 50, onTime: 10, attendance: 25, visits: 15, badRatingPenalty: 3, complaintPenalty: 8))
        let again = try HallFileLoader.parse(yaml: HallFileWriter.yaml(for: file), file: "written.yaml")
        #expect(again.configuration.policy == policy)
    }

    @Test("without the section the defaults apply: 40/20/20/20, penalties 2 and 5, target 20 minutes")
    func defaults() throws {
        let policy = try HallFileLoader.parse(yaml: validHall, file: "test-hall.yaml").configuration.policy
        #expect(policy.waitTargetMinutes == 20)
        #expect(policy.appraisal == AppraisalWeights())
    }

    @Test("weights that do not add up to 100 are a problem on the section's line")
    func weightsMustAddUp() {
        let text = validHall + Self.section.replacingOccurrences(of: "satisfaction: 50", with: "satisfaction: 60")
        expectOnlyProblem(in: text, onLineOf: "satisfaction: 60", saying: "must add up to 100, not 110")
    }
}
