import Foundation
import Hummingbird
import Logging

/// `GET /voice/calls/{number}/{window}[?recall=true]`: the spoken call as WAV, generated on first
/// request and cached under the data folder. The call boards fetch it for every `visitCalled` event
/// and play the files one after another.
///
/// Only a call that happened today is spoken: any other number, window or recall answers 404
/// without running espeak-ng, so the route cannot be used to fill the disk or the processor.
struct VoiceController {
    let hall: Hall
    let cache: VoiceCache
    let logger: Logger

    var endpoints: RouteCollection<HallRequestContext> {
        RouteCollection(context: HallRequestContext.self)
            .get("calls/:number/:window", use: call)
    }

    @Sendable func call(_ request: Request, context: HallRequestContext) async throws -> Response {
        let recall = ["1", "true"].contains(request.uri.queryParameters["recall"].map(String.init) ?? "")
        guard let window = Int(try context.parameters.require("window")),
            let call = CallAnnouncement(number: try context.parameters.require("number").uppercased(), window: window, recall: recall)
        else {
            throw APIError(.badRequest, "bad_call", zh: "号码或窗口号格式不正确", en: "The ticket number or window is malformed")
        }
        guard let day = await hall.callDay(number: call.number, window: call.window, recall: call.recall) else {
            throw APIError(
                .notFound, "no_such_call", zh: "今天没有叫过\(call.number)号到\(call.window)号窗口\(recall ? "（重呼）" : "")",
                en: "Ticket \(call.number) was not \(recall ? "recalled" : "called") to window \(call.window) today")
        }
        do {
            return try SafeFile.response(path: try await cache.file(for: call, day: day), cache: 86_400)
        } catch let error as VoiceCache.Unavailable {
            logger.error("voice synthesis failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, "voice_unavailable", zh: "语音合成不可用", en: "Speech synthesis is unavailable")
        }
    }
}
