public import Foundation
public import HallCore

/// 公布考核结果: the appraisal sheet's figures as the information board shows them, by window — the
/// window's name and the member of staff who holds it (the name every board already shows: the
/// presence board, the window board) with their month's visits served, satisfaction rate, on-time
/// rate and score, exactly as ``AppraisalSheet`` has them. No resident, no rating reason, no
/// complaint text, nobody's phone; windows nobody holds in the hall file are left out.
public struct PublicAppraisal: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var window: Int
        public var windowName: LocalizedText
        public var staffName: String
        /// Visits the member of staff finished in the month.
        public var served: Int
        /// 基本满意 or better over rated (0–1); nil when nobody rated.
        public var satisfactionRate: Double?
        /// Cases settled on time over cases finished (0–1); nil when none finished.
        public var onTimeRate: Double?
        /// Out of 100, as on the sheet (which prints it with one decimal).
        public var score: Double
    }

    /// YYYY-MM.
    public var month: String
    public var rows: [Row]

    public init(_ sheet: AppraisalSheet, windows: [Window]) {
        month = sheet.month.description
        let subjects = Dictionary(sheet.subjects.map { ($0.staff.id, $0) }, uniquingKeysWith: { a, _ in a })
        rows = windows.sorted { $0.number < $1.number }.compactMap { window in
            guard let subject = window.staffID.flatMap({ subjects[$0] }) else { return nil }
            return Row(
                window: window.number, windowName: window.name, staffName: subject.staff.name, served: subject.served.count,
                satisfactionRate: subject.satisfactionRate, onTimeRate: subject.cases.onTimeRate,
                score: subject.score)
        }
    }
}

extension ReportMonth {
    /// The month before this one.
    public var previous: ReportMonth {
        var previous = self
        if month == 1 {
            previous.year -= 1
            previous.month = 12
        } else {
            previous.month -= 1
        }
        return previous
    }
}
