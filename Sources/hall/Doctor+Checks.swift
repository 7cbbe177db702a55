import Foundation
import HallApp
import HallConfig
import HallDevices
import HallStore

#if canImport(Glibc)
    import Glibc
#endif

/// The doctor's checks, in the order a technician would look.
struct Doctor {
    let paths: InstalledPaths
    let dataDir: String
    let port: Int
    var setup = DeviceSetup.none
    var utcOffsetMinutes = 480

    init(paths: InstalledPaths, dataDir: String, port: Int) {
        self.paths = paths
        self.dataDir = dataDir
        self.port = port
    }

    mutating func run() -> [Finding] {
        var findings = [runningHall()]
        findings += database()
        findings += permissions()
        findings.append(disk())
        findings += devices()
        findings.append(cups())
        findings.append(fonts())
        findings.append(voice())
        findings.append(clock())
        return findings
    }

    var databasePath: String { (dataDir as NSString).appendingPathComponent("hall.sqlite") }

    func runningHall() -> Finding {
        guard let body = Probe.httpGet(port: port, path: "/healthz") else {
            return .warn(
                "本机端口 \(port) 上没有运行中的办事大厅", "No hall answers on port \(port)",
                fix: "systemctl start servicehall; 查看日志 logs: journalctl -u servicehall -n 50")
        }
        let health = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        let mode = health["journalMode"] as? String ?? "?"
        let sync = health["synchronous"] as? Int ?? -1
        guard health["status"] as? String == "ok", mode == "wal", sync == 2 else {
            return .fail(
                "办事大厅在运行，但数据库设置不安全（journal_mode=\(mode), synchronous=\(sync)）",
                "The hall runs, but its database is not durable (journal_mode=\(mode), synchronous=\(sync))",
                fix: "重启服务 restart it: systemctl restart servicehall; 如仍如此请报告 report it if it stays so")
        }
        return .ok("办事大厅运行中，日志模式 WAL，synchronous=FULL", "The hall is running: journal mode WAL, synchronous FULL")
    }

    mutating func database() -> [Finding] {
        let inspection: DatabaseInspection
        do {
            inspection = try HallDatabase.inspect(fileAt: databasePath)
        } catch BackupError.noDatabase {
            return [
                .fail(
                    "还没有数据库 \(databasePath)", "No database at \(databasePath) yet",
                    fix: "启动一次服务 start the hall once (systemctl start servicehall), 或恢复备份 or: hall restore BACKUP-FILE")
            ]
        } catch {
            return [
                .fail(
                    "数据库无法读取：\(error)", "The database cannot be read: \(error)",
                    fix: "停止服务后恢复备份 stop the hall and restore a backup: hall restore BACKUP-FILE")
            ]
        }
        if let raw = inspection.settings[HallBootstrap.devicesSettingKey],
            let decoded = try? JSONDecoder().decode(DeviceSetup.self, from: Data(raw.utf8))
        {
            setup = decoded
        }
        if let raw = inspection.settings["hall"], let hall = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any],
            let schedule = hall["schedule"] as? [String: Any], let offset = schedule["utcOffsetMinutes"] as? Int
        {
            utcOffsetMinutes = offset
        }
        var findings: [Finding] = []
        if inspection.integrityProblems.isEmpty {
            let last = inspection.lastEventAt.map { "，最近 last \(Self.format($0, offset: utcOffsetMinutes))" } ?? ""
            findings.append(
                .ok("数据库完整（\(inspection.events) 条事件\(last)）", "Database integrity OK (\(inspection.events) journal events)"))
        } else {
            findings.append(
                .fail(
                    "数据库已损坏：\(inspection.integrityProblems.prefix(3).joined(separator: "; "))",
                    "The database is damaged: \(inspection.integrityProblems.prefix(3).joined(separator: "; "))",
                    fix: "systemctl stop servicehall; hall restore \((dataDir as NSString).appendingPathComponent("backups"))/hall-….sqlite"
                ))
        }
        if inspection.journalMode == "wal" {
            findings.append(.ok("数据库文件为 WAL 模式", "The database file is in WAL mode"))
        } else {
            findings.append(
                .fail(
                    "数据库文件不是 WAL 模式（\(inspection.journalMode)）", "The database file is not in WAL mode (\(inspection.journalMode))",
                    fix: "启动一次服务即可设为 WAL: systemctl restart servicehall"))
        }
        return findings
    }

    func permissions() -> [Finding] {
        var findings: [Finding] = []
        guard let folder = Probe.stat(dataDir) else {
            return [
                .fail(
                    "数据目录不存在 \(dataDir)", "The data folder \(dataDir) does not exist",
                    fix: "systemctl start servicehall（systemd 会创建 creates it）")
            ]
        }
        let serviceUser = paths.kind == .installed ? Probe.user(InstalledPaths.packageName) : nil
        var problems: [String] = []
        if folder.mode & 0o077 != 0 { problems.append("\(dataDir) mode \(String(folder.mode & 0o777, radix: 8)) (want 700)") }
        if let serviceUser, folder.uid != serviceUser { problems.append("\(dataDir) not owned by \(InstalledPaths.packageName)") }
        for suffix in ["", "-wal", "-shm"] {
            guard let file = Probe.stat(databasePath + suffix) else { continue }
            if file.mode & 0o077 != 0 { problems.append("hall.sqlite\(suffix) mode \(String(file.mode & 0o777, radix: 8)) (want 600)") }
            if file.uid != folder.uid { problems.append("hall.sqlite\(suffix) owned by uid \(file.uid), the folder by \(folder.uid)") }
        }
        if problems.isEmpty {
            findings.append(.ok("数据目录权限正确（仅服务用户可读写）", "Data folder permissions OK (the service user only)"))
        } else {
            findings.append(
                .fail(
                    "数据目录权限不对：\(problems.joined(separator: "; "))", "Wrong permissions: \(problems.joined(separator: "; "))",
                    fix: "chown -R servicehall:servicehall \(dataDir) && chmod 700 \(dataDir) && chmod 600 \(databasePath)*"))
        }
        if paths.kind == .installed, let config = Probe.stat(paths.hallFile), config.mode & 0o004 != 0 {
            findings.append(
                .warn(
                    "配置文件 \(paths.hallFile) 所有人可读（含账号密码）", "\(paths.hallFile) is readable by everyone (it holds account passwords)",
                    fix: "chown root:servicehall \(paths.hallFile) && chmod 640 \(paths.hallFile)"))
        }
        return findings
    }

    func disk() -> Finding {
        var info = statvfs()
        guard statvfs(dataDir, &info) == 0 else {
            return .fail("无法读取磁盘空间", "Cannot read the free disk space of \(dataDir)", fix: "检查数据目录 check the data folder")
        }
        let free = Double(info.f_bavail) * Double(info.f_frsize)
        let gib = String(format: "%.1f GiB", free / 1_073_741_824)
        if free < 1_073_741_824 {
            return .fail(
                "磁盘剩余空间不足：\(gib)", "Low disk space: \(gib) free for \(dataDir)",
                fix: "删除旧备份或扫描件 remove old backups (hall backup --keep) or move scans; journalctl --vacuum-size=200M")
        }
        return .ok("磁盘剩余 \(gib)", "Free disk: \(gib)")
    }

    func cups() -> Finding {
        let cupsPrinters = setup.printers.compactMap { printer -> String? in
            if case .cups(let queue) = printer.transport { return queue }
            return nil
        }
        guard let (status, output) = Probe.run(["lpstat", "-e"]) else {
            if cupsPrinters.isEmpty { return .ok("未配置 CUPS 打印机", "No CUPS printer configured") }
            return .fail("未安装 CUPS", "CUPS is not installed, but the hall names queues \(cupsPrinters)", fix: "apt install cups")
        }
        let queues = status == 0 ? output.split(separator: "\n").map(String.init) : []
        let missing = cupsPrinters.filter { !queues.contains($0) }
        if !missing.isEmpty {
            return .fail(
                "缺少 CUPS 队列：\(missing.joined(separator: ", "))", "CUPS queues missing: \(missing.joined(separator: ", "))",
                fix: "lpadmin -p QUEUE -E -v usb://… -m raw（见 docs/operations.md）")
        }
        return .ok("CUPS 队列：\(queues.isEmpty ? "无 none" : queues.joined(separator: ", "))", "CUPS queues: \(queues.count)")
    }

    func fonts() -> Finding {
        guard let (_, output) = Probe.run(["fc-list", ":lang=zh", "family"]) else {
            return .fail("未安装 fontconfig", "fontconfig (fc-list) is missing", fix: "apt install fontconfig fonts-noto-cjk")
        }
        let families = Set(output.split(separator: "\n").map { $0.split(separator: ",").first.map(String.init) ?? "" }).filter {
            !$0.isEmpty
        }
        if families.isEmpty {
            return .fail("没有中文字体", "No Chinese font: tickets and screens would show boxes", fix: "apt install fonts-noto-cjk")
        }
        return .ok("中文字体：\(families.sorted().prefix(3).joined(separator: ", "))", "Chinese fonts: \(families.count) families")
    }

    func voice() -> Finding {
        guard let (status, _) = Probe.run(["espeak-ng", "-q", "-v", "cmn-latn-pinyin", "ni3 hao3"]) else {
            return .fail("未安装 espeak-ng，叫号没有语音", "espeak-ng is missing: calls are not spoken", fix: "apt install espeak-ng sox")
        }
        guard status == 0 else {
            return .fail(
                "espeak-ng 缺少普通话语音 cmn-latn-pinyin", "espeak-ng has no Mandarin voice cmn-latn-pinyin",
                fix: "apt install --reinstall espeak-ng-data")
        }
        guard Probe.run(["sox", "--version"]) != nil else {
            return .fail("未安装 sox，叫号语音无法拼接", "sox is missing: call announcements cannot be joined", fix: "apt install sox")
        }
        return .ok("语音播报可用（espeak-ng 普通话，sox）", "Voice calls available (espeak-ng Mandarin, sox)")
    }

    func clock() -> Finding {
        let now = Self.format(Date(), offset: utcOffsetMinutes)
        guard let (_, output) = Probe.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"]), !output.isEmpty else {
            return .warn(
                "无法确认时钟是否同步（现在 \(now)）", "Cannot tell whether the clock is synchronised (now \(now))",
                fix: "核对时间 check the time; 安装 install systemd-timesyncd 或 or chrony")
        }
        if output.trimmingCharacters(in: .whitespacesAndNewlines) == "yes" {
            return .ok("时钟已同步，现在 \(now)", "The clock is synchronised: \(now)")
        }
        return .warn(
            "时钟未与网络同步（现在 \(now)），号票和统计的时间可能不准", "The clock is not synchronised (now \(now)): ticket times may be wrong",
            fix: "timedatectl set-ntp true; 无网络时手动设置 offline: timedatectl set-time 'YYYY-MM-DD HH:MM:SS'")
    }

    static func format(_ date: Date, offset: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: offset * 60)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }
}
