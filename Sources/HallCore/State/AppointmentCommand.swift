import Foundation

/// What can be asked about appointments (预约); ``HallCommand/appointment(_:)`` carries it.
public enum AppointmentCommand: Sendable, Hashable {
    /// Book a slot for a resident (on the phone page, or by the guide desk or a clerk).
    case book(AppointmentRequest)
    /// The resident arrived: a ticket carrying the slot (``Visit/appointmentAt``), so the window
    /// calls it first once the slot has started. `secret` is the new ticket's code.
    case checkIn(AppointmentKey, secret: String)
    /// Appointments not checked in within the grace period after their slot started are released
    /// as missed (and counted). Nothing happens when there are none.
    case releaseMissed
    // MARK: account-3
    /// The resident cancels a booked appointment with its code, before it lapses: the place is free again.
    case cancel(code: String)
}

extension HallState {
    /// The book of appointments, kept across days (see ``restoreAppointments(_:)``).
    public var appointmentBook: AppointmentBook { appointmentsKept }

    /// Puts the appointments read from their projection table in place (at start, before the
    /// day's journal is replayed): those the day's start keeps, the booked ones and those of
    /// ``AppointmentBook/firstKeptDay(dayStarted:)`` on.
    public mutating func restoreAppointments(_ appointments: [Appointment]) {
        appointmentsKept = AppointmentBook(appointments)
    }

    /// The bookable slots of `service` from today on, with the places left; empty when it is not bookable.
    public func appointmentSlots(service: String, at now: Date) -> [AppointmentSlot] {
        guard let rule = configuration.appointmentPolicy.rule(for: service) else { return [] }
        let offset = configuration.schedule.utcOffsetMinutes
        let today = LocalDate.local(now, utcOffsetMinutes: offset).date
        var slots: [AppointmentSlot] = []
        for ahead in 0...max(0, rule.daysAhead) {
            let day = today.adding(days: ahead)
            for start in Self.slotStarts(configuration.schedule.periods(on: day))
            where day.instant(minute: start, utcOffsetMinutes: offset) > now {
                let taken = appointmentsKept.taken(service: service, day: day, slot: start)
                slots.append(
                    AppointmentSlot(day: day, start: start, remaining: max(0, rule.perHalfHour - taken), capacity: rule.perHalfHour))
            }
        }
        return slots
    }

    /// Half hours that fit whole inside the opening periods.
    static func slotStarts(_ periods: [OpeningPeriod]) -> [Int] {
        periods.flatMap { period in
            stride(from: period.start, through: period.end - AppointmentPolicy.slotMinutes, by: AppointmentPolicy.slotMinutes)
        }
    }

    func decide(appointment command: AppointmentCommand, at now: Date) throws(HallError) -> [HallEvent] {
        switch command {
        case .book(let request):
            return [.appointment(.booked(try book(request, at: now)))]
        case .checkIn(let key, let secret):
            return try checkIn(key, secret: secret, at: now)
        case .releaseMissed:
            let offset = configuration.schedule.utcOffsetMinutes
            let grace = Double(configuration.appointmentPolicy.graceMinutes * 60)
            return appointmentsKept.appointments.values
                .filter { $0.status == .booked && now.timeIntervalSince($0.start(utcOffsetMinutes: offset)) > grace }
                .sorted { ($0.day, $0.slot, $0.code) < ($1.day, $1.slot, $1.code) }
                .map { .appointment(.missed(code: $0.code)) }
        // MARK: account-3
        case .cancel(let code):
            return [try cancel(code: code, at: now)]
        }
    }

    // MARK: account-3
    private func cancel(code: String, at now: Date) throws(HallError) -> HallEvent {
        guard let appointment = appointmentsKept.appointment(code: code) else {
            throw HallError(.notFound, "unknown_appointment", zh: "没有找到预约：请核对预约码", en: "No appointment has this code: check it")
        }
        if let refusal = cancelRefusal(appointment, at: now) { throw refusal }
        return .appointment(.cancelled(code: appointment.code))
    }

    /// Why `appointment` cannot be cancelled at `now`, nil when it can: also for one read from the
    /// projection after it left the book.
    public func cancelRefusal(_ appointment: Appointment, at now: Date) -> HallError? {
        let start = appointment.start(utcOffsetMinutes: configuration.schedule.utcOffsetMinutes)
        let late = now.timeIntervalSince(start) > Double(configuration.appointmentPolicy.graceMinutes * 60)
        switch appointment.status {
        case .checkedIn:
            return HallError(
                .conflict, "already_checked_in", zh: "该预约已签到取号，不能取消", en: "This appointment has checked in; it cannot be cancelled")
        case .cancelled:
            return HallError(.conflict, "already_cancelled", zh: "该预约已取消", en: "This appointment is cancelled already")
        case .missed:
            return HallError(.conflict, "appointment_missed", zh: "预约已过期", en: "The appointment has lapsed")
        case .booked where late:
            return HallError(.conflict, "appointment_missed", zh: "预约已过期", en: "The appointment has lapsed")
        case .booked:
            return nil
        }
    }

    private func book(_ r: AppointmentRequest, at now: Date) throws(HallError) -> Appointment {
        guard configuration.service(r.serviceID) != nil else { throw .unknownService(r.serviceID) }
        guard configuration.appointmentPolicy.rule(for: r.serviceID) != nil else {
            throw HallError(.conflict, "not_bookable", zh: "该业务不接受预约", en: "This service takes no appointments")
        }
        let name = try TextLimit.residentName.check(r.name)
        guard !name.isEmpty else { throw HallError(.invalid, "name_required", zh: "请填写姓名", en: "Give the resident's name") }
        guard Self.isMobilePhone(r.phone) else {
            throw HallError(.invalid, "bad_phone", zh: "请填写11位手机号码", en: "Give an 11-digit mobile phone number")
        }
        guard let slot = appointmentSlots(service: r.serviceID, at: now).first(where: { $0.day == r.day && $0.start == r.slot }) else {
            throw HallError(
                .conflict, "slot_unavailable", zh: "该时段不能预约：不在办公时间、已过或超出可预约天数",
                en: "That slot cannot be booked: the hall is closed then, it has passed, or it is too far ahead")
        }
        guard slot.remaining > 0 else {
            throw HallError(.conflict, "slot_full", zh: "该时段已约满，请选择其他时段", en: "That slot is fully booked; choose another")
        }
        if appointmentsKept.appointments.values.contains(where: {
            $0.phone == r.phone && $0.serviceID == r.serviceID && $0.day == r.day && $0.status.holdsSlot
        }) {
            throw HallError(
                .conflict, "already_booked", zh: "该手机号当天已预约此业务", en: "This phone already holds an appointment for this service that day")
        }
        // The book knows the codes of the last month and ahead; the runtime draws codes the
        // projection does not hold (`AppointmentController`), so an old code is never reused.
        guard appointmentsKept.appointment(code: r.code) == nil else {
            throw HallError(.conflict, "code_taken", zh: "预约码重复，请重试", en: "The appointment code is taken; try again")
        }
        return Appointment(
            code: r.code, serviceID: r.serviceID, day: r.day, slot: r.slot, name: name, phone: r.phone, bookedAt: now, bookedBy: r.by)
    }

    private func checkIn(_ key: AppointmentKey, secret: String, at now: Date) throws(HallError) -> [HallEvent] {
        let today = LocalDate.local(now, utcOffsetMinutes: configuration.schedule.utcOffsetMinutes).date
        guard let appointment = appointmentsKept.find(key, on: today) else {
            throw HallError(
                .notFound, "unknown_appointment", zh: "没有找到预约：请核对预约码，或手机号与姓名",
                en: "No appointment found: check the code, or the phone number and name")
        }
        if let refusal = checkInRefusal(appointment, at: now) { throw refusal }
        let start = appointment.start(utcOffsetMinutes: configuration.schedule.utcOffsetMinutes)
        let ticket = try issue(serviceID: appointment.serviceID, priority: .normal, secret: secret, appointmentAt: start, at: now)
        guard case .ticketIssued(let issued) = ticket else { return [ticket] }
        return [ticket, .appointment(.checkedIn(code: appointment.code, visitID: issued.visitID))]
    }

    /// Why `appointment` cannot check in at `now`, nil when it can: also for one read from the
    /// projection after it left the book.
    public func checkInRefusal(_ appointment: Appointment, at now: Date) -> HallError? {
        let offset = configuration.schedule.utcOffsetMinutes
        guard appointment.day == LocalDate.local(now, utcOffsetMinutes: offset).date else {
            return HallError(
                .conflict, "not_today", zh: "您的预约在\(appointment.day) \(OpeningPeriod.format(appointment.slot))，不是今天",
                en: "Your appointment is on \(appointment.day) at \(OpeningPeriod.format(appointment.slot)), not today")
        }
        let start = appointment.start(utcOffsetMinutes: offset)
        let late = now.timeIntervalSince(start) > Double(configuration.appointmentPolicy.graceMinutes * 60)
        switch appointment.status {
        case .checkedIn:
            return HallError(.conflict, "already_checked_in", zh: "该预约已签到取号", en: "This appointment has checked in already")
        case .missed, .cancelled:
            return HallError(.conflict, "appointment_missed", zh: "预约已过期，请正常取号", en: "The appointment has lapsed; take a normal ticket")
        case .booked where late:
            return HallError(.conflict, "appointment_missed", zh: "预约已过期，请正常取号", en: "The appointment has lapsed; take a normal ticket")
        case .booked:
            return nil
        }
    }

    /// A mainland mobile number: 11 digits starting with 1.
    static func isMobilePhone(_ text: String) -> Bool {
        text.count == 11 && text.first == "1" && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension TextLimit {
    /// A resident's name given for an appointment, a consultation or a home-service request.
    public static let residentName = TextLimit(field: LocalizedText(zh: "姓名", en: "name"), maxCharacters: 20)
}
