/// The hall's protective bounds that an installation may tune (`limits:` in the hall file): how much
/// paper a printer holds while it cannot print, and how many live-feed connections the hall serves.
/// Every field defaults to the value the hall had before it could be set; a hall file without
/// `limits:` gets ``default``. The values take effect at the next start.
///
/// ```yaml
/// limits:
///   print_hold: {jobs: 20, ticket_minutes: 5, document_minutes: 60}
///   live_feed: {per_address: 16, total: 256, write_timeout_seconds: 30}
/// ```
public struct HallLimits: Sendable, Hashable, Codable {
    /// What a printer that cannot print keeps (nothing is kept past the end of the hall's day).
    public struct PrintHold: Sendable, Hashable, Codable {
        /// Jobs each printer holds at most; a new one beyond it drops the oldest.
        public var jobs: Int
        /// How long a held ticket is worth printing.
        public var ticketMinutes: Int
        /// How long a held receipt or notice is worth printing.
        public var documentMinutes: Int

        public init(jobs: Int = 20, ticketMinutes: Int = 5, documentMinutes: Int = 60) {
            self.jobs = jobs
            self.ticketMinutes = ticketMinutes
            self.documentMinutes = documentMinutes
        }
    }

    /// The live feed's connections (WebSocket) and how long a screen may take to read a message.
    public struct LiveFeed: Sendable, Hashable, Codable {
        /// Connections from one address (a hall PC drives a few screens; a phone needs one).
        public var perAddress: Int
        /// Connections in all.
        public var total: Int
        /// A screen that takes no message for this long is disconnected.
        public var writeTimeoutSeconds: Int

        public init(perAddress: Int = 16, total: Int = 256, writeTimeoutSeconds: Int = 30) {
            self.perAddress = perAddress
            self.total = total
            self.writeTimeoutSeconds = writeTimeoutSeconds
        }
    }

    public var printHold: PrintHold
    public var liveFeed: LiveFeed

    public init(printHold: PrintHold = PrintHold(), liveFeed: LiveFeed = LiveFeed()) {
        self.printHold = printHold
        self.liveFeed = liveFeed
    }

    /// The bounds the hall has without a `limits:` section.
    public static let `default` = HallLimits()
}
