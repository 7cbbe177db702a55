import Foundation

/// The complaints and suggestions still open (received, assigned or replied but not closed), and
/// those closed lately: they outlive the day, so the book is rebuilt at start from its own
/// projection, then kept by the events. Pure like ``HallState``.
///
/// A complaint closed more than ``CaseBook/keptClosedDays`` ago leaves the book when a day starts
/// (``forgetClosed(before:)``): the projection (`complaints` table) keeps it for the resident's
/// page, the admin list and the reports. A replied complaint is not closed yet: it stays.
public struct ComplaintBook: Sendable, Hashable {
    public private(set) var items: [String: Complaint] = [:]

    public init(_ complaints: [Complaint] = []) {
        for complaint in complaints { items[complaint.id] = complaint }
    }

    /// Drops the complaints closed before `cutoff` (``CaseBook/forgettingCutoff(dayStartedAt:)``).
    public mutating func forgetClosed(before cutoff: Date) {
        for (code, complaint) in items where complaint.status == .closed && (complaint.closedAt ?? .distantPast) < cutoff {
            items[code] = nil
        }
    }

    public subscript(code: String) -> Complaint? { items[code] }

    /// Newest first.
    public var all: [Complaint] { items.values.sorted { ($0.submittedAt, $0.id) > ($1.submittedAt, $1.id) } }

    public func decide(_ command: ComplaintCommand, at now: Date, configuration: HallConfiguration) throws(HallError) -> [ComplaintEvent] {
        switch command {
        case .submit(let code, let category, let channel, let text, let phone, let ticket):
            // The book knows the codes still open or closed lately; the runtime draws codes the
            // projection does not hold (`ComplaintController`), so an old code is never reused.
            guard items[code] == nil, !code.isEmpty else {
                throw HallError(.conflict, "duplicate_code", zh: "编号重复，请重试", en: "That code is taken; try again")
            }
            let text = try Self.text(text, .complaintText)
            let phone = try Self.phone(phone)
            let ticket = try ticket.map { t throws(HallError) in try TextLimit.complaintTicket.check(t) }
            let schedule = configuration.schedule
            let today = LocalDate.local(now, utcOffsetMinutes: schedule.utcOffsetMinutes).date
            let due = schedule.adding(workingDays: configuration.alertPolicy.complaintDueWorkingDays, to: today)
            return [
                .submitted(
                    ComplaintEvent.Submission(
                        id: code, category: category, channel: channel, text: text, phone: phone,
                        ticket: ticket?.isEmpty == false ? ticket : nil, due: due))
            ]
        case .write(let code, let text):
            let complaint = try open(code)
            guard complaint.text == nil else {
                throw HallError(.conflict, "already_written", zh: "该投诉建议已填写内容", en: "This complaint already has its text")
            }
            guard let text = try Self.text(text, .complaintText) else {
                throw HallError(.invalid, "text_required", zh: "请填写投诉建议内容", en: "Write the complaint or suggestion")
            }
            return [.written(id: code, text: text)]
        case .assign(let code, let staffID, let by):
            let complaint = try open(code)
            guard configuration.staffMember(staffID) != nil else {
                throw HallError(.notFound, "unknown_staff", zh: "没有该工作人员：\(staffID)", en: "Unknown staff member: \(staffID)")
            }
            if complaint.owner == staffID {
                throw HallError(.conflict, "already_assigned", zh: "该投诉建议已由此人负责", en: "The complaint is already assigned to them")
            }
            return [.assigned(id: code, staffID: staffID, by: by)]
        case .reply(let code, let text, let by):
            _ = try open(code)
            guard let text = try Self.text(text, .complaintReply) else {
                throw HallError(.invalid, "reply_required", zh: "请填写答复内容", en: "Write the reply")
            }
            return [.replied(id: code, text: text, by: by)]
        case .close(let code, let by):
            let complaint = try open(code)
            guard complaint.reply != nil else {
                throw HallError(.conflict, "not_replied", zh: "请先答复再办结", en: "Reply before closing")
            }
            return [.closed(id: code, by: by)]
        }
    }

    public mutating func apply(_ event: ComplaintEvent, at: Date) {
        if case .submitted(let s) = event {
            if items[s.id] == nil { items[s.id] = Complaint(s, at: at) }
            return
        }
        items[event.id]?.apply(event, at: at)
    }

    private func open(_ code: String) throws(HallError) -> Complaint {
        guard let complaint = items[code] else {
            throw HallError(.notFound, "unknown_complaint", zh: "没有该投诉建议：\(code)", en: "Unknown complaint: \(code)")
        }
        guard complaint.status != .closed else {
            throw HallError(.conflict, "complaint_closed", zh: "该投诉建议已办结", en: "The complaint is closed")
        }
        return complaint
    }

    /// A resident's text on one line (a phone's line breaks become spaces), nil when empty.
    private static func text(_ text: String?, _ limit: TextLimit) throws(HallError) -> String? {
        guard let text else { return nil }
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let checked = try limit.check(line)
        return checked.isEmpty ? nil : checked
    }

    /// A phone number: digits, with `-`, `+` or spaces between; nil when none was left.
    private static func phone(_ phone: String?) throws(HallError) -> String? {
        guard let phone = try phone.map({ p throws(HallError) in try TextLimit.complaintPhone.check(p) }), !phone.isEmpty else {
            return nil
        }
        let digits = phone.filter(\.isASCII).filter(\.isNumber)
        guard digits.count >= 7, phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }) else {
            throw HallError(.invalid, "bad_phone", zh: "联系电话格式不正确", en: "That is not a phone number")
        }
        return phone
    }
}
