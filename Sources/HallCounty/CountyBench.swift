import Foundation
import HallCore
import HallReports
import Logging
import PostgresNIO

/// `hall county bench`: the county database measured on this machine.
///
/// 1. Ingest: every hall's first five working days, made and redacted beforehand (the halls' work),
///    then sent by all halls at once in batches of 5 000 through ``CountyIngest`` (the forwarder's
///    own transaction): events per second the county database absorbs.
/// 2. The rest of a county: `halls` halls × `days` working days × `visitsPerDay` visits, made and
///    forwarded by one connection per hall at once.
/// 3. The county monthly report over all of it, from the projections (best of five), and the county
///    report document (every hall's monthly report from its forwarded events), once.
public struct CountyBench: Sendable {
    let target: CountyTarget
    let halls: Int
    let days: Int
    let visitsPerDay: Int

    public init(target: CountyTarget, halls: Int, days: Int, visitsPerDay: Int) {
        self.target = target
        self.halls = halls
        self.days = days
        self.visitsPerDay = visitsPerDay
    }

    public func run(print: @escaping @Sendable (String) -> Void) async throws {
        let logger = {
            var logger = Logger(label: "county-bench")
            logger.logLevel = .warning
            return logger
        }()
        let configuration = try target.connectionConfiguration()
        let setup = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await CountySchema.migrate(setup, logger: logger)
        for try await count in try await setup.query("SELECT count(*) FROM halls", logger: logger).decode(Int64.self) where count > 0 {
            try? await setup.close()
            throw BenchProblem.notEmpty
        }
        try await setup.close()
        print("county bench: \(target.display), \(halls) halls × \(days) working days × \(visitsPerDay) visits a day")

        // 1. Ingest: the first working days of every hall, made and redacted beforehand (that is the
        //    halls' work, each on its own machine), then committed by every hall at once, one
        //    connection each, in batches of 5 000 through the forwarder's own transaction: what the
        //    county database absorbs.
        let ingestDays = min(days, 5)
        let keys = (0..<halls).map { _ in CountyReferences.random() }
        let heads = try await withThrowingTaskGroup(of: (Int, CountyDayGenerator, [[CountyRecord]]).self) { group in
            for hall in 0..<halls {
                group.addTask {
                    var generator = CountyDayGenerator(seed: UInt64(hall + 1), visitsPerDay: visitsPerDay)
                    var records: [CountyRecord] = []
                    for day in 0..<ingestDays {
                        records += generator.day(CountyDayGenerator.workingDay(day)).map {
                            CountyRedaction.record($0, references: keys[hall])
                        }
                    }
                    let batches = stride(from: 0, to: records.count, by: 5_000).map { Array(records[$0..<min($0 + 5_000, records.count)]) }
                    return (hall, generator, batches)
                }
            }
            var all: [(Int, CountyDayGenerator, [[CountyRecord]])] = []
            for try await head in group { all.append(head) }
            return all.sorted { $0.0 < $1.0 }
        }
        let start = ContinuousClock.now
        let ingested = try await withThrowingTaskGroup(of: Int.self) { group in
            for (hall, _, batches) in heads {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: hall + 1, logger: logger)
                    let ingest = CountyIngest(hallID: String(format: "hall-%02d", hall + 1), logger: logger)
                    var partitions = Set<String>()
                    // The hall's configuration goes with its first batch, as a forwarder sends it.
                    var profile: CountyHallProfile? = Self.profile(hall: hall + 1)
                    for batch in batches {
                        try await ingest.commit(batch, profile: profile, on: connection, knownPartitions: &partitions)
                        profile = nil
                    }
                    try await connection.close()
                    return batches.reduce(0) { $0 + $1.count }
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (ContinuousClock.now - start).seconds
        print(
            String(
                format: "ingest into PostgreSQL: %d events of %d halls × %d days in %.1f s = %.0f events/s (goal ≥ 50 000/s)", ingested,
                halls, ingestDays, seconds, Double(ingested) / seconds))

        // 2. The rest of the county year: every hall at once, making its days as it sends them.
        let yearStart = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for (hall, generator, _) in heads {
                group.addTask {
                    var generator = generator
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: hall + 1, logger: logger)
                    let ingest = CountyIngest(hallID: String(format: "hall-%02d", hall + 1), logger: logger)
                    var partitions = Set<String>()
                    var sent = 0
                    var batch: [CountyRecord] = []
                    for day in ingestDays..<days {
                        for entry in generator.day(CountyDayGenerator.workingDay(day)) {
                            batch.append(CountyRedaction.record(entry, references: keys[hall]))
                            if batch.count == 5_000 {
                                try await ingest.commit(batch, on: connection, knownPartitions: &partitions)
                                sent += batch.count
                                batch.removeAll(keepingCapacity: true)
                            }
                        }
                    }
                    if !batch.isEmpty { try await ingest.commit(batch, on: connection, knownPartitions: &partitions) }
                    try await connection.close()
                    return sent + batch.count
                }
            }
            return try await group.reduce(0, +)
        }
        print(
            String(
                format: "county year: %d more events made, redacted and sent in %.1f s (%d events in all)", total,
                (ContinuousClock.now - yearStart).seconds, total + ingested))

        let client = PostgresClient(configuration: try target.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let queries = CountyQueries(client: client, logger: logger)
            // A month in the middle of the simulated year (June 2025 for 250 working days).
            let middle = CountyDayGenerator.workingDay(days / 2)
            let month = CountyMonth(String(format: "%04d-%02d", middle.year, middle.month))!
            var best = Duration.seconds(1_000)
            var report: CountyMonthlyReport?
            for _ in 0..<5 {
                let begin = ContinuousClock.now
                report = try await queries.monthlyReport(month: month)
                best = min(best, ContinuousClock.now - begin)
            }
            print(
                String(
                    format: "county monthly report %@ (%d halls, %d visits): %.1f ms (best of 5; goal ≤ 200 ms)", month.description,
                    report?.halls.count ?? 0, report?.total.visits ?? 0, best.seconds * 1000))
            // The county's report document (every hall's monthly report from its forwarded events).
            if let reportMonth = ReportMonth(month.description) {
                let begin = ContinuousClock.now
                let document = try await queries.countyReport(month: reportMonth)
                print(
                    String(
                        format: "county report document %@ (%d halls, every column, from the events): %.0f ms", month.description,
                        document.byHall.rows.count - 1, (ContinuousClock.now - begin).seconds * 1000))
            }
        }
    }

    /// The profile of the simulated hall `n`: the generator's services and four windows.
    static func profile(hall n: Int) -> CountyHallProfile {
        let services = CountyDayGenerator.serviceIDs.enumerated().map { i, id in
            CountyHallProfile.ServiceEntry(id: id, name: .init(zh: "事项\(i + 1)", en: "Service \(i + 1)"), timeLimitDays: 5)
        }
        return CountyHallProfile(
            name: .init(zh: "第\(n)乡镇便民服务中心", en: "Township hall \(n)"), services: services,
            windows: (1...4).map {
                .init(number: $0, name: .init(zh: "\($0)号窗口", en: "Window \($0)"), services: CountyDayGenerator.serviceIDs)
            },
            staff: (1...4).map { .init(id: "s\($0)", name: "张*\($0)", department: "综合", title: "科员") }, waitTargetMinutes: 15,
            utcOffsetMinutes: 480)
    }

    enum BenchProblem: Error, CustomStringConvertible {
        case notEmpty
        var description: String { "the county bench needs an empty scratch database (it found halls in this one)" }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Realistic journal days for one hall: visits spread over 09:00–17:00 (UTC+8), each issued,
/// called, served and finished (a few no-shows), two thirds of them rated; bad ratings followed up
/// over the next days, a complaint most days (some replied late), appointments booked for the
/// coming week and checked in or missed.
struct CountyDayGenerator {
    var state: UInt64
    let visitsPerDay: Int
    var seq: Int64 = 0
    static let serviceIDs = ["social", "civil", "land", "tax", "medical"]
    let services = serviceIDs
    /// Cases accepted and not yet finished: number and promised date.
    var openCases: [(number: String, promised: LocalDate)] = []
    /// Follow-ups of bad ratings not yet closed.
    var openFollowUps: [String] = []
    /// Complaints not yet replied to: code and due day.
    var openComplaints: [String] = []
    /// Appointments booked for a coming day: code and day.
    var bookedAppointments: [(code: String, day: LocalDate)] = []
    /// What finished visits came to, weighted: mostly settled, then accepted, papers missing …
    static let outcomes: [VisitOutcome] = [
        .settled, .settled, .settled, .settled, .accepted, .accepted, .papersMissing(missing: ["户口本"]),
        .refused(reason: "不符合条件", basis: "第三条"), .referred(Referral(department: "县医保局", phone: "0571-0000", address: "县城")),
        .consultation, .proxy,
    ]

    init(seed: UInt64, visitsPerDay: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15
        self.visitsPerDay = visitsPerDay
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// The `index`th working day from Monday 2025-01-06 (five a week).
    static func workingDay(_ index: Int) -> LocalDate {
        let week = index / 5
        let offset = week * 7 + index % 5
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: offset, to: calendar.date(from: DateComponents(year: 2025, month: 1, day: 6))!)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)
    }

    mutating func day(_ date: LocalDate) -> [JournalEntry] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // 09:00 in UTC+8 is 01:00 UTC.
        let opening = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 1))!
        var out: [JournalEntry] = []
        func add(_ at: Date, _ event: HallEvent) {
            seq += 1
            out.append(JournalEntry(seq: seq, at: at, event: event))
        }
        add(opening, .dayStarted(date: date))
        for window in 1...4 { add(opening, .windowOpened(window: window, staffID: "s\(window)")) }
        let stamp = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        // Earlier days' cases move on at noon: some are ready, done or collected, some extended.
        let noon = opening.addingTimeInterval(10_800)
        openCases = openCases.filter { c in
            switch next(6) {
            case 0: add(noon, .caseReady(caseNumber: c.number, by: "s1"))
            case 1: add(noon, .caseCompleted(caseNumber: c.number, by: "s2"))
            case 2:
                add(noon, .caseReady(caseNumber: c.number, by: "s1"))
                add(noon, .casePickedUp(caseNumber: c.number, by: "s1"))
            case 3 where next(3) == 0:
                add(noon, .caseExtended(caseNumber: c.number, reason: "待审批", promisedDate: c.promised.adding(days: 10), by: "s3"))
                return true
            default: return true
            }
            return false
        }
        // Earlier bad ratings are followed up, earlier complaints replied to and closed.
        openFollowUps = openFollowUps.filter { id in
            guard next(3) == 0 else { return true }
            add(noon, .followUp(.assigned(id: id, staffID: "s2", by: "admin")))
            add(noon, .followUp(.calledBack(id: id, reached: next(2) == 0, note: "已回电", by: "s2")))
            if next(2) == 0 { add(noon, .followUp(.closed(id: id, cause: "等候", action: "增开窗口", by: "s2"))) }
            return false
        }
        openComplaints = openComplaints.filter { code in
            guard next(3) == 0 else { return true }
            add(noon, .complaint(.assigned(id: code, staffID: "s3", by: "admin")))
            add(noon, .complaint(.replied(id: code, text: "已整改", by: "s3")))
            if next(2) == 0 { add(noon, .complaint(.closed(id: code, by: "admin"))) }
            return false
        }
        // The day's appointments come (checked in with one of the day's first tickets) or are missed.
        var arrivals = 0
        bookedAppointments = bookedAppointments.filter { a in
            guard a.day <= date else { return true }
            if a.day == date && next(4) != 0 && arrivals < visitsPerDay {
                arrivals += 1
                add(
                    opening.addingTimeInterval(600),
                    .appointment(.checkedIn(code: a.code, visitID: "\(stamp)-" + String(format: "A%03d", arrivals))))
            } else {
                add(opening.addingTimeInterval(3_600), .appointment(.missed(code: a.code)))
            }
            return false
        }
        for k in 0..<2 {
            let code = "\(stamp)P\(k)"
            let day = date.adding(days: 1 + next(7))
            add(
                opening,
                .appointment(
                    .booked(
                        Appointment(
                            code: code, serviceID: services[next(services.count)], day: day, slot: 540 + 30 * next(14), name: "李大山",
                            phone: "13655552222", bookedAt: opening, bookedBy: next(2) == 0 ? "s1" : nil))))
            bookedAppointments.append((code, day))
        }
        var caseSequence = 0
        for i in 0..<visitsPerDay {
            let issued = opening.addingTimeInterval(Double(i) * 28_800 / Double(visitsPerDay))
            let service = services[next(services.count)]
            let number = String(format: "A%03d", i + 1)
            let id = "\(stamp)-\(number)"
            let window = 1 + next(4)
            add(
                issued,
                .ticketIssued(
                    .init(
                        visitID: id, number: number, serviceID: service, priority: next(10) == 0 ? .elderly : .normal, ahead: next(6),
                        estimatedWaitSeconds: 300, appointmentAt: next(12) == 0 ? issued : nil, secret: "SECRET\(next(1_000_000))")))
            let called = issued.addingTimeInterval(Double(60 + next(1_500)))
            add(called, .visitCalled(visitID: id, number: number, window: window, recall: false, calls: 1))
            if next(25) == 0 {
                add(called.addingTimeInterval(120), .visitNoShow(visitID: id, window: window, reason: .skipped))
                continue
            }
            add(called.addingTimeInterval(30), .serviceStarted(visitID: id, window: window))
            if next(40) == 0 {
                add(
                    called.addingTimeInterval(60),
                    .visitTransferred(visitID: id, fromWindow: window, toService: "tax", toWindow: nil, position: .front))
                add(called.addingTimeInterval(600), .visitCancelled(visitID: id, reason: .endOfDay))
                continue
            }
            let finished = called.addingTimeInterval(Double(180 + next(600)))
            add(finished, .visitFinished(visitID: id, window: window, staffID: "s\(window)"))
            let outcome = Self.outcomes[next(Self.outcomes.count)]
            var caseNumber: String?
            if outcome == .accepted {
                caseSequence += 1
                caseNumber = "\(stamp)-" + String(format: "%04d", caseSequence)
            }
            add(
                finished,
                .visitOutcome(
                    .init(visitID: id, window: window, serviceID: service, outcome: outcome, caseNumber: caseNumber, by: "s\(window)")))
            if let caseNumber {
                let promised = date.adding(days: 3 + next(20))
                add(
                    finished,
                    .caseAccepted(
                        .init(
                            caseNumber: caseNumber, code: "CODE\(next(1_000_000))", visitID: id, serviceID: service, applicantName: "王小明",
                            applicantPhone: "13912345678", promisedDate: promised, by: "s\(window)")))
                openCases.append((caseNumber, promised))
            }
            if next(3) != 0 {
                let level = RatingLevel(rawValue: [5, 5, 5, 4, 4, 3, 2, 1][next(8)])!
                add(
                    called.addingTimeInterval(900),
                    .ratingRecorded(
                        .init(
                            visitID: id, level: level, reason: level.isBad ? "等候太久" : nil, source: "evaluator", window: window,
                            staffID: "s\(window)", serviceID: service, reasonPending: level.isBad && next(2) == 0)))
                if level.isBad {
                    add(
                        called.addingTimeInterval(900),
                        .followUp(
                            .opened(
                                .init(
                                    id: id, level: level, reason: "等候太久", window: window, ratedStaffID: "s\(window)", serviceID: service,
                                    due: date.adding(days: 3)))))
                    openFollowUps.append(id)
                }
            }
        }
        if next(4) != 0 {
            let code = "\(stamp)K"
            let ticket = next(3) == 0 ? nil : String(format: "A%03d", 1 + next(visitsPerDay))
            add(
                opening.addingTimeInterval(29_000),
                .complaint(
                    .submitted(
                        .init(
                            id: code, category: Complaint.Category.allCases[next(Complaint.Category.allCases.count)],
                            channel: next(2) == 0 ? .kiosk : .phone, text: next(2) == 0 ? "等候太久" : nil, phone: "13700001111",
                            ticket: ticket, due: date.adding(days: 3)))))
            openComplaints.append(code)
        }
        for window in 1...4 { add(opening.addingTimeInterval(30_000), .windowClosed(window: window)) }
        return out
    }
}
