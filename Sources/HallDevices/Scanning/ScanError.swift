/// Why a scan did not produce pages, with the message the clerk reads (Chinese, then English)
/// and the status the admin page shows.
///
/// ```swift
/// catch let error as ScanError where error.kind == .feederEmpty {
///     console.show(error.chineseMessage)   // "进纸器中没有纸张，请放入文件后重试。"
/// }
/// ```
public struct ScanError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// No local scanner at all.
        case noScanner
        /// No scanner of the requested name.
        case scannerNotFound
        case scannerBusy
        case cancelled
        case feederEmpty
        case paperJam
        case coverOpen
        /// I/O error or a device that went away in the middle of a scan.
        case deviceVanished
        /// The scanner does not offer an asked-for setting (source, mode, duplex, resolution).
        case settingNotOffered
        /// The scanner sent an image this layer cannot turn into a page (three-pass frames out of order …).
        case unsupportedImage
        /// libsane refused or failed in another way; `status` says how.
        case scannerFault
        /// libsane is already initialised in this process by another `ScannerSystem`.
        case alreadyInitialised
        /// Used after `close()` or `shutdown()`.
        case closed
    }

    public var kind: Kind
    /// The device concerned, when there is one.
    public var device: String?
    /// libsane's status, when the fault came from it.
    public var status: SaneStatus?
    /// Extra words for logs: the option name, the page number …
    public var detail: String?
    /// Pages fully read before the fault (they are discarded: a scan set is whole or nothing).
    public var pagesScanned: Int

    public init(_ kind: Kind, device: String? = nil, status: SaneStatus? = nil, detail: String? = nil, pagesScanned: Int = 0) {
        self.kind = kind
        self.device = device
        self.status = status
        self.detail = detail
        self.pagesScanned = pagesScanned
    }

    /// Maps a libsane status met while scanning to the fault the clerk should hear about.
    init(scanning status: SaneStatus, device: String, pagesScanned: Int) {
        let kind: Kind =
            switch status {
            case .cancelled: .cancelled
            case .deviceBusy: .scannerBusy
            case .noDocuments: .feederEmpty
            case .jammed: .paperJam
            case .coverOpen: .coverOpen
            case .ioError, .accessDenied: .deviceVanished
            default: .scannerFault
            }
        self.init(kind, device: device, status: status, pagesScanned: pagesScanned)
    }

    /// The status the admin page shows after this fault.
    public var deviceStatus: ScannerStatus {
        switch kind {
        case .noScanner, .scannerNotFound: .notFound
        case .scannerBusy: .busy
        case .cancelled, .settingNotOffered, .closed, .alreadyInitialised: .ready
        case .feederEmpty: .feederEmpty
        case .paperJam: .paperJam
        case .coverOpen: .coverOpen
        case .deviceVanished: .offline
        case .unsupportedImage, .scannerFault: .fault
        }
    }

    public var chineseMessage: String {
        switch kind {
        case .noScanner: "未找到扫描仪，请检查扫描仪是否已连接并开机。"
        case .scannerNotFound: "找不到指定的扫描仪“\(device ?? "")”，请检查连接或设置。"
        case .scannerBusy: "扫描仪正忙（可能被其他程序占用），请稍后再试。"
        case .cancelled: "扫描已取消，未保存任何文件。"
        case .feederEmpty: "进纸器中没有纸张，请放入文件后重试。"
        case .paperJam: "扫描仪卡纸，请取出纸张后重新扫描。"
        case .coverOpen: "扫描仪盖板未关好，请关好后重试。"
        case .deviceVanished: "扫描过程中扫描仪断开或无响应，本次扫描未保存，请检查连接后重新扫描。"
        case .settingNotOffered: "此扫描仪不支持所选设置（\(detail ?? "")）。"
        case .unsupportedImage: "扫描仪返回的图像格式无法处理，本次扫描未保存。"
        case .scannerFault: "扫描仪故障，本次扫描未保存。"
        case .alreadyInitialised: "扫描服务已在运行。"
        case .closed: "扫描仪已关闭。"
        }
    }

    public var englishMessage: String {
        switch kind {
        case .noScanner: "No scanner found. Check that the scanner is connected and switched on."
        case .scannerNotFound: "Scanner \"\(device ?? "")\" not found. Check the cable or the setting."
        case .scannerBusy: "The scanner is busy (perhaps in use by another program). Try again shortly."
        case .cancelled: "Scan cancelled; nothing was saved."
        case .feederEmpty: "The document feeder is empty. Load the papers and try again."
        case .paperJam: "Paper jam. Remove the paper and scan again."
        case .coverOpen: "The scanner cover is open. Close it and try again."
        case .deviceVanished:
            "The scanner stopped responding or was disconnected during the scan; nothing was saved. Check the connection and scan again."
        case .settingNotOffered: "This scanner does not offer the chosen setting (\(detail ?? ""))."
        case .unsupportedImage: "The scanner sent an image format that cannot be processed; nothing was saved."
        case .scannerFault: "Scanner fault; nothing was saved."
        case .alreadyInitialised: "The scanning service is already running."
        case .closed: "The scanner has been closed."
        }
    }

    public var description: String {
        var text = "\(kind.rawValue): \(englishMessage) / \(chineseMessage)"
        if let device { text += " [device \(device)]" }
        if let status { text += " [\(status)]" }
        if let detail { text += " [\(detail)]" }
        return text
    }
}
