/// Text a client sent, made safe for one log line: at most 64 characters, control characters and
/// quotes escaped, so a username cannot forge or split log lines.
enum LogText {
    static func clean(_ text: String) -> String {
        String(text.prefix(64)).unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
    }
}
