/// One spoken call: "请A012号到3号窗口办理", with "重呼" for a recall.
///
/// espeak-ng's Mandarin voice that reads characters properly is `cmn-latn-pinyin`, which takes
/// pinyin with tone numbers; the fixed vocabulary of a call is converted here with a small table.
///
/// ```swift
/// CallAnnouncement(number: "A012", window: 3, recall: true)!.pinyin
/// // "chong2 hu1, qing3 ei1 ling2 yao1 er4 hao4, dao4 san1 hao4 chuang1 kou3 ban4 li3"
/// ```
struct CallAnnouncement: Sendable, Hashable {
    /// A ticket number: one letter and one to four digits.
    let number: String
    let window: Int
    let recall: Bool

    init?(number: String, window: Int, recall: Bool) {
        let scalars = Array(number.unicodeScalars)
        guard scalars.count >= 2, scalars.count <= 5, let first = scalars.first, CallAnnouncement.letters[Character(first)] != nil,
            scalars.dropFirst().allSatisfy({ $0.properties.numericType != nil && $0.isASCII }), (1...999).contains(window)
        else { return nil }
        self.number = number
        self.window = window
        self.recall = recall
    }

    /// What the board shows and the voice says, in characters.
    var text: String { "请\(number)号到\(window)号窗口办理" + (recall ? "（重呼）" : "") }

    /// The same in tone-numbered pinyin for espeak-ng. The recall mark is said first, so the
    /// resident hears at once that their number is called again.
    var pinyin: String {
        let ticket = number.map { c in CallAnnouncement.letters[c] ?? CallAnnouncement.digits[c] ?? "" }.joined(separator: " ")
        let call = "qing3 \(ticket) hao4, dao4 \(CallAnnouncement.cardinal(window)) hao4 chuang1 kou3 ban4 li3"
        return recall ? "chong2 hu1, " + call : call
    }

    /// The cache file name: only letters, digits and dashes, derived from checked values.
    var fileName: String { "\(number)-\(window)\(recall ? "-r" : "").wav" }

    /// Ticket digits are read one by one, 1 as "yao1" as callers do so it is not heard as 7.
    static let digits: [Character: String] = [
        "0": "ling2", "1": "yao1", "2": "er4", "3": "san1", "4": "si4", "5": "wu3", "6": "liu4", "7": "qi1", "8": "ba1", "9": "jiu3",
    ]

    /// Letters as Mandarin speakers say the Latin alphabet (A as "ei", B as "bi" …).
    static let letters: [Character: String] = [
        "A": "ei1", "B": "bi4", "C": "xi1", "D": "di4", "E": "yi4", "F": "ai2 fu1", "G": "ji4", "H": "ai1 qi1",
        "J": "jie4", "K": "kai4", "L": "ai2 lou2", "M": "ai1 mu3", "N": "en1", "P": "pi4", "Q": "kiu4", "R": "a1 er3",
        "S": "ai1 si1", "T": "ti4", "U": "you1", "V": "wei1", "W": "da1 bu5 liu3", "X": "ai1 ke4 si1", "Y": "wai4", "Z": "zei4",
    ]

    /// A window number as a Chinese cardinal (3 → san1, 12 → shi2 er4, 20 → er4 shi2, 105 → yi1 bai3 ling2 wu3).
    static func cardinal(_ n: Int) -> String {
        let units = ["ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"]
        switch n {
        case 0..<10: return units[n]
        case 10..<20: return n == 10 ? "shi2" : "shi2 " + units[n % 10]
        case 20..<100: return units[n / 10] + " shi2" + (n % 10 == 0 ? "" : " " + units[n % 10])
        default:
            let rest = n % 100
            let tail = rest == 0 ? "" : rest < 10 ? " ling2 " + units[rest] : rest < 20 ? " yi1 " + cardinal(rest) : " " + cardinal(rest)
            return units[n / 100] + " bai3" + tail
        }
    }
}
