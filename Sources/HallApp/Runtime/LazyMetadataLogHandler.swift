import Logging

/// swift-log's `StreamLogHandler`, with its metadata turned into text only when a line is logged.
/// Hummingbird gives every request's logger its id (`hb.request.id`), and the stream handler turns
/// its whole metadata into text at every change: a hundredth of the hall's processor time under the
/// kiosks' load, for lines that are logged only on errors. The lines are the stream handler's own.
public struct LazyMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    public var metadata: Logger.Metadata = [:]

    public init(_ stream: StreamLogHandler) { self.stream = stream }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var stream = self.stream
        stream.metadata = metadata
        stream.log(event: event)
    }
}
