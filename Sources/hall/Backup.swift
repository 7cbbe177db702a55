import ArgumentParser
import Foundation
import HallApp
import HallStore

/// `hall backup [DEST]`: an online copy of the database while the hall runs, named by date.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the hall's database into a folder while the hall runs (named by date, keeping the last N).",
        discussion: """
            The copy is consistent (SQLite's backup API), checked with PRAGMA integrity_check and fsynced before \
            it gets its name hall-YYYYMMDD-HHMMSS.sqlite. Put DEST on another disk (a USB disk, a network share) \
            so that a failing disk does not take the backups with it.
            """)

    @Argument(help: "The backup folder. Default: backups/ inside the data folder.")
    var destination: String?

    @Option(help: "Where the hall keeps its database. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    @Option(help: "How many backups to keep in the folder; older ones are removed after a good backup.")
    var keep = 14

    @Flag(help: "Also mirror the scan archive into scans/ inside the backup folder (scans purged by retention are removed there too).")
    var scans = false

    func run() throws {
        let dataDir = dataDir ?? InstalledPaths.current.dataDirectory
        let destination = destination ?? (dataDir as NSString).appendingPathComponent("backups")
        let database = (dataDir as NSString).appendingPathComponent("hall.sqlite")
        do {
            let backup = try HallDatabase.backup(databaseAt: database, into: destination, keep: keep)
            print("备份完成 Backup written: \(backup.path) (\(backup.bytes) bytes)")
            for old in backup.removed { print("已删除旧备份 Removed old backup: \(old)") }
            if scans {
                let source = (dataDir as NSString).appendingPathComponent("scans")
                let target = (destination as NSString).appendingPathComponent("scans")
                if FileManager.default.fileExists(atPath: source) {
                    let mirror = try FolderMirror.mirror(source, to: target)
                    print("扫描件 Scans: \(mirror.files) file(s) in \(target), \(mirror.copied) copied, \(mirror.removed) removed")
                } else {
                    print("扫描件 Scans: none yet (\(source) does not exist)")
                }
            }
        } catch let error as BackupError {
            throw failure(error.description)
        } catch let problem as HallDatabaseProblem {
            throw failure(problem.description, exitCode: 2)
        } catch {
            throw failure("备份失败：\(error)\nThe backup failed: \(error)")
        }
    }
}

/// `hall restore FILE`: puts a backup in place of the database, while the hall is stopped.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the hall's database with a backup (the hall must be stopped; the replaced file is kept aside).")

    @Argument(help: "The backup file (hall-YYYYMMDD-HHMMSS.sqlite).")
    var file: String

    @Option(help: "Where the hall keeps its database. Default: /var/lib/servicehall when installed, data in a checkout.")
    var dataDir: String?

    func run() throws {
        let dataDir = dataDir ?? InstalledPaths.current.dataDirectory
        let database = (dataDir as NSString).appendingPathComponent("hall.sqlite")
        do {
            let result = try HallDatabase.restore(file, to: database)
            print("已恢复 Restored \(file) → \(database) (\(result.events) journal events)")
            if let aside = result.replacedAside { print("原数据库保留在 The replaced database is kept as: \(aside)") }
            print("现在可以启动服务 Now start the hall: systemctl start servicehall")
        } catch let error as BackupError {
            throw failure(error.description)
        } catch let problem as HallDatabaseProblem {
            throw failure("备份文件不可用 The backup cannot be used:\n\(problem.description)", exitCode: 2)
        } catch {
            throw failure("恢复失败：\(error)\nThe restore failed: \(error)")
        }
    }
}
