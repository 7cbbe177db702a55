import Foundation
import HallCore

extension Hall {
    /// Replaces the configuration while the hall runs: refuses (409) when the change removes a
    /// window or service still in use, else runs `save` (the database write) and swaps the live
    /// configuration. Check, save and swap happen inside the actor without suspending, so no ticket
    /// or call can slip in between the check and the swap. Open screens are then told to reload their
    /// snapshot (`{"kind":"reset"}` on the live feed), so new names show without anyone pressing F5.
    public func applyConfiguration(_ configuration: HallConfiguration, save: () throws -> Void) throws {
        if let conflict = state.reconfigureConflict(configuration) { throw conflict }
        try save()
        reconfigure(configuration)
        bus.reset(seq: seq)
    }
}
