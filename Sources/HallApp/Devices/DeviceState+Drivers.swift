import HallCore
import HallDevices

/// The one mapping from the drivers' status types (HallDevices knows no hall) to the hall's
/// ``DeviceState/Status``, which the commands, events, views and pages carry.
extension DeviceState.Status {
    /// A printer's status.
    init(_ printer: DeviceStatus) {
        self =
            switch printer {
            case .ok: .ok
            case .paperNearEnd: .paperNearEnd
            case .paperOut: .paperOut
            case .coverOpen: .coverOpen
            case .offline: .offline
            case .unplugged: .unplugged
            case .unknown: .unknown
            }
    }

    /// A scanner's status.
    init(_ scanner: ScannerStatus) {
        self =
            switch scanner {
            case .ready: .ready
            case .scanning: .scanning
            case .busy: .busy
            case .feederEmpty: .feederEmpty
            case .paperJam: .paperJam
            case .coverOpen: .coverOpen
            case .offline: .offline
            case .notFound: .notFound
            case .fault: .fault
            }
    }

    /// A button device's or bus's status; nil while it is still connecting (nothing to report yet).
    init?(_ input: InputDeviceStatus) {
        switch input {
        case .connecting: return nil
        case .waitingForRelease: self = .waitingForRelease
        case .ok: self = .ok
        case .unplugged: self = .unplugged
        case .failed: self = .failed
        }
    }
}
