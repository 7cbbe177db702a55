import Foundation

extension HallState {
    /// Why `configuration` cannot replace the current one now, or nil when it can: a window that
    /// is serving, holding or has a line of its own cannot be removed, nor a service with visits
    /// still open today. The administrator finishes those first (or waits for the day's end).
    public func reconfigureConflict(_ configuration: HallConfiguration) -> HallError? {
        let keptWindows = Set(configuration.windows.map(\.number))
        for number in windows.keys.sorted() where !keptWindows.contains(number) {
            let window = windows[number]!
            let busy =
                window.current != nil || !window.held.isEmpty || (windowLines[number]?.count ?? 0) > 0
                || visits.values.contains { $0.status.isOpen && ($0.window == number || $0.targetWindow == number) }
            if busy {
                return HallError(
                    .conflict, "window_in_use",
                    zh: "\(number)号窗口正在办理业务，不能删除；请先办结或转出该窗口的号",
                    en: "Window \(number) is serving visits and cannot be removed; finish or transfer them first")
            }
        }
        let keptServices = Set(configuration.services.map(\.id))
        for service in self.configuration.services where !keptServices.contains(service.id) {
            let open = visits.values.filter { $0.serviceID == service.id && $0.status.isOpen }.count
            if open > 0 {
                return HallError(
                    .conflict, "service_in_use",
                    zh: "事项“\(service.name.zh)”今天还有\(open)个号未办结，不能删除",
                    en: "Service '\(service.id)' still has \(open) open visit(s) today and cannot be removed")
            }
        }
        return nil
    }
}
