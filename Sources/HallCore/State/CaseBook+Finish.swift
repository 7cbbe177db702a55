import Foundation

extension TextLimit {
    /// 延期理由, on the case page and in the journal.
    public static let extensionReason = TextLimit(field: LocalizedText(zh: "延期理由", en: "extension reason"), maxCharacters: 200)
    /// One missing paper on a one-time notice.
    public static let missingPaper = TextLimit(field: LocalizedText(zh: "需补正材料", en: "missing paper"), maxCharacters: 80)
    /// 不予受理的理由.
    public static let refusalReason = TextLimit(field: LocalizedText(zh: "不予受理理由", en: "refusal reason"), maxCharacters: 200)
    /// 法律依据, e.g. 《…条例》第…条.
    public static let legalBasis = TextLimit(field: LocalizedText(zh: "法律依据", en: "legal basis"), maxCharacters: 200)
    /// The competent department of a referral, and its address.
    public static let department = TextLimit(field: LocalizedText(zh: "受理部门", en: "department"), maxCharacters: 60)
    public static let address = TextLimit(field: LocalizedText(zh: "地址", en: "address"), maxCharacters: 100)
    public static let phone = TextLimit(field: LocalizedText(zh: "电话", en: "phone"), maxCharacters: 20)
    public static let applicantName = TextLimit(field: LocalizedText(zh: "申请人姓名", en: "applicant's name"), maxCharacters: 20)
}

extension HallState {
    /// The events of finishing window `n`'s current visit with `outcome`: `visitFinished`, then
    /// `visitOutcome`, then for an accepted visit `caseAccepted` with the case number and the promised
    /// date counted in statutory working days from today.
    func finish(window n: Int, outcome: VisitOutcome, intake: CaseIntake?, at now: Date) throws(HallError) -> [HallEvent] {
        guard let id = windows[n]?.current, let visit = visits[id] else {
            throw windows[n] == nil ? .unknownWindow(n) : .noCurrentVisit(n)
        }
        let by = windows[n]?.staffID
        let outcome = try HallState.checked(outcome)
        var caseEvent: HallEvent?
        if outcome == .accepted {
            caseEvent = .caseAccepted(try accept(visit: visit, intake: intake, by: by, at: now))
        }
        let caseNumber: String? =
            if case .caseAccepted(let a) = caseEvent { a.caseNumber } else { nil }
        let recorded = VisitOutcomeRecorded(
            visitID: visit.id, window: n, serviceID: visit.serviceID, outcome: outcome, caseNumber: caseNumber, by: by)
        return [.visitFinished(visitID: visit.id, window: n, staffID: by), .visitOutcome(recorded)] + (caseEvent.map { [$0] } ?? [])
    }

    /// Whether `document` may be printed for `visitID`: the visit's outcome today is the document's,
    /// or (a receipt printed again on a later day) the visit opened a case.
    func recordPrint(visitID: String, document: CaseDocument, by: String?) throws(HallError) -> HallEvent {
        if let recorded = outcomes[visitID] {
            guard recorded.outcome.kind == document.outcome else {
                throw HallError(
                    .conflict, "wrong_document", zh: "该办件的办理结果为“\(recorded.outcome.kind.label.zh)”，不能打印\(document.title.zh)",
                    en: "The visit's outcome is “\(recorded.outcome.kind.label.en)”: no \(document.title.en) for it")
            }
            return .documentPrinted(visitID: visitID, document: document, caseNumber: recorded.caseNumber, by: by)
        }
        if document == .receipt, let record = cases.caseOpened(at: visitID) {
            return .documentPrinted(visitID: visitID, document: document, caseNumber: record.number, by: by)
        }
        throw HallError(.notFound, "no_outcome", zh: "该办件尚无办理结果：\(visitID)", en: "No outcome is recorded for \(visitID)")
    }

    private func accept(visit: Visit, intake: CaseIntake?, by: String?, at now: Date) throws(HallError) -> CaseAccepted {
        guard let intake else {
            throw HallError(.invalid, "intake_required", zh: "受理须填写办件信息", en: "Accepting needs the case's details")
        }
        guard intake.code.count >= 16, cases.caseWith(code: intake.code) == nil else {
            throw HallError(.invalid, "bad_case_code", zh: "办件查询码无效", en: "The case code is too short or already in use")
        }
        let name = try intake.applicantName.map { text throws(HallError) in try TextLimit.applicantName.check(text) }
        let phone = try intake.applicantPhone.map { text throws(HallError) in try HallState.checkedPhone(text) }
        let days = intake.workingDays ?? configuration.service(visit.serviceID)?.timeLimitDays ?? 0
        guard (0...365).contains(days) else {
            throw HallError(.invalid, "bad_working_days", zh: "办理时限须为0至365个工作日", en: "The time limit must be 0 to 365 working days")
        }
        let schedule = configuration.schedule
        let today = LocalDate.local(now, utcOffsetMinutes: schedule.utcOffsetMinutes).date
        return CaseAccepted(
            caseNumber: cases.nextNumber(on: today), code: intake.code, visitID: visit.id, serviceID: visit.serviceID,
            applicantName: name?.isEmpty == true ? nil : name, applicantPhone: phone?.isEmpty == true ? nil : phone,
            promisedDate: schedule.adding(workingDays: days, to: today), by: by)
    }

    /// The outcome with its texts trimmed and bounded, or the refusal naming what is missing.
    static func checked(_ outcome: VisitOutcome) throws(HallError) -> VisitOutcome {
        func required(_ text: String, _ limit: TextLimit) throws(HallError) -> String {
            let text = try limit.check(text)
            guard !text.isEmpty else {
                throw HallError(.invalid, "outcome_detail_required", zh: "请填写\(limit.field.zh)", en: "The \(limit.field.en) is required")
            }
            return text
        }
        switch outcome {
        case .settled, .accepted, .consultation, .proxy:
            return outcome
        case .papersMissing(let missing):
            var papers: [String] = []
            for paper in missing {
                let paper = try TextLimit.missingPaper.check(paper)
                if !paper.isEmpty { papers.append(paper) }
            }
            guard !papers.isEmpty, papers.count <= 20 else {
                throw HallError(
                    .invalid, "outcome_detail_required", zh: "请列出需补正的材料（1至20项）", en: "List the missing papers (1 to 20)")
            }
            return .papersMissing(missing: papers)
        case .refused(let reason, let basis):
            return .refused(reason: try required(reason, .refusalReason), basis: try required(basis, .legalBasis))
        case .referred(let r):
            return .referred(
                Referral(
                    department: try required(r.department, .department), phone: try checkedPhone(required(r.phone, .phone)),
                    address: try required(r.address, .address)))
        }
    }

    /// A phone number: digits with optional `-`, `+` and spaces, at most 20 characters.
    static func checkedPhone(_ text: String) throws(HallError) -> String {
        let phone = try TextLimit.phone.check(text)
        guard phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }) else {
            throw HallError(.invalid, "bad_phone", zh: "电话号码只能含数字和“-”", en: "A phone number holds digits and dashes only")
        }
        return phone
    }
}
