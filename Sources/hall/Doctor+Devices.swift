import Foundation
import HallApp
import HallConfig
import HallDevices

extension Doctor {
    /// The configured printers, buttons, buses and scanners: found or missing, with the udev rule
    /// that should match a missing USB device.
    func devices() -> [Finding] {
        let catalog = DeviceCatalog(
            devicesDirectory: URL(fileURLWithPath: paths.devicesDirectory), layoutsDirectory: URL(fileURLWithPath: paths.layoutsDirectory))
        var findings: [Finding] = []
        let rulesInstalled = [paths.udevRules, "/etc/udev/rules.d/99-servicehall.rules"].contains {
            FileManager.default.fileExists(atPath: $0)
        }
        let physical = setup.printers.contains { $0.transport != .virtual } || !setup.buttons.isEmpty || !setup.buses.isEmpty
        if physical && !rulesInstalled {
            findings.append(
                .fail(
                    "未安装 udev 规则，服务用户无权访问设备", "The udev rules are not installed: the service user cannot open the devices",
                    fix: "hall udev-rules --output /etc/udev/rules.d/99-servicehall.rules && udevadm control --reload && udevadm trigger"))
        }
        let usbPrinters =
            setup.printers.contains { $0.transport == .usb }
            ? USBPrinterDiscovery.printers(profiles: (try? catalog.printerProfiles()) ?? []) : []
        for printer in setup.printers {
            let name = "\(printer.id)（\(printer.role)，\(printer.profile)）"
            let found: Bool
            switch printer.transport {
            case .virtual:
                findings.append(.ok("虚拟打印机 \(name)", "Virtual printer \(printer.id): PNG files in spool/\(printer.id)"))
                continue
            case .usb: found = usbPrinters.contains { $0.profile?.id == printer.profile }
            case .usblp(let path): found = FileManager.default.fileExists(atPath: path)
            case .cups: continue  // the CUPS line checks the queue
            case .tcp(let host, let port): found = Probe.connects(host: host, port: port)
            }
            if found {
                findings.append(.ok("打印机 \(name) 已连接", "Printer \(printer.id) found (\(printer.transport))"))
            } else {
                findings.append(
                    .fail(
                        "找不到打印机 \(name)", "Printer \(printer.id) not found (\(printer.transport))",
                        fix: "检查电源和数据线 check power and cable; hall devices 列出设备 lists what is plugged in\n"
                            + rule(for: printer.profile, catalog: catalog)))
            }
        }
        let inputs = setup.buttons.contains { $0.device == nil } ? EvdevDiscovery.devices() : []
        let buttonProfiles = (try? catalog.buttonProfiles()) ?? []
        for button in setup.buttons {
            let found: Bool
            if let device = button.device {
                found = FileManager.default.fileExists(atPath: device)
            } else {
                let match = buttonProfiles.first { $0.id == button.profile }?.evdevMatch
                found = inputs.contains { match?.matches($0.identity) == true }
            }
            if found {
                findings.append(.ok("\(button.window) 号窗口按键 \(button.id) 已连接", "Buttons \(button.id) of window \(button.window) found"))
            } else {
                findings.append(
                    .fail(
                        "找不到 \(button.window) 号窗口的按键 \(button.id)（\(button.profile)）",
                        "Buttons \(button.id) of window \(button.window) not found (\(button.device ?? button.profile))",
                        fix: "插好 USB 线 plug it in; hall devices\n" + rule(for: button.profile, catalog: catalog)))
            }
        }
        for bus in setup.buses {
            if FileManager.default.fileExists(atPath: bus.path) {
                findings.append(.ok("RS-485 总线 \(bus.id) 已连接", "RS-485 bus \(bus.id) found at \(bus.path)"))
            } else {
                findings.append(
                    .fail(
                        "找不到 RS-485 总线 \(bus.id)", "RS-485 bus \(bus.id) not found at \(bus.path)",
                        fix: "检查 USB 转 485 转换器 check the USB-RS485 adapter\n" + rule(for: bus.profile, catalog: catalog)))
            }
        }
        if !setup.scanners.isEmpty {
            let names: Set<String>
            do {
                let system = try ScannerSystem(configDirectory: setup.saneConfigDirectory)
                defer { system.shutdown() }
                names = Set(try system.devices().map(\.name))
            } catch {
                names = []
                findings.append(.fail("无法使用 SANE：\(error)", "SANE cannot be asked: \(error)", fix: "apt install sane-utils; scanimage -L"))
            }
            for scanner in setup.scanners {
                if names.contains(scanner.device) {
                    findings.append(.ok("\(scanner.window) 号窗口扫描仪已连接", "Scanner of window \(scanner.window) found (\(scanner.device))"))
                } else {
                    findings.append(
                        .fail(
                            "找不到 \(scanner.window) 号窗口的扫描仪 \(scanner.device)",
                            "Scanner \(scanner.device) of window \(scanner.window) not found",
                            fix: "scanimage -L 列出扫描仪 lists scanners; 服务用户需在 scanner 组 the service user must be in group scanner"))
                }
            }
        }
        if setup.printers.isEmpty && setup.buttons.isEmpty && setup.buses.isEmpty && setup.scanners.isEmpty {
            findings.append(.ok("未配置设备（使用虚拟打印机）", "No devices configured (the virtual kiosk printer is used)"))
        }
        return findings
    }

    /// The udev rule lines generated for `profile`, for the technician to compare.
    func rule(for profile: String, catalog: DeviceCatalog) -> String {
        guard let text = try? DeviceRules.generate(catalog: catalog) else { return "" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("#") && $0.contains("(\(profile))") }) else {
            return "udev: \(paths.udevRules)"
        }
        let block = lines[(start + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("#") }
        return (["udev (\(paths.udevRules)):"] + block.map(String.init)).joined(separator: "\n")
    }
}
