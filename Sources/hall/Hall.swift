import ArgumentParser

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
}
