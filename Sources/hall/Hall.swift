import ArgumentParser
import Glibc

/// `hall`: the ServiceHall command line. Thin: it parses, then calls HallApp.
@main
struct HallCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hall",
        abstract: "ServiceHall — runs a township service hall (便民服务中心).",
        subcommands: [
            Serve.self, CheckConfig.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self, DevicesCommand.self,
            PrintTest.self,
            UdevRulesCommand.self, ScanTest.self,
            // MARK: county (县级汇聚)
            CountyCommand.self,
            // MARK: reports (统计与考核)
            ReportCommand.self,
        ],
        defaultSubcommand: Serve.self)

    /// Blocks SIGPIPE before any thread starts, so every thread — the pools', libsane's and libusb's
    /// included — inherits the mask: a write to a pipe or socket whose reader went away fails with
    /// EPIPE instead of ending the hall. Ignoring the signal is not enough: libsane sets its action
    /// back to the default whenever it starts a reader thread, and the hall then died without a word
    /// (exit 141) in the middle of the browser suite.
    static func main() async {
        var brokenPipe = sigset_t()
        sigemptyset(&brokenPipe)
        sigaddset(&brokenPipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &brokenPipe, nil)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
