import Foundation
import HallCore
import Hummingbird

extension HallRuntime {
    /// The evaluator tablet page (评价器) at each window: the clerk's card, 请评价 with the five
    /// levels while the window's last visit awaits its rating, and the reasons for a bad rating. The
    /// page rates through `POST /api/v1/visits/{id}/rating` with the evaluator's device token.
    func addEvaluatorRoutes(to router: Router<HallRequestContext>, settings: ScreenSettings) {
        router.get("evaluator/:window") { _, context in
            guard let number = Int(try context.parameters.require("window")), await hall.configuration.window(number) != nil else {
                throw APIError(.notFound, "unknown_window", zh: "没有这个窗口", en: "There is no such window")
            }
            guard let path = SafeFile.resolve("evaluator.html", in: settings.screensDirectory) else {
                throw APIError(
                    .notFound, "no_page", zh: "页面模板缺失：evaluator.html", en: "The page template evaluator.html is missing from the layouts folder")
            }
            return try SafeFile.response(path: path)
        }
    }
}
