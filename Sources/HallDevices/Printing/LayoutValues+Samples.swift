/// Sample values for test prints (`hall print-test`) and for the PNG renders in tests.
extension LayoutValues {
    public static let sampleTicket = LayoutValues(
        [
            "hall_name": "城关镇便民服务中心", "number": "A012", "service": "社保卡办理", "people_ahead": "3",
            "wait_minutes": "15", "issued_at": "2025-03-18 09:42", "qr": "https://hall.example/q/A012",
        ],
        lists: ["materials": ["居民身份证原件及复印件", "户口簿", "一寸白底彩色照片 2 张", "社保卡申领表（现场领取）"]])

    public static let sampleReceipt = LayoutValues([
        "hall_name": "城关镇便民服务中心", "case_number": "20250318-0042", "visit": "20250318-A042", "service": "城乡居民养老保险参保登记",
        "applicant": "王秀英", "accepted_on": "2025年3月18日", "promised_on": "2025年3月25日",
        "clerk": "李明", "window": "3号窗口", "qr": "https://hall.example/v/SL20250318-0042",
    ])

    public static let sampleNotice = LayoutValues(
        [
            "hall_name": "城关镇便民服务中心", "visit": "SL20250318-0043", "service": "低保申请", "issued_on": "2025年3月18日",
            "received_on": "2025年3月18日", "clerk": "李明", "window": "3号窗口",
        ],
        lists: ["missing": ["家庭成员收入证明（村委会盖章）", "户口簿全部成员页复印件", "银行卡（一卡通）复印件"]])

    // MARK: cases (办件)
    public static let sampleRefusal = LayoutValues([
        "hall_name": "城关镇便民服务中心", "visit": "20250318-C044", "service": "宅基地审批", "issued_on": "2025年3月18日",
        "reason": "申请人不属于本村集体经济组织成员", "basis": "《中华人民共和国土地管理法》第六十二条", "clerk": "李明", "window": "3号窗口",
        "supervision_phone": "0838-6201234", "qr": "https://hall.example/t/x7Kq2",
    ])

    public static let sampleReferral = LayoutValues([
        "hall_name": "城关镇便民服务中心", "visit": "20250318-B045", "service": "不动产登记", "issued_on": "2025年3月18日",
        "department": "县不动产登记中心", "address": "县城人民路1号政务服务中心二楼", "phone": "0838-6209999", "clerk": "李明",
        "window": "2号窗口", "qr": "https://hall.example/t/x7Kq3",
    ])
}
