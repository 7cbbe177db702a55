import Foundation
import HallConfig
import HallCore
import HallDevices
import Logging
import ServiceLifecycle

/// One source of button events: an evdev reader, a bus reader, or (in tests) a fake device.
struct ButtonSource: Sendable {
    /// The device id statuses are reported under.
    var id: String
    /// `evaluator`, `caller`, `callerEvaluator` or `bus`.
    var kind: String
    var events: AsyncStream<InputDeviceEvent>
    /// Reads the device until cancelled.
    var run: @Sendable () async -> Void
    /// The window of a press's device id, nil when unknown.
    var window: @Sendable (String) -> Int?
    /// The window the source's status belongs to; nil for a bus.
    var statusWindow: Int?
    /// Sends a host message to the device of `window` (the bus); nil for evdev devices.
    var send: (@Sendable (BusHostMessage, Int) -> Void)?
}

/// Turns evaluator and keypad presses into the window's commands, and tells bus devices what to show.
///
/// Keypad keys act for the window's current staff member (the core credits whoever holds the window).
/// An evaluator key rates the visit waiting for a rating at its window, as a device without a screen:
/// a bad rating is stored with its reason pending. A press with nothing to act on is logged and ignored.
/// On a call the bus caller shows the number; on finish the bus evaluator is asked to rate and the
/// caller shows how many are waiting.
struct ButtonService: ServiceLifecycle.Service {
    let hall: Hall
    let logger: Logger
    let sources: [ButtonSource]
    /// The committed events, when a bus device is told what to show (nil: nobody to tell, and an
    /// unread in-process stream would only grow).
    let feed: AsyncStream<FeedMessage>?

    init(hall: Hall, sources: [ButtonSource], logger: Logger) {
        self.hall = hall
        self.sources = sources
        self.logger = logger
        feed = sources.contains { $0.send != nil } ? hall.bus.subscribeInProcess("buttons") : nil
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for source in sources {
                    group.addTask { await source.run() }
                    group.addTask {
                        for await event in source.events { await handle(event, from: source) }
                    }
                }
                group.addTask { await tellBusDevices() }
            }
        }
    }

    func handle(_ event: InputDeviceEvent, from source: ButtonSource) async {
        switch event {
        case .status(let deviceID, let status):
            // `connecting` is not journaled: it flaps on every retry.
            guard let status = DeviceState.Status(status) else { return }
            let kind = source.kind == "bus" ? "bus" : source.kind
            await execute(.reportDevice(deviceID: deviceID, kind: kind, window: source.statusWindow, status: status), for: deviceID)
        case .press(let press):
            guard let window = source.window(press.deviceID) else {
                logger.warning(
                    "press from a device no window owns", metadata: ["device": "\(press.deviceID)", "button": "\(press.button)"])
                return
            }
            guard let command = await command(for: press, window: window) else { return }
            await execute(command, for: press.deviceID)
        }
    }

    /// The command a press means now, or nil (logged) when it means nothing.
    func command(for press: ButtonPress, window n: Int) async -> HallCommand? {
        if let score = press.button.ratingScore, let level = RatingLevel(rawValue: score) {
            guard let visitID = await hall.windowState(n)?.awaitingRating else {
                logger.notice(
                    "evaluator press ignored: nothing to rate",
                    metadata: ["window": "\(n)", "device": "\(press.deviceID)", "level": "\(score)"])
                return nil
            }
            return .rate(visitID: visitID, level: level, reason: nil, source: .evaluatorKeys(window: n))
        }
        switch press.button {
        case .callNext: return .callNext(window: n)
        case .recall: return .recall(window: n)
        case .skip: return .skip(window: n)
        case .start: return .start(window: n)
        case .finish: return .finish(window: n)
        case .hold: return .hold(window: n)
        case .pause: return .pause(window: n, reason: "暂停服务（呼叫器）")
        case .transfer:
            guard let target = press.payload.first.map(Int.init), target > 0 else {
                logger.notice("transfer key ignored: the keypad gave no target window", metadata: ["window": "\(n)"])
                return nil
            }
            return .transfer(window: n, toService: nil, toWindow: target, position: .front)
        default: return nil
        }
    }

    private func execute(_ command: HallCommand, for device: String) async {
        do {
            try await hall.execute(command)
        } catch let error as HallError {
            logger.notice("device press refused", metadata: ["device": "\(device)", "reason": "\(error.code)"])
        } catch {
            logger.error("device command failed", metadata: ["device": "\(device)", "error": "\(error)"])
        }
    }

    /// Calls, finishes and the waiting count, shown on the bus devices.
    private func tellBusDevices() async {
        let senders = sources.compactMap(\.send)
        guard let feed, !senders.isEmpty else { return }
        for await message in feed {
            guard let entry = message.entry else { continue }
            switch entry.event {
            case .visitCalled(_, let number, let window, _, _):
                for send in senders { send(.showNumber(number), window) }
            case .visitFinished(_, let window, _):
                let waiting = await waitingCount(window: window)
                for send in senders {
                    send(.startRating, window)
                    send(.showWaitingCount(waiting), window)
                }
            default:
                break
            }
        }
    }

    private func waitingCount(window: Int) async -> Int {
        let state = await hall.state
        guard let config = state.configuration.window(window) else { return 0 }
        return Set(config.primaryServices + config.backupServices).reduce(0) { $0 + state.waitingCount(service: $1) }
    }
}

extension DeviceHub {
    /// A reader per configured button device and bus.
    func buttonSources(logger: Logger) -> [ButtonSource] {
        var sources: [ButtonSource] = []
        for device in setup.buttons {
            do {
                let profile = try catalog.buttonProfile(device.profile)
                let locator: EvdevLocator
                if let path = device.device {
                    locator = .path(path)
                } else if let match = profile.evdevMatch {
                    locator = .matching(match)
                } else {
                    throw DeviceSetupError("profile \(profile.id) is not an evdev profile")
                }
                let reader = try EvdevButtonReader(deviceID: device.id, locator: locator, keyMap: profile.evdevKeyMap)
                let window = device.window
                sources.append(
                    ButtonSource(
                        id: device.id, kind: profile.kind.rawValue, events: reader.events, run: { await reader.run() },
                        window: { _ in window }, statusWindow: window, send: nil))
            } catch {
                logger.error("button device not started", metadata: ["device": "\(device.id)", "error": "\(error)"])
            }
        }
        for bus in setup.buses {
            do {
                let profile = try catalog.buttonProfile(bus.profile)
                guard let busProtocol = profile.busProtocol else { throw DeviceSetupError("profile \(profile.id) is not an rs485 profile") }
                let reader = try BusButtonReader(busID: bus.id, path: bus.path, protocol: busProtocol)
                sources.append(Self.busSource(bus, reader: reader))
            } catch {
                logger.error("bus not started", metadata: ["bus": "\(bus.id)", "error": "\(error)"])
            }
        }
        return sources
    }

    static func busSource(_ bus: BusSetup, reader: BusButtonReader) -> ButtonSource {
        var windows: [String: Int] = [:]
        var addresses: [Int: [UInt8]] = [:]
        for (address, window) in bus.addresses {
            windows[reader.deviceID(forAddress: UInt8(address))] = window
            addresses[window, default: []].append(UInt8(address))
        }
        let byDevice = windows
        let byWindow = addresses
        return ButtonSource(
            id: bus.id, kind: "bus", events: reader.events, run: { await reader.run() }, window: { byDevice[$0] }, statusWindow: nil,
            send: { message, window in for address in byWindow[window] ?? [] { reader.send(message, to: address) } })
    }
}
