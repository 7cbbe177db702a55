import Foundation
import HallApp
import Testing

/// Where `hall` finds its files: from where the program is, never from where it was compiled.
@Suite("Installed and checkout paths")
struct InstalledPathsTests {
    @Test("/usr/bin/hall with /usr/share/servicehall uses /etc, /var/lib and /usr/share")
    func installed() {
        let paths = InstalledPaths.resolve(executable: "/usr/bin/hall", workingDirectory: "/") { $0 == "/usr/share/servicehall/Layouts" }
        #expect(paths.kind == .installed)
        #expect(paths.hallFile == "/etc/servicehall/hall.yaml")
        #expect(paths.dataDirectory == "/var/lib/servicehall")
        #expect(paths.layoutsDirectory == "/usr/share/servicehall/Layouts")
        #expect(paths.devicesDirectory == "/usr/share/servicehall/Devices")
        #expect(paths.udevRules == "/usr/lib/udev/rules.d/99-servicehall.rules")
        #expect(paths.openAPIFile == "/usr/share/servicehall/openapi.yaml")
    }

    @Test("a program in a bin folder without the shared files is not taken for installed")
    func binWithoutShare() {
        let paths = InstalledPaths.resolve(executable: "/usr/local/bin/hall", workingDirectory: "/srv/hall") { _ in false }
        #expect(paths.kind == .checkout)
        #expect(paths.hallFile == "Halls/demo-hall.yaml")
    }

    @Test("from the repository as working directory: the relative folders make run has always used")
    func checkoutWorkingDirectory() {
        let repo = "/home/dev/ServiceHall"
        let paths = InstalledPaths.resolve(executable: repo + "/.build/debug/hall", workingDirectory: repo) {
            [repo + "/Devices/printers", repo + "/Layouts"].contains($0)
        }
        #expect(paths.kind == .checkout)
        #expect(paths.hallFile == "Halls/demo-hall.yaml")
        #expect(paths.dataDirectory == "data")
        #expect(paths.layoutsDirectory == "Layouts")
        #expect(paths.devicesDirectory == "Devices")
        #expect(paths.udevRules == "udev/99-servicehall.rules")
        #expect(paths.openAPIFile == nil)
    }

    @Test("a checkout's program run from elsewhere finds the repository above it")
    func checkoutElsewhere() {
        let repo = "/home/dev/ServiceHall"
        let paths = InstalledPaths.resolve(executable: repo + "/.build/x86_64-unknown-linux-gnu/debug/hall", workingDirectory: "/tmp") {
            [repo + "/Devices/printers", repo + "/Layouts"].contains($0)
        }
        #expect(paths.kind == .checkout)
        #expect(paths.layoutsDirectory == repo + "/Layouts")
        #expect(paths.devicesDirectory == repo + "/Devices")
        #expect(paths.hallFile == repo + "/Halls/demo-hall.yaml")
        #expect(paths.dataDirectory == repo + "/data")
    }

    @Test("the test run itself is a checkout: the catalog finds the repository's profiles")
    func thisRun() throws {
        #expect(InstalledPaths.current.kind == .checkout)
        #expect(try !DeviceCatalog().printerProfiles().isEmpty)
    }
}
