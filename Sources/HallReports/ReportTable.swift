public import Foundation

/// One column of a report: a stable key for machines (the CSV's documented column set,
/// docs/reports.md) and its heading in Chinese and English.
public struct ReportColumn: Sendable, Hashable {
    public var key: String
    public var zh: String
    public var en: String

    public init(_ key: String, _ zh: String, _ en: String) {
        self.key = key
        self.zh = zh
        self.en = en
    }
}

/// One cell of a report.
public enum ReportValue: Sendable, Hashable {
    case text(String)
    case count(Int)
    /// A share 0…1, written as a percentage with one decimal; empty when there was nothing to measure.
    case rate(Double?)
    /// A duration in minutes, one decimal; empty when there was nothing to measure.
    case minutes(Double?)
    /// A score, one decimal.
    case score(Double)

    /// As the CSV holds it: `12`, `95.0` (percent), `3.5` (minutes), empty for none.
    public var csv: String {
        switch self {
        case .text(let s): s
        case .count(let n): String(n)
        case .rate(let r): r.map { Self.oneDecimal($0 * 100) } ?? ""
        case .minutes(let m): m.map(Self.oneDecimal) ?? ""
        case .score(let s): Self.oneDecimal(s)
        }
    }

    /// As the PDF shows it: `95.0%`, `—` for none.
    public var display: String {
        switch self {
        case .rate(let r): r.map { Self.oneDecimal($0 * 100) + "%" } ?? "—"
        case .minutes(nil): "—"
        default: csv
        }
    }

    static func oneDecimal(_ x: Double) -> String { String(format: "%.1f", (x * 10).rounded() / 10) }
}

/// A group of columns and how one row's subject fills them: each figure of a report is one such
/// function over the row's visits (or staff member), so a new group is one more value.
public struct ColumnGroup<Subject>: Sendable {
    public var columns: [ReportColumn]
    public var values: @Sendable (Subject) -> [ReportValue]

    public init(_ columns: [ReportColumn], values: @escaping @Sendable (Subject) -> [ReportValue]) {
        self.columns = columns
        self.values = values
    }
}

/// A titled table of a report.
public struct ReportTable: Sendable, Hashable {
    /// What the rows are (`service`, `window`, `staff`), the CSV's first column.
    public var kind: String
    public var zh: String
    public var en: String
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]

    /// Builds a table: `lead` columns name the row, then every group's columns.
    public init<Subject>(
        kind: String, zh: String, en: String, lead: [ReportColumn], groups: [ColumnGroup<Subject>],
        rows: [(lead: [ReportValue], subject: Subject)]
    ) {
        self.kind = kind
        self.zh = zh
        self.en = en
        columns = lead + groups.flatMap(\.columns)
        self.rows = rows.map { row in row.lead + groups.flatMap { $0.values(row.subject) } }
    }

    /// The cell of `row` under the column `key`.
    public func value(row: Int, key: String) -> ReportValue? {
        columns.firstIndex { $0.key == key }.map { rows[row][$0] }
    }
}

/// A vertical bar chart for a report's PDF.
public struct ReportChart: Sendable, Hashable {
    public var zh: String
    public var en: String
    public var labels: [String]
    public var values: [Int]

    public init(zh: String, en: String, labels: [String], values: [Int]) {
        self.zh = zh
        self.en = en
        self.labels = labels
        self.values = values
    }
}

/// A whole report: what the PDF sets and the CSV writes.
public struct ReportDocument: Sendable, Hashable {
    public var title: String
    public var subtitle: String
    public var tables: [ReportTable]
    public var charts: [ReportChart]
    /// Lines under the tables (how figures are counted, what is not available yet).
    public var notes: [String]

    public init(title: String, subtitle: String, tables: [ReportTable], charts: [ReportChart], notes: [String]) {
        self.title = title
        self.subtitle = subtitle
        self.tables = tables
        self.charts = charts
        self.notes = notes
    }

    /// The CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark so Excel keeps the Chinese: one
    /// header row `分组 kind, …` with `中文 key` headings, then each table's rows with its kind first.
    /// Every table of a document has the same columns after the lead (docs/reports.md).
    public var csv: Data {
        guard let first = tables.first else { return Data("\u{FEFF}".utf8) }
        var lines = [(["分组 kind"] + first.columns.map { "\($0.zh) \($0.key)" }).map(Self.quote).joined(separator: ",")]
        for table in tables {
            for row in table.rows { lines.append(([table.kind] + row.map(\.csv)).map(Self.quote).joined(separator: ",")) }
        }
        return Data(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension ReportTable {
    /// The table cut for a page: when it has more than `maxFigures` figure columns, several tables
    /// each with the naming columns (`key`, `name`, `department`) and an even share of the figures,
    /// the later ones titled 续 / continued. The CSV keeps the whole table.
    public func parts(maxFigures: Int) -> [ReportTable] {
        let lead = columns.prefix { ["key", "name", "department"].contains($0.key) }.count
        let figures = columns.count - lead
        guard figures > maxFigures, maxFigures > 0 else { return [self] }
        let count = (figures + maxFigures - 1) / maxFigures
        let size = (figures + count - 1) / count
        return stride(from: lead, to: columns.count, by: size).enumerated().map { i, start in
            let range = start..<min(start + size, columns.count)
            var part = self
            part.columns = Array(columns[..<lead] + columns[range])
            part.rows = rows.map { Array($0[..<lead] + $0[range]) }
            if i > 0 {
                part.zh = zh + "（续）"
                part.en = en + " (continued)"
            }
            return part
        }
    }
}
