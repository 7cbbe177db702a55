/// The last status a device reported, as the hall holds it.
public struct DeviceState: Sendable, Hashable, Codable {
    public var deviceID: String
    /// `printer`, `evaluator`, `caller`, `bus` or `scanner`.
    public var kind: String
    /// The window the device serves; nil for the kiosk's devices and a whole bus.
    public var window: Int?
    public var status: Status

    public init(deviceID: String, kind: String, window: Int?, status: Status) {
        self.deviceID = deviceID
        self.kind = kind
        self.window = window
        self.status = status
    }

    /// Every status a device (or a printout) can be in, from the driver's report to the page.
    ///
    /// The raw values are the JSON and journal words (`"paperOut"`), so the wire format is the
    /// driver's word. The core knows no drivers: HallApp maps the drivers' own status types onto
    /// this one in one place. Each status has its label, Chinese first:
    ///
    /// ```swift
    /// DeviceState.Status.paperOut.label.zh   // "缺纸"
    /// ```
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        // Printers (and the common words of every kind).
        case ok, paperNearEnd, paperOut, coverOpen, offline, unplugged
        /// No answer, or an answer of the wrong shape: not known to be fine.
        case unknown
        // Scanners.
        case ready, scanning, busy, feederEmpty, paperJam, notFound, fault
        // Buttons and buses: open but waiting for every key to be up; present but unusable.
        case waitingForRelease, failed
        // A printout rather than a device: sent, but its outcome not known within the answer's deadline;
        // no printer stands there; the document could not be made.
        case pending
        case noPrinter = "none"
        case printFailed = "error"

        /// What the administrator and the clerk read, Chinese first.
        public var label: LocalizedText {
            switch self {
            case .ok: LocalizedText(zh: "正常", en: "ready")
            case .paperNearEnd: LocalizedText(zh: "纸将用完", en: "paper low")
            case .paperOut: LocalizedText(zh: "缺纸", en: "out of paper")
            case .coverOpen: LocalizedText(zh: "机盖打开", en: "cover open")
            case .offline: LocalizedText(zh: "脱机", en: "offline")
            case .unplugged: LocalizedText(zh: "未连接", en: "unplugged")
            case .unknown: LocalizedText(zh: "状态不明", en: "status unknown")
            case .ready: LocalizedText(zh: "就绪", en: "ready")
            case .scanning: LocalizedText(zh: "扫描中", en: "scanning")
            case .busy: LocalizedText(zh: "被占用", en: "busy")
            case .feederEmpty: LocalizedText(zh: "进纸器无纸", en: "feeder empty")
            case .paperJam: LocalizedText(zh: "卡纸", en: "paper jam")
            case .notFound: LocalizedText(zh: "未找到设备", en: "not found")
            case .fault: LocalizedText(zh: "故障", en: "fault")
            case .waitingForRelease: LocalizedText(zh: "等待按键松开", en: "waiting for keys to be released")
            case .failed: LocalizedText(zh: "无法使用", en: "unusable")
            case .pending: LocalizedText(zh: "正在打印", en: "printing")
            case .noPrinter: LocalizedText(zh: "未配置打印机", en: "no printer")
            case .printFailed: LocalizedText(zh: "打印失败", en: "print failed")
            }
        }

        /// A word this version does not know (a journal written by a later one) reads as `unknown`,
        /// so a replay never stops at a device report.
        public init(from decoder: any Decoder) throws {
            let word = try decoder.singleValueContainer().decode(String.self)
            self = Status(rawValue: word) ?? .unknown
        }
    }
}
