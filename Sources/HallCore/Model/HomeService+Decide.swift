import Foundation

extension HallState {
    /// The home-service requests, kept across days (``restoreHomeServices(_:)``).
    public var homeServiceBook: HomeServiceBook { homeServicesKept }

    /// Puts the requests read from their projection table in place (at start).
    public mutating func restoreHomeServices(_ requests: [HomeServiceRequest]) {
        homeServicesKept = HomeServiceBook(requests)
    }

    func decide(guideDesk command: GuideDeskCommand, at now: Date) throws(HallError) -> [HallEvent] {
        switch command {
        case .logConsultation(var c):
            c.question = try TextLimit.consultationText.check(c.question)
            guard !c.question.isEmpty else {
                throw HallError(.invalid, "question_required", zh: "请填写咨询的问题", en: "Write down the question asked")
            }
            c.answer = try Self.optional(c.answer, TextLimit.consultationText)
            c.referral = try Self.optional(c.referral, TextLimit.consultationText)
            guard c.answer != nil || c.referral != nil else {
                throw HallError(
                    .invalid, "answer_required", zh: "首问负责：请填写答复，或告知的受理部门", en: "Give the answer, or the department referred to")
            }
            if let service = c.serviceID, configuration.service(service) == nil { throw .unknownService(service) }
            return [.guideDesk(.consultationLogged(c))]
        case .registerHomeService(var r):
            r.name = try TextLimit.residentName.check(r.name)
            r.address = try TextLimit.consultationText.check(r.address)
            r.matter = try TextLimit.consultationText.check(r.matter)
            guard !r.name.isEmpty, !r.address.isEmpty, !r.matter.isEmpty else {
                throw HallError(
                    .invalid, "home_service_incomplete", zh: "上门服务须写明姓名、地址和事项", en: "A home visit needs the name, address and matter")
            }
            guard Self.isMobilePhone(r.phone) else {
                throw HallError(.invalid, "bad_phone", zh: "请填写11位手机号码", en: "Give an 11-digit mobile phone number")
            }
            guard homeServicesKept.requests[r.id] == nil else {
                throw HallError(.conflict, "id_taken", zh: "编号重复，请重试", en: "The id is taken; try again")
            }
            r.requestedAt = now
            r.doneAt = nil
            r.doneBy = nil
            r.result = nil
            return [.guideDesk(.homeServiceRegistered(r))]
        case .completeHomeService(let id, let result, let by):
            guard let request = homeServicesKept.requests[id] else {
                throw HallError(.notFound, "unknown_home_service", zh: "没有该上门服务登记", en: "No such home-service request")
            }
            guard !request.isDone else {
                throw HallError(.conflict, "already_done", zh: "该上门服务已办结", en: "This home visit is done already")
            }
            let result = try TextLimit.consultationText.check(result)
            guard !result.isEmpty else {
                throw HallError(.invalid, "result_required", zh: "请填写办理结果", en: "Write down what was done")
            }
            return [.guideDesk(.homeServiceDone(id: id, result: result, by: by))]
        }
    }

    private static func optional(_ text: String?, _ limit: TextLimit) throws(HallError) -> String? {
        guard let text else { return nil }
        let checked = try limit.check(text)
        return checked.isEmpty ? nil : checked
    }
}
