/// Sample values for test prints (`hall print-test`) and for the PNG renders in tests.
extension LayoutValues {
    public static let sampleTicket = LayoutValues(
        [
            "hall_name": "城关镇便民服务中心", "number": "A012", "service": "社保卡办理", "people_ahead": "3",
            "wait_minutes": "15", "issued_at": "2025-03-18 09:42", "qr": "https://hall.example/q/A012",
        ],
        lists: ["materials": ["居民身份证原件及复印件", "户口簿", "一寸白底彩色照片 2 张", "社保卡申领表（现场领取）"]])

    public static let sampleReceipt = LayoutValues([
        "hall_name": "城关镇便民服务中心", "visit": "SL20250318-0042", "service": "城乡居民养老保险参保登记",
        "applicant": "王秀英", "accepted_on": "2025年3月18日", "promised_on": "2025年3月25日",
        "clerk": "李明", "window": "3号窗口", "qr": "https://hall.example/v/SL20250318-0042",
    ])

    public static let sampleNotice = LayoutValues(
        [
            "hall_name": "城关镇便民服务中心", "visit": "SL20250318-0043", "service": "低保申请", "issued_on": "2025年3月18日",
            "deadline": "2025年4月1日", "clerk": "李明", "window": "3号窗口",
        ],
        lists: ["missing": ["家庭成员收入证明（村委会盖章）", "户口簿全部成员页复印件", "银行卡（一卡通）复印件"]])
}
