import Foundation
import HallCore
import HallReports
import HallStore
import PostgresNIO

extension CountyQueries {
    /// The county monthly report of every hall that has sent its profile (or of `halls` only), by
    /// hall id, from the projections.
    public func countyReport(month: ReportMonth, halls only: [String]? = nil) async throws -> CountyReportDocument {
        var profiles: [(id: String, profile: CountyHallProfile)] = []
        for try await (id, text) in try await client.query(
            "SELECT hall_id, profile::text FROM halls WHERE profile IS NOT NULL ORDER BY hall_id", logger: logger
        ).decode((String, String).self) where only?.contains(id) ?? true {
            if let profile = try? JSONDecoder().decode(CountyHallProfile.self, from: Data(text.utf8)) { profiles.append((id, profile)) }
        }
        let ids = profiles.map(\.id)
        let figures = try await CountyMonthFigures.read(
            month: month, halls: profiles.map { ($0.id, $0.profile.utcOffsetMinutes) }, queries: self)
        // The county's services: every hall's in order, then any other a visit ended in.
        var services: [ReportHall.Named<String>] = []
        for (_, profile) in profiles {
            for s in profile.reportHall.services where !services.contains(where: { $0.key == s.key }) { services.append(s) }
        }
        let visited = Set(figures.byKey.filter { $0.value.count("issued") > 0 }.map(\.key.service))
        let serviceRows = services + visited.filter { id in !services.contains { $0.key == id } }.sorted().map { .init(key: $0, name: $0) }

        var rows: [(row: CountyMonthFigures.Row, figures: CountyRowFigures)] = []
        for id in ids { rows.append((.hall(id), figures.sum(.hall(id)))) }
        for service in serviceRows { rows.append((.service(service.key), figures.sum(.service(service.key)))) }
        rows.append((.total, figures.sum(.total)))
        for i in rows.indices { rows[i].figures.medianSeconds = figures.medians[rows[i].row] }

        let targets = profiles.map(\.profile.waitTargetMinutes)
        let countyTarget = targets.first ?? 15
        let offset = profiles.first?.profile.utcOffsetMinutes ?? 480
        let columns =
            [ReportColumn("key", "编号", "Key"), ReportColumn("name", "名称", "Name")]
            + MonthlyReport.groups(waitTargetMinutes: countyTarget, month: month, utcOffsetMinutes: offset).flatMap(\.columns)
        let total = rows[rows.count - 1].figures.row(
            lead: [.text("total"), .text("全县合计 County total")], columns: columns, waitTargetMinutes: countyTarget)
        var byHall = ReportTable(
            kind: "hall", zh: "按乡镇", en: "By hall", lead: [], groups: [ColumnGroup<[ReportValue]>(columns) { $0 }], rows: [])
        byHall.rows =
            profiles.enumerated().map { i, hall in
                rows[i].figures.row(
                    lead: [.text(hall.id), .text(hall.profile.name.zh)], columns: columns, waitTargetMinutes: hall.profile.waitTargetMinutes
                )
            } + [total]
        var byService = byHall
        byService.kind = "service"
        byService.zh = "按事项"
        byService.en = "By service"
        byService.rows =
            serviceRows.enumerated().map { i, service in
                rows[ids.count + i].figures.row(
                    lead: [.text(service.key), .text(service.name)], columns: columns, waitTargetMinutes: countyTarget)
            } + [total]
        var labels: [String] = []
        var values: [Int] = []
        var day = month.first
        while day <= month.last {
            labels.append(String(day.day))
            values.append(figures.daily[day] ?? 0)
            day = day.adding(days: 1)
        }
        return CountyReportDocument(
            month: month, byHall: byHall, byService: byService,
            daily: ReportChart(zh: "每日取号数", en: "Tickets per day", labels: labels, values: values),
            waitTargets: Array(Set(targets)).sorted())
    }
}
