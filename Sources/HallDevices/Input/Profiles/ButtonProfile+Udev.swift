extension ButtonProfile {
    /// udev rule lines that give the hall's group access to these devices and stable symlinks under
    /// `/dev/servicehall/`, for the hall file to name. The lead's generator merges them with the
    /// printers' lines into one rules file.
    ///
    /// An evdev device gets `/dev/servicehall/buttons/<profile-id>-<usb port path>` and is kept away
    /// from desktop input stacks (`LIBINPUT_IGNORE_DEVICE`); a bus adapter gets
    /// `/dev/servicehall/bus/<profile-id>-<usb port path>`.
    ///
    /// ```
    /// SUBSYSTEM=="input", KERNEL=="event*", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="e5e3", MODE="0660", GROUP="servicehall", ENV{LIBINPUT_IGNORE_DEVICE}="1", SYMLINK+="servicehall/buttons/evaluator-3key-usb-%E{ID_PATH}"
    /// ```
    public static func udevRuleLines(for profiles: [ButtonProfile], group: String = "servicehall") -> [String] {
        var lines: [String] = []
        for profile in profiles.sorted(by: { $0.id < $1.id }) {
            lines.append("# \(profile.id): \(profile.summary)")
            switch profile.backend {
            case .evdev(let match, _):
                let tail =
                    "MODE=\"0660\", GROUP=\"\(group)\", ENV{LIBINPUT_IGNORE_DEVICE}=\"1\", SYMLINK+=\"servicehall/buttons/\(profile.id)-%E{ID_PATH}\""
                for id in match.usbIDs {
                    lines.append("SUBSYSTEM==\"input\", KERNEL==\"event*\", \(usbMatch(id)), \(tail)")
                }
                for name in match.names {
                    lines.append("SUBSYSTEM==\"input\", KERNEL==\"event*\", ATTRS{name}==\"\(udevEscaped(name))\", \(tail)")
                }
            case .rs485(let adapters, _):
                for id in adapters {
                    lines.append(
                        "SUBSYSTEM==\"tty\", \(usbMatch(id)), MODE=\"0660\", GROUP=\"\(group)\", SYMLINK+=\"servicehall/bus/\(profile.id)-%E{ID_PATH}\""
                    )
                }
            }
        }
        return lines
    }

    private static func usbMatch(_ id: USBDeviceID) -> String {
        let text = id.description.split(separator: ":")
        return "ATTRS{idVendor}==\"\(text[0])\", ATTRS{idProduct}==\"\(text[1])\""
    }

    /// udev strings cannot hold a double quote; glob characters are matched literally when escaped.
    private static func udevEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "?"
            case "*", "?", "[", "]": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
